#!/usr/bin/python3
"""HTML report of a run or a sweep directory (Debian python3-plotly, python3-pandas,
python3-yaml): writes DIR/report.html, one self-contained file that works offline (plotly's
JavaScript is embedded from the Debian package; no CDN, no other file).

  tools/report.py DIR
      DIR with summary.json and config.resolved.yaml (a `kirchhoff run --out DIR`): key figures,
      energy by category, by layer and by tile as a heat map over the floorplan, the latency
      statistics, per-layer error and clipping, the tiles and the resolved configuration.
      DIR with results.csv and sweep.json (a `kirchhoff sweep --out DIR`): the sweep's facts,
      the results table (sortable), every main metric against every axis (mean ± std over
      replicates) and the energy vs top-1 Pareto front (vs the output error without labels).
  --out FILE   write the page elsewhere (default DIR/report.html)

Exit 2 (nothing written) when DIR is neither, or its files cannot be read.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_run  # noqa: E402
import report_sweep  # noqa: E402
import sweep_results as sr  # noqa: E402

import yaml  # noqa: E402


def kind(d):
    if all(os.path.isfile(os.path.join(d, f)) for f in ("results.csv", "sweep.json")):
        return "sweep"
    if all(os.path.isfile(os.path.join(d, f)) for f in ("summary.json", "config.resolved.yaml")):
        return "run"
    return None


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n", 1)[1])
    p.add_argument("dir", help="a run or sweep output directory")
    p.add_argument("--out", help="the HTML file (default DIR/report.html)")
    args = p.parse_args(argv)
    k = kind(args.dir)
    if k is None:
        print(f"report: {args.dir}: not a run directory (summary.json + config.resolved.yaml) "
              f"nor a sweep directory (results.csv + sweep.json)", file=sys.stderr)
        return 2
    try:
        page = (report_sweep if k == "sweep" else report_run).build(args.dir)
    except sr.ResultsError as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, yaml.YAMLError, KeyError, OSError) as e:
        what = f"missing key {e}" if isinstance(e, KeyError) else str(e)
        print(f"report: {args.dir}: cannot read the {k} directory's files: {what}",
              file=sys.stderr)
        return 2
    out = args.out or os.path.join(args.dir, "report.html")
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(page.render())

    try:
        sr.write_atomic(out, write)
    except OSError as e:
        print(f"report: {out}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"report: wrote {out} ({k}, {page.charts} charts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
