"""tools/plot_sweep.py on hand-written results.csv files (the sweep contract's columns), so the
expected lines, points, means and fronts are known exactly."""
import os
import re
import shutil
import tempfile
import unittest

import tools_test_support as ts
import sweep_results as sr

HEADER = ("point,tile.adc.bits,tile.adc.range_mode,replicate,seed,status,exit_code,wall_s,"
          "energy_total_pj,top1_chip,output_rel_l2_error,output_layer,error")


def row(i, bits, mode, rep, energy, top1, err, status="ok", error=""):
    return (f"p{i:04d},{bits},{mode},{rep},{100 + i},{status},{0 if status == 'ok' else 1},0.5,"
            f"{energy},{top1},{err},fc2,{error}")


class PlotSweep(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="plot_sweep_test.")
        self.csv = os.path.join(self.dir, "results.csv")
        # 3 ADC widths x 2 range modes x 2 replicates, and one failed point at 9 bits
        rows, i = [], 0
        for bits in (4, 6, 8):
            for mode in ("fixed", "calibrated"):
                for rep in (0, 1):
                    top1 = bits / 10 + (0.05 if mode == "calibrated" else 0) + 0.02 * rep
                    rows.append(row(i, bits, mode, rep, 1000 * bits, top1, 1 / bits))
                    i += 1
        rows.append(row(i, 9, "fixed", 0, "", "", "", status="failed",
                        error='"exit 1: out of range, really"'))
        self.write(HEADER, *rows)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, *lines, name="results.csv"):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write("".join(line + "\n" for line in lines))
        return os.path.join(self.dir, name)

    def svg(self, *args):
        out = os.path.join(self.dir, "plot.svg")
        r = ts.tool("plot_sweep.py", self.csv, *args, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out) as f:
            return f.read(), r.stdout

    @staticmethod
    def markers(svg, gid):
        """Markers (points) drawn in the group with this id."""
        m = re.search(r'<g id="%s">(.*?)</g>' % re.escape(gid), svg, re.S)
        return len(re.findall(r"<use ", m.group(1))) if m else None

    def test_one_line_per_hue_value_with_a_point_per_axis_value(self):
        svg, out = self.svg("--x", "tile.adc.bits", "--y", "top1_chip", "--hue",
                            "tile.adc.range_mode")
        self.assertIn("(2 lines, 6 points)", out)
        self.assertEqual(sorted(set(re.findall(r'id="(line-\d+)"', svg))), ["line-0", "line-1"])
        # the failed 9-bit point is not plotted: three points per line
        self.assertEqual(self.markers(svg, "line-0"), 3)
        self.assertEqual(self.markers(svg, "line-1"), 3)
        self.assertIn("tile.adc.range_mode=fixed", svg)
        self.assertIn("tile.adc.range_mode=calibrated", svg)
        # two replicates per point: one error bar per point
        self.assertEqual(len(re.findall(r'id="errorbars-0-0"', svg)), 1)

    def test_an_axis_not_named_gets_its_own_lines_not_an_average(self):
        svg, out = self.svg("--x", "tile.adc.bits", "--y", "energy_total_pj")
        self.assertIn("(2 lines, 6 points)", out)

    def test_facet_draws_one_panel_per_value(self):
        svg, out = self.svg("--x", "tile.adc.bits", "--y", "top1_chip", "--facet",
                            "tile.adc.range_mode")
        self.assertIn("(2 lines, 6 points)", out)
        self.assertEqual(len(re.findall(r'<g id="axes_\d+">', svg)), 2)
        self.assertIn("tile.adc.range_mode=fixed", svg)

    def test_categorical_axis_on_x(self):
        svg, out = self.svg("--x", "tile.adc.range_mode", "--y", "top1_chip")
        self.assertIn("(3 lines, 6 points)", out)

    def test_random_search_points_are_unconnected_on_a_log_axis(self):
        # every (range mode) has one ADC width: lines of one point each would say nothing
        self.csv = self.write(HEADER, row(0, 1, "fixed", 0, 10, 0.5, 0.1),
                              row(1, 30, "calibrated", 0, 20, 0.6, 0.2),
                              row(2, 2000, "auto", 0, 30, 0.7, 0.3), name="random.csv")
        svg, out = self.svg("--x", "tile.adc.bits", "--y", "top1_chip")
        self.assertIn("(1 unconnected series, 3 points: lines through the other axes' "
                      "configurations would hold < 2 points on average or be > 20)", out)
        self.assertEqual(self.markers(svg, "line-0"), 3)
        self.assertIn("10^{3}", svg)  # a log axis: 1 .. 2000 spans more than 3 decades

    def test_pareto_front_labels_the_dominating_points(self):
        # energy grows with bits, top-1 too: every calibrated point is on the front (better
        # top-1 than fixed at the same energy), the fixed ones are dominated
        svg, out = self.svg("--pareto", "energy_total_pj,top1_chip")
        self.assertIn("(6 points, 3 on the Pareto front)", out)
        self.assertEqual(self.markers(svg, "points"), 6)
        labels = re.findall(r'<g id="pareto-label-\d+">\s*(?:<!--.*?-->)?\s*<g[^>]*>\s*'
                            r'<text[^>]*>([^<]*)</text>', svg, re.S)
        labels = labels or re.findall(r'<g id="pareto-label-\d+">.*?<text[^>]*>([^<]*)</text>',
                                      svg, re.S)
        self.assertEqual(labels, [f"tile.adc.bits={b}, tile.adc.range_mode=calibrated"
                                  for b in (4, 6, 8)])

    def test_pareto_direction_override(self):
        # maximising energy and minimising top-1: now the fixed-range points win
        svg, out = self.svg("--pareto", "energy_total_pj:max,top1_chip:min")
        self.assertIn("(6 points, 3 on the Pareto front)", out)
        self.assertEqual(len(re.findall(r"range_mode=fixed</text>", svg)), 3)
        self.assertNotIn("range_mode=calibrated</text>", svg)

    def test_png_is_written_and_not_blank(self):
        out = os.path.join(self.dir, "plot.png")
        r = ts.tool("plot_sweep.py", self.csv, "--x", "tile.adc.bits", "--y",
                    "output_rel_l2_error", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        colours, ink = ts.png_colours(out)
        self.assertGreater(colours, 2)
        self.assertGreater(ink, 0.01)

    def test_default_output_is_next_to_the_csv(self):
        r = ts.tool("plot_sweep.py", self.csv, "--x", "tile.adc.bits", "--y", "top1_chip")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "top1_chip_vs_tile.adc.bits.png")))

    def fails(self, args, message, csv=None):
        out = os.path.join(self.dir, "bad.png")
        if "--out" not in args:
            args = [*args, "--out", out]
        r = ts.tool("plot_sweep.py", csv or self.csv, *args)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(message, r.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertEqual([f for f in os.listdir(self.dir) if "partial" in f], [])

    def test_unknown_column(self):
        self.fails(["--x", "tile.adc.bits", "--y", "top1"],
                   "results.csv: --y metric 'top1' is not a column; did you mean 'top1_chip'?")
        self.fails(["--x", "tile.adc.bitz", "--y", "top1_chip"],
                   "--x key 'tile.adc.bitz' is not a column; did you mean 'tile.adc.bits'?")
        self.fails(["--pareto", "energy_total_pj,top1_chipp"],
                   "--pareto metric 'top1_chipp' is not a column")

    def test_x_must_be_an_axis(self):
        self.fails(["--x", "wall_s", "--y", "top1_chip"],
                   "--x 'wall_s' is not an axis of the sweep (axes: tile.adc.bits, "
                   "tile.adc.range_mode)")

    def test_non_numeric_metric(self):
        self.fails(["--x", "tile.adc.bits", "--y", "output_layer"],
                   "--y metric 'output_layer' must be numeric; row 2 (point p0000) has 'fc2'")

    def test_empty_csv_and_header_only(self):
        self.fails(["--x", "a", "--y", "b"], "empty.csv: empty file (no header, no rows)",
                   csv=self.write(name="empty.csv"))
        self.fails(["--x", "tile.adc.bits", "--y", "top1_chip"],
                   "header.csv: no rows (only the header)", csv=self.write(HEADER,
                                                                           name="header.csv"))

    def test_no_ok_rows(self):
        csv = self.write(HEADER, row(0, 4, "fixed", 0, "", "", "", status="timeout"),
                         name="failed.csv")
        self.fails(["--x", "tile.adc.bits", "--y", "top1_chip"],
                   "failed.csv: no row with status ok (1 rows: timeout)", csv=csv)

    def test_bad_out_and_bad_pareto(self):
        self.fails(["--x", "tile.adc.bits", "--y", "top1_chip", "--out", "x.pdf"],
                   "--out 'x.pdf': the file must end in .png or .svg")
        self.fails(["--pareto", "energy_total_pj"], "--pareto 'energy_total_pj': expected two")
        self.fails(["--pareto", "energy_total_pj:up,top1_chip"],
                   "direction 'up' of 'energy_total_pj' must be min or max")


class SweepResults(unittest.TestCase):
    """The arithmetic behind the plots."""

    def test_mean_and_sample_std_over_replicates(self):
        import pandas as pd
        df = pd.DataFrame({"a": ["1", "1", "1", "2"], "point": ["p0", "p1", "p2", "p3"]})
        agg = sr.aggregate(df, pd.Series([1.0, 2.0, 6.0, 5.0]), ["a"])
        self.assertEqual(list(agg["mean"]), [3.0, 5.0])
        self.assertAlmostEqual(agg["std"][0], 7 ** 0.5, places=12)  # var = (4+1+9)/2
        self.assertEqual(agg["std"][1], 0.0)
        self.assertEqual(list(agg["n"]), [3, 1])

    def test_no_axes_means_every_row_replicates_one_point(self):
        import pandas as pd
        df = pd.DataFrame({"point": ["p0", "p1"]})
        agg = sr.aggregate(df, pd.Series([2.0, 4.0]), [])
        self.assertEqual(list(agg["mean"]), [3.0])
        self.assertEqual(list(agg["n"]), [2])

    def test_lines_or_unconnected_points(self):
        import pandas as pd

        def agg(lines, points):
            return pd.DataFrame({"b": [str(i) for i in range(lines) for _ in range(points)]})

        self.assertFalse(sr.unconnected(agg(3, 5), ["b"]))  # a grid: 3 lines of 5 points
        self.assertFalse(sr.unconnected(agg(20, 2), ["b"]))
        self.assertTrue(sr.unconnected(agg(21, 2), ["b"]))  # too many lines to read
        self.assertTrue(sr.unconnected(agg(8, 1), ["b"]))  # a random search
        mixed = pd.DataFrame({"b": ["0", "1", "1", "1"]})  # 1 and 3 points: 2 on average
        self.assertFalse(sr.unconnected(mixed, ["b"]))
        self.assertFalse(sr.unconnected(agg(8, 1), []))  # no other axis: one line

    def test_pareto_front(self):
        xs, ys = [1, 2, 3, 4, 2], [0.5, 0.7, 0.6, 0.9, 0.7]
        # min x, max y: (3, 0.6) is beaten by (2, 0.7); the two equal points both stay
        self.assertEqual(sr.pareto_front(xs, ys, "min", "max"), [0, 1, 4, 3])
        self.assertEqual(sr.pareto_front(xs, ys, "max", "min"), [0, 2, 3])

    def test_directions(self):
        self.assertEqual(sr.parse_pareto("energy_total_pj,top1_chip"),
                         [("energy_total_pj", "min"), ("top1_chip", "max")])
        self.assertEqual(sr.parse_pareto("latency_mean_ns,chip_tops_per_w:min"),
                         [("latency_mean_ns", "min"), ("chip_tops_per_w", "min")])


if __name__ == "__main__":
    unittest.main()
