"""The report of a sweep directory (results.csv + sweep.json) for tools/report.py."""
import json
import os

import plotly.graph_objects as go

import report_html as rh
import sweep_results as sr

# The metrics plotted against every axis, when the sweep's ok rows have them.
MAIN_METRICS = ["top1_chip", "output_rel_l2_error", "energy_total_pj", "latency_mean_ns",
                "throughput_samples_per_s", "chip_tops_per_w"]


def present_metrics(ok, path):
    """The MAIN_METRICS with at least one value in the ok rows (as float Series)."""
    out = {}
    for m in MAIN_METRICS:
        if m in ok.columns and (ok[m] != "").any():
            out[m] = sr.numeric(ok, path, m, "metric")
    return out


def metric_vs_axis(page, ok, axes, axis, metric, y):
    others = [a for a in axes if a != axis]
    agg = sr.aggregate(ok, y, others + [axis])
    x_values, x_numeric = sr.axis_values(agg[axis])
    order = {v: i for i, v in enumerate(x_values)}
    fig = go.Figure()
    if sr.unconnected(agg, others):
        # a random search (or too many lines): the configurations as unconnected points, the
        # other axes' values on hover
        g = agg.assign(_o=agg[axis].map(order)).sort_values("_o")
        fig.add_trace(go.Scatter(
            x=[float(v) for v in g[axis]] if x_numeric else list(g[axis]), y=list(g["mean"]),
            mode="markers", name="configurations",
            text=[sr.label(r, others) for _, r in g.iterrows()],
            hovertemplate="%{text}<br>%{x}, %{y:.4g}<extra></extra>",
            error_y=dict(type="data", array=list(g["std"]), visible=bool((g["n"] > 1).any()))))
        others = []
    else:
        groups = [((), agg)] if not others else agg.groupby(
            others if len(others) > 1 else others[0], sort=False)
        for key, g in groups:
            key = key if isinstance(key, tuple) else (key,)
            g = g.assign(_o=g[axis].map(order)).sort_values("_o")
            xs = [float(v) for v in g[axis]] if x_numeric else list(g[axis])
            fig.add_trace(go.Scatter(
                x=xs, y=list(g["mean"]), mode="lines+markers",
                name=sr.label(dict(zip(others, key)), others) or metric,
                error_y=dict(type="data", array=list(g["std"]),
                             visible=bool((g["n"] > 1).any()))))
    fig.update_layout(title=f"{metric} vs {axis}", xaxis_title=axis,
                      yaxis_title=f"{metric} (mean ± std over replicates)",
                      showlegend=bool(others))
    if sr.log_scale(x_values, x_numeric):
        fig.update_xaxes(type="log")
    if not x_numeric:
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=x_values)
    page.chart(fig, height=380)


def pareto(page, ok, axes, metrics):
    x = "energy_total_pj"
    y = "top1_chip" if "top1_chip" in metrics else "output_rel_l2_error"
    if x not in metrics or y not in metrics:
        page.note("No Pareto plot: the ok rows lack energy_total_pj or both top1_chip and "
                  "output_rel_l2_error.")
        return
    xdir, ydir = sr.direction(x), sr.direction(y)
    keys = axes if axes else ["point"]
    ax_ = sr.aggregate(ok, metrics[x], keys).rename(columns={"mean": "x"})
    ay = sr.aggregate(ok, metrics[y], keys).rename(columns={"mean": "y"})
    pts = ax_.merge(ay[keys + ["y"]], on=keys).reset_index(drop=True)
    front = sr.pareto_front(list(pts["x"]), list(pts["y"]), xdir, ydir)
    labels = [sr.label(pts.loc[i], keys) for i in range(len(pts))]
    page.h2(f"Pareto front: {x} vs {y}")
    page.note(f"Each configuration's mean over its replicates; the front: the configurations no "
              f"other beats on both ({x} lower is better, {y} "
              f"{'higher' if ydir == 'max' else 'lower'} is better). "
              f"{len(front)} of {len(pts)} are on it.")
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(pts["x"]), y=list(pts["y"]), mode="markers",
                             name="configurations", text=labels,
                             hovertemplate="%{text}<br>%{x:.4g}, %{y:.4g}<extra></extra>",
                             marker=dict(color="#4c78a8", size=8, opacity=0.7)))
    fig.add_trace(go.Scatter(x=[pts.at[i, "x"] for i in front],
                             y=[pts.at[i, "y"] for i in front],
                             mode="lines+markers+text", name="Pareto front",
                             text=[labels[i] for i in front], textposition="top right", cliponaxis=False,
                             textfont=dict(size=9), marker=dict(color="#e45756", size=10,
                                                                symbol="diamond")))
    fig.update_layout(title=f"{y} vs {x}", xaxis_title=x, yaxis_title=y)
    page.chart(fig, height=480)


def build(sweep_dir):
    path = os.path.join(sweep_dir, "results.csv")
    with open(os.path.join(sweep_dir, "sweep.json")) as f:
        sweep = json.load(f)
    df, axes = sr.load(path)
    name = sweep.get("name", os.path.basename(os.path.abspath(sweep_dir)))
    page = rh.Page(f"Kirchhoff sweep report: {name}")
    n_points = len(sweep.get("points", [])) or len(df)
    statuses = df["status"].value_counts().to_dict() if not df.empty else {}
    page.note(f"From {os.path.abspath(sweep_dir)} (results.csv, sweep.json).")
    facts = [["sweep", name], ["axes", ", ".join(axes) or "(none)"],
             ["points in the sweep", n_points], ["rows in results.csv", len(df)]]
    facts += [[f"status {k}", v] for k, v in statuses.items()]
    if n_points > len(df):
        facts.append(["points without a row (not run yet)", n_points - len(df)])
    for k, v in sweep.items():  # the resolved sweep's scalar facts and small maps
        if k in ("name", "points", "columns", "axes", "base_config"):
            continue
        if isinstance(v, dict):
            v = ", ".join(f"{a}={b}" for a, b in v.items()) or "(none)"
        if not isinstance(v, list) and len(str(v)) <= 200:
            facts.append([k, v])
    page.raw(rh.table(["", ""], facts))
    if isinstance(sweep.get("base_config"), str):
        page.raw("<details><summary>base configuration (sweep.json base_config)</summary>"
                 f"<pre>{rh.esc(sweep['base_config'])}</pre></details>")

    page.h2("Results")
    page.note("One row per finished point, as in results.csv; click a column header to sort.")
    page.raw('<div class="scroll">' + rh.table(
        list(df.columns), df.values.tolist(), sortable=True,
        row_classes=["" if s == "ok" else "failed" for s in df["status"]]) + "</div>")

    ok = df[df["status"] == "ok"]
    if ok.empty:
        page.note("No point finished with status ok yet: no plots.")
        return page
    metrics = present_metrics(ok, path)
    for axis in axes:
        page.h2(f"Metrics vs {axis}")
        page.note("Mean over the replicates (rows differing only in replicate and seed), error "
                  "bars ±1 sample standard deviation; one line per value of the other axes, or "
                  "unconnected points when such lines would hold fewer than 2 points on average "
                  "(a random search) or be more than 20. Only rows with status ok.")
        page.begin_grid()
        for m, y in metrics.items():
            metric_vs_axis(page, ok, axes, axis, m, y)
        page.end_grid()
    pareto(page, ok, axes, metrics)
    return page
