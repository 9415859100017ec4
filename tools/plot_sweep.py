#!/usr/bin/python3
"""Plots of a sweep's results.csv (Debian python3-matplotlib, python3-pandas).

  tools/plot_sweep.py DIR/results.csv --x KEY --y METRIC [--hue KEY] [--facet KEY] [--out F]
      one line per configuration of the other axes: the mean of METRIC over the replicates
      (rows differing only in `replicate`/`seed`) against axis KEY, error bars +-1 sample
      standard deviation (none with one replicate); --hue colours the lines by an axis,
      --facet draws one panel per value of an axis. Axes not named by --x/--hue/--facet get
      a line each (labelled by their values), never averaged together; when such lines would
      hold fewer than 2 points on average (a random search) or be more than 20, the points
      are drawn unconnected instead (one series per --hue value). An
      axis of positive numbers spanning >= 3 decades is drawn on a log scale.
  tools/plot_sweep.py DIR/results.csv --pareto X,Y [--hue KEY] [--out F]
      every configuration (mean over replicates) as a point of metric X against metric Y,
      and the Pareto front: the points no other point beats on both metrics, joined by a line
      and labelled by their axis values. Directions: `top1_chip`, `top1_reference`, the
      throughput and every TOPS and TOPS/W column are maximised, every other metric (energy,
      latency, error, time) is minimised; `X:max` or `Y:min` overrides one (e.g.
      --pareto energy_total_pj,top1_chip: least energy, best accuracy).

Only rows with status ok are plotted. --out FILE.png or FILE.svg (default: next to the CSV,
METRIC_vs_KEY.png or pareto_X_vs_Y.png). Bad input (a missing or empty CSV, an unknown column,
a non-numeric metric) exits 2 with a message naming the file and the column. In an SVG, each
line is a group with id `line-N` (its points are its markers), the Pareto points are the group
`points`, the front `pareto-front` and its labels `pareto-label-N`.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_results as sr  # noqa: E402


def pyplot():
    """matplotlib, imported once the input is known good (bad input fails fast)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "kirchhoff"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, testable)
    import matplotlib.pyplot as plt

    return plt


def positions(values, numeric):
    """x positions of axis values: the numbers, or 0..n-1 for categories."""
    if numeric:
        return {v: float(v) for v in values}
    return {v: float(i) for i, v in enumerate(values)}


def line_plot(args, df, axes, path):
    for what, key in (("--x", args.x), ("--hue", args.hue), ("--facet", args.facet)):
        if key is None:
            continue
        sr.check_column(df, path, key, f"{what} key")
        if key not in axes:
            raise sr.ResultsError(f"{path}: {what} '{key}' is not an axis of the sweep "
                                  f"(axes: {', '.join(axes) or 'none'})")
    if args.y is None:
        raise sr.ResultsError("--y METRIC is required (or --pareto X,Y)")
    sr.check_column(df, path, args.y, "--y metric")
    ok = sr.ok_rows(df, path)
    y = sr.numeric(ok, path, args.y, "--y metric")
    others = [a for a in axes if a not in (args.x, args.hue, args.facet)]
    line_keys = ([args.hue] if args.hue else []) + others
    keys = ([args.facet] if args.facet else []) + line_keys + [args.x]
    agg = sr.aggregate(ok, y, keys)
    scattered = sr.unconnected(agg, ([args.facet] if args.facet else []) + line_keys)
    if scattered:  # a random search: one unconnected series (per hue value)
        line_keys = [args.hue] if args.hue else []
    x_values, x_numeric = sr.axis_values(agg[args.x])
    xpos = positions(x_values, x_numeric)
    facets = sr.axis_values(agg[args.facet])[0] if args.facet else [None]
    hues = sr.axis_values(agg[args.hue])[0] if args.hue else [None]
    colours = {h: f"C{i % 10}" for i, h in enumerate(hues)}
    styles = ["-", "--", ":", "-."]

    plt = pyplot()
    fig, panels = plt.subplots(1, len(facets), figsize=(6.4 * len(facets), 4.8), squeeze=False,
                               sharey=True)
    n_lines = n_points = 0
    for ax, facet in zip(panels[0], facets):
        sub = agg if facet is None else agg[agg[args.facet] == facet]
        if not line_keys:
            groups = [((), sub)]
        else:  # one key by name: pandas then yields scalars, not 1-tuples
            groups = sub.groupby(line_keys if len(line_keys) > 1 else line_keys[0], sort=False)
        for gi, (gkey, g) in enumerate(groups):
            gkey = gkey if isinstance(gkey, tuple) else (gkey,)
            g = g.assign(_x=g[args.x].map(xpos)).sort_values("_x")
            hue = g[args.hue].iloc[0] if args.hue else None
            colour = colours[hue] if args.hue else f"C{gi % 10}"
            style = styles[(gi // max(1, len(hues))) % len(styles)] if args.hue else "-"
            name = sr.label(dict(zip(line_keys, gkey)), line_keys) or args.y
            has_err = bool((g["n"] > 1).any())
            if scattered:
                style, name = "", (name if args.hue else "configurations")
            cont = ax.errorbar(g["_x"], g["mean"], yerr=g["std"] if has_err else None,
                               fmt="", marker="o", color=colour, capsize=3, label=name,
                               linestyle="none" if scattered else style)
            cont.lines[0].set_gid(f"line-{n_lines}")
            for j, bars in enumerate(cont.lines[2]):
                bars.set_gid(f"errorbars-{n_lines}-{j}")
            n_lines += 1
            n_points += len(g)
        ax.set_xlabel(args.x)
        if sr.log_scale(x_values, x_numeric):
            ax.set_xscale("log")
        if not x_numeric:
            ax.set_xticks([xpos[v] for v in x_values], x_values)
        if facet is not None:
            ax.set_title(f"{args.facet}={facet}")
        ax.grid(True, alpha=0.3)
        if line_keys or scattered:
            ax.legend(fontsize="small")
    panels[0][0].set_ylabel(f"{args.y} (mean ± std over replicates)")
    if scattered:
        return fig, (f"{n_lines} unconnected series, {n_points} points: lines through the "
                     f"other axes' configurations would hold < 2 points on average or be "
                     f"> {sr.MAX_LINES}")
    return fig, f"{n_lines} lines, {n_points} points"


def pareto_plot(args, df, axes, path):
    if args.facet:
        raise sr.ResultsError("--facet does not apply to --pareto")
    (xm, xdir), (ym, ydir) = sr.parse_pareto(args.pareto)
    sr.check_column(df, path, xm, "--pareto metric")
    sr.check_column(df, path, ym, "--pareto metric")
    if args.hue:
        sr.check_column(df, path, args.hue, "--hue key")
        if args.hue not in axes:
            raise sr.ResultsError(f"{path}: --hue '{args.hue}' is not an axis of the sweep "
                                  f"(axes: {', '.join(axes) or 'none'})")
    ok = sr.ok_rows(df, path)
    xs = sr.numeric(ok, path, xm, "--pareto metric")
    ys = sr.numeric(ok, path, ym, "--pareto metric")
    keys = axes if axes else ["point"]
    ax_ = sr.aggregate(ok, xs, keys).rename(columns={"mean": "x", "std": "xstd"})
    ay = sr.aggregate(ok, ys, keys).rename(columns={"mean": "y", "std": "ystd"})
    pts = ax_.merge(ay[keys + ["y", "ystd"]], on=keys).reset_index(drop=True)
    if pts.empty:
        raise sr.ResultsError(f"{path}: no ok row has both '{xm}' and '{ym}'")
    front = sr.pareto_front(list(pts["x"]), list(pts["y"]), xdir, ydir)

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 6))
    if args.hue:
        colours = [f"C{sr.axis_values(pts[args.hue])[0].index(h) % 10}" for h in pts[args.hue]]
    else:
        colours = "C0"
    sc = ax.scatter(pts["x"], pts["y"], c=colours, s=30, alpha=0.7, label="configurations")
    sc.set_gid("points")
    if (pts["xstd"] > 0).any() or (pts["ystd"] > 0).any():
        eb = ax.errorbar(pts["x"], pts["y"], xerr=pts["xstd"], yerr=pts["ystd"], fmt="none",
                         ecolor="0.6", elinewidth=0.8)
        for j, bars in enumerate(eb.lines[2]):
            bars.set_gid(f"pareto-errorbars-{j}")
    fx = [pts.at[i, "x"] for i in front]
    fy = [pts.at[i, "y"] for i in front]
    (fl,) = ax.plot(fx, fy, "-", color="C3", marker="D", markersize=6, label="Pareto front")
    fl.set_gid("pareto-front")
    for n, i in enumerate(front):
        t = ax.annotate(sr.label(pts.loc[i], keys), (pts.at[i, "x"], pts.at[i, "y"]),
                        textcoords="offset points", xytext=(6, 6), fontsize=7)
        t.set_gid(f"pareto-label-{n}")
    ax.set_xlabel(f"{xm} ({'lower' if xdir == 'min' else 'higher'} is better)")
    ax.set_ylabel(f"{ym} ({'lower' if ydir == 'min' else 'higher'} is better)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return fig, f"{len(pts)} points, {len(front)} on the Pareto front"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n", 1)[1])
    p.add_argument("csv", help="a sweep's results.csv")
    p.add_argument("--x", help="axis key on the x axis (a column between point and replicate)")
    p.add_argument("--y", help="metric on the y axis")
    p.add_argument("--hue", help="axis key that colours the lines")
    p.add_argument("--facet", help="axis key with one panel per value")
    p.add_argument("--pareto", metavar="X,Y", help="Pareto front of two metrics")
    p.add_argument("--out", help="FILE.png or FILE.svg")
    args = p.parse_args(argv)
    try:
        if args.out and os.path.splitext(args.out)[1].lower() not in (".png", ".svg"):
            raise sr.ResultsError(f"--out '{args.out}': the file must end in .png or .svg")
        if not args.pareto and not args.x:
            raise sr.ResultsError("give --x KEY --y METRIC, or --pareto X,Y")
        df, axes = sr.load(args.csv)
        if args.pareto:
            fig, what = pareto_plot(args, df, axes, args.csv)
            default = "pareto_{}_vs_{}.png".format(*[a for a, _ in sr.parse_pareto(args.pareto)])
        else:
            fig, what = line_plot(args, df, axes, args.csv)
            default = f"{args.y}_vs_{args.x}.png"
    except sr.ResultsError as e:
        print(f"plot_sweep: {e}", file=sys.stderr)
        return 2
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.csv)), default)
    fig.tight_layout()
    meta = {"Date": None} if out.endswith(".svg") else None
    try:
        sr.write_atomic(out, lambda tmp: fig.savefig(tmp, dpi=120, bbox_inches="tight", metadata=meta))
    except OSError as e:
        print(f"plot_sweep: {out}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"plot_sweep: wrote {out} ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
