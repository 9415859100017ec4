"""tools/report.py on a real run directory and a real sweep directory (`kirchhoff sweep`), each
page opened in headless Debian chromium: no script errors, every chart drawn with the marks its
data gives, a screenshot that is not blank."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import yaml

import tools_test_support as ts  # first: puts tools/ on sys.path
import page_dom
import report_html
import report_run


class Report(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="report_test.")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def render(self, d, window="1400,2000"):
        """report.py on d, the page loaded in chromium: (report stdout, parsed DOM, png)."""
        r = ts.tool("report.py", d)
        self.assertEqual(r.returncode, 0, r.stderr)
        page = os.path.join(d, "report.html")
        with open(page, encoding="utf-8") as f:
            text = f.read()
        # self-contained: no script, style or image fetched from anywhere
        self.assertIsNone(re.search(r'<(script|link|img)[^>]+(src|href)=', text))
        self.assertIn("plotly.js v", text)
        png = os.path.join(self.dir, "shot.png")
        dom = page_dom.inspect(ts.chromium(page, png, window))
        self.assertEqual(dom.errors_count, 0, dom.errors_text)
        self.assertEqual(dom.errors_text.strip(), "")
        colours, ink = ts.png_colours(png)
        self.assertGreater(colours, 16)
        self.assertGreater(ink, 0.02)
        return r.stdout, dom, text

    def assert_charts_drawn(self, dom, count):
        self.assertEqual(dom.expected_charts, count)
        self.assertEqual(sorted(dom.charts), sorted(f"chart-{i}" for i in range(count)))
        for cid in dom.charts:
            self.assertGreaterEqual(dom.charts[cid]["svg"], 1, cid)
            self.assertGreater(dom.marks(cid), 0, cid)

    def test_run_report_renders_every_chart(self):
        run = os.path.join(self.dir, "run")
        subprocess.run([ts.BINARY, "run", "--samples", "4", "--out", run], check=True,
                       capture_output=True)
        out, dom, text = self.render(run)
        self.assertIn("(run, 5 charts)", out)
        self.assert_charts_drawn(dom, 5)
        with open(os.path.join(run, "summary.json")) as f:
            s = json.load(f)
        categories = [c for c in s["energy_pj"] if c != "total"]
        self.assertEqual(dom.charts["chart-0"]["bars"], len(categories))
        layers = {t["layer"] for t in s["tiles"]}
        used = {c for t in s["tiles"] for c, v in t["energy_pj"].items() if c != "total" and v}
        self.assertEqual(dom.charts["chart-1"]["bars"], len(layers) * len(used))
        self.assertEqual(dom.charts["chart-2"]["images"], 1)  # the floorplan heat map
        # the latency histogram: one bar per bin that holds samples
        hist = s["latency_histogram_ns"]
        self.assertEqual(sum(hist["counts"]), 4)
        self.assertEqual(dom.charts["chart-3"]["bars"], sum(1 for c in hist["counts"] if c))
        self.assertEqual(dom.charts["chart-4"]["bars"], len(s["layer_rel_l2_error"]))
        self.assertIn("equal-width bins from summary.json&#x27;s latency_histogram_ns", text)
        for layer in s["layer_rel_l2_error"]:
            self.assertIn(f'<td class="text">{layer}</td>', text)
        self.assertIn("mesh_cols: 8", text)  # the configuration

    def test_sweep_report_renders_table_metric_plots_and_pareto(self):
        sweep = os.path.join(self.dir, "sweep")
        spec = os.path.join(self.dir, "adc_x_dac.yaml")
        with open(spec, "w") as f:
            f.write(f"name: adc_x_dac\n"
                    f"base: {os.path.join(ts.SOURCE_DIR, 'configs', 'chips', 'hermes64.yaml')}\n"
                    "run:\n  samples: 2\n"
                    "grid:\n  tile.adc.bits: [4, 8]\n  tile.dac.bits: [4, 6, 8]\n"
                    "seeds: 2\n")
        subprocess.run([ts.BINARY, "sweep", spec, "--out", sweep, "-j", "2", "--quiet"],
                       check=True, capture_output=True)
        out, dom, text = self.render(sweep, window="1400,3000")
        # 2 axes x 6 main metrics + the Pareto plot
        self.assertIn("(sweep, 13 charts)", out)
        self.assert_charts_drawn(dom, 13)
        for i in range(6):  # vs tile.adc.bits: a line per DAC width, 2 points each
            self.assertEqual(dom.charts[f"chart-{i}"]["lines"], 3)
            self.assertEqual(dom.charts[f"chart-{i}"]["points"], 6)
        for i in range(6, 12):  # vs tile.dac.bits: a line per ADC width, 3 points each
            self.assertEqual(dom.charts[f"chart-{i}"]["lines"], 2)
            self.assertEqual(dom.charts[f"chart-{i}"]["points"], 6)
        pareto = dom.charts["chart-12"]
        m = re.search(r"(\d+) of 6 are on it", text)
        self.assertIsNotNone(m)
        self.assertEqual(pareto["points"], 6 + int(m.group(1)))
        self.assertIn("Kirchhoff sweep report: adc_x_dac", text)
        # plot_sweep.py on the same real results.csv
        svg = os.path.join(self.dir, "top1.svg")
        r = ts.tool("plot_sweep.py", os.path.join(sweep, "results.csv"), "--x", "tile.adc.bits",
                    "--y", "top1_chip", "--hue", "tile.dac.bits", "--out", svg)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("(3 lines, 6 points)", r.stdout)
        r = ts.tool("plot_sweep.py", os.path.join(sweep, "results.csv"), "--pareto",
                    "energy_total_pj,top1_chip", "--out", svg)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"(6 points, {m.group(1)} on the Pareto front)", r.stdout)
        self.assertIn("<details><summary>base configuration", text)
        # the results table: one row per CSV row, sortable
        self.assertEqual(text.count('<table class="sortable">'), 1)
        self.assertEqual(len(re.findall(r'<td class="text">p\d{4}</td>', text)), 12)
        with open(os.path.join(sweep, "sweep.json")) as f:
            seeds = [p["seed"] for p in json.load(f)["points"]]
        for seed in seeds:  # integers shown exactly (a point's seed reruns it)
            self.assertIn(f">{seed}</td>", text)

    def test_random_sweep_metric_plots_are_unconnected_points(self):
        # a random search (each configuration has its own value of every axis) and a failed
        # point: no one-point lines, a log axis for the time since programming, the failed
        # row shaded in the table and left out of the plots
        d = os.path.join(self.dir, "random")
        os.mkdir(d)
        header = ("point,tile.adc.bits,tile.read.time_since_programming_s,replicate,seed,"
                  "status,exit_code,wall_s,energy_total_pj,top1_chip,error")
        rows = ["p0000,4,10,0,1,ok,0,0.1,100,0.5,", "p0001,6,3000,0,2,ok,0,0.1,200,0.7,",
                "p0002,8,1e6,0,3,ok,0,0.1,300,0.6,", 'p0003,5,20,0,4,failed,1,0.1,,,"boom"']
        with open(os.path.join(d, "results.csv"), "w") as f:
            f.write("\n".join([header, *rows]) + "\n")
        with open(os.path.join(d, "sweep.json"), "w") as f:
            json.dump({"name": "random", "root_seed": 1, "points": [{"id": f"p000{i}"}
                                                                    for i in range(5)]}, f)
        r = ts.tool("report.py", d)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("(sweep, 5 charts)", r.stdout)  # 2 axes x 2 metrics + Pareto
        with open(os.path.join(d, "report.html")) as f:
            text = f.read()
        specs = {json.loads(m.group(1))["layout"]["title"]["text"]: json.loads(m.group(1))
                 for m in re.finditer(r"var f = (\{.*?\}); Plotly\.newPlot", text)}
        t = specs["top1_chip vs tile.read.time_since_programming_s"]
        self.assertEqual(len(t["data"]), 1)
        self.assertEqual(t["data"][0]["mode"], "markers")
        self.assertEqual(t["data"][0]["y"], [0.5, 0.7, 0.6])  # the failed point is not there
        self.assertEqual(t["layout"]["xaxis"]["type"], "log")
        self.assertNotIn("type", specs["top1_chip vs tile.adc.bits"]["layout"].get("xaxis", {}))
        self.assertEqual(text.count('<tr class="failed">'), 1)
        self.assertIn("points without a row (not run yet)", text)

    def test_page_records_script_errors(self):
        page = report_html.Page("error capture")
        page.raw("<script>no_such_function_in_the_page();</script>")
        page.raw("<script>console.error('reported', 42);</script>")
        path = os.path.join(self.dir, "errors.html")
        with open(path, "w") as f:
            f.write(page.render())
        dom = page_dom.inspect(ts.chromium(path, os.path.join(self.dir, "e.png")))
        self.assertEqual(dom.errors_count, 2, dom.errors_text)
        self.assertIn("no_such_function_in_the_page is not defined", dom.errors_text)
        self.assertIn("console.error: reported 42", dom.errors_text)

    def test_sortable_table_sorts_numbers_numerically(self):
        page = report_html.Page("sorting")
        page.raw(report_html.table(["point", "energy_pj"],
                                   [["p0", "9"], ["p1", "10"], ["p2", "1e3"], ["p3", "2.5"]],
                                   sortable=True))
        # a click on the energy header once the page is ready, as a user would
        page.raw("<script>document.addEventListener('DOMContentLoaded', function () {"
                 "document.querySelectorAll('th')[1].click(); });</script>")
        path = os.path.join(self.dir, "sort.html")
        with open(path, "w") as f:
            f.write(page.render())
        dom = ts.chromium(path, os.path.join(self.dir, "s.png"))
        self.assertEqual(page_dom.inspect(dom).errors_count, 0)
        self.assertEqual(re.findall(r'<td class="text">(p\d)</td>', dom),
                         ["p3", "p0", "p1", "p2"])  # 2.5 < 9 < 10 < 1000, not "10" < "2.5"
        self.assertIn('data-sort="asc"', dom)

    def test_floorplan_matches_kirchhoff_info(self):
        chip = os.path.join(ts.SOURCE_DIR, "configs", "chips", "hermes64.yaml")
        for sets in ([], ["chip.mesh_cols=5", "chip.mesh_rows=3", "chip.tiles=10",
                          "chip.global_dpus=2", "host.ports=2"]):
            args = [a for s in sets for a in ("--set", s)]
            info = subprocess.run([ts.BINARY, "info", chip, *args], check=True,
                                  capture_output=True, text=True).stdout
            resolved = subprocess.run([ts.BINARY, "validate", chip, *args, "--print"],
                                      check=True, capture_output=True, text=True).stdout
            cfg = yaml.safe_load(resolved)
            cols, rows, tiles, dpus, ports = report_run.floorplan(cfg["chip"], cfg["host"])
            want = {(k, int(i)): (int(x), int(y)) for k, i, x, y in re.findall(
                r"(analog tile|global DPU) (\d+) at \((\d+), (\d+)\)", info)}
            # host ports: "Hp>" before row y of the floorplan picture (they take no node)
            picture = info.split("D global DPU):\n", 1)[1].split("\n\n", 1)[0].split("\n")
            self.assertEqual(len(picture), rows)
            for y, line in enumerate(picture):
                m = re.match(r"H(\d+)>", line)
                if m:
                    want[("host port", int(m.group(1)))] = (0, y)
            got = {("analog tile", t): xy for t, xy in tiles.items()}
            got.update({("global DPU", d): xy for d, xy in dpus.items()})
            got.update({("host port", p): (0, p) for p in ports})
            self.assertEqual(len(ports), 2 if sets else 1)
            self.assertEqual(got, want, sets)
            self.assertIn(f"on a {cols} x {rows} network", info)

    def test_bad_directories_exit_2_and_write_nothing(self):
        r = ts.tool("report.py", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"report: {self.dir}: not a run directory (summary.json + "
                      f"config.resolved.yaml) nor a sweep directory (results.csv + sweep.json)",
                      r.stderr)
        for name, text in (("summary.json", "{not json"), ("config.resolved.yaml", "sim: {}\n")):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(text)
        r = ts.tool("report.py", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read the run directory's files", r.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["config.resolved.yaml", "summary.json"])


if __name__ == "__main__":
    unittest.main()
