"""The report of one run directory (summary.json + config.resolved.yaml) for tools/report.py."""
import json
import os

import plotly.graph_objects as go
import yaml

import report_html as rh

CATEGORIES = ["array", "dac", "adc", "dpu", "buffer", "network", "host_io", "programming",
              "static", "active"]


def floorplan(chip, host):
    """Node kinds on the mesh as config/floorplan.cpp lays them out: tiles, then global DPUs,
    along a snake walk (row y left to right when y is even, right to left when odd); host port
    p attaches to the router of (0, p). Returns (cols, rows, {tile: (x, y)}, {dpu: (x, y)},
    [port y]). tests/tools checks it against `kirchhoff info`."""
    cols, rows = int(chip["mesh_cols"]), int(chip["mesh_rows"])
    snake = [((i if y % 2 == 0 else cols - 1 - i), y) for y in range(rows) for i in range(cols)]
    tiles = int(chip["tiles"])
    dpus = int(chip.get("global_dpus", 0))
    tile_xy = {t: snake[t] for t in range(tiles)}
    dpu_xy = {d: snake[tiles + d] for d in range(dpus)}
    return cols, rows, tile_xy, dpu_xy, list(range(int(host.get("ports", 1))))


def load(run_dir):
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(run_dir, "config.resolved.yaml")) as f:
        config_text = f.read()
    return summary, config_text, yaml.safe_load(config_text)


def key_figures(s):
    eff = s.get("efficiency", {})
    rows = [
        ("chip", s.get("chip", "")), ("workload", s.get("workload", "(default)")),
        ("seed", s.get("seed", "")), ("samples", s.get("samples", "")),
        ("top-1 chip", s.get("top1_chip", "(no labels)")),
        ("top-1 float reference", s.get("top1_reference", "(no labels)")),
        ("output rel. L2 error", s.get("output_rel_l2_error", "")),
        ("latency first / mean / p99 (ns)", " / ".join(
            rh.fmt(s["latency_ns"][k]) for k in ("first", "mean", "p99"))),
        ("throughput (samples/s)", s.get("throughput_samples_per_s", "")),
        ("TOPS (chip)", s.get("tops", "")),
    ]
    for level in ("tile", "chip", "system"):
        if level in eff:
            rows.append((f"{level} level: energy (pJ) / TOPS/W",
                         f"{rh.fmt(eff[level]['energy_pj'])} / {rh.fmt(eff[level]['tops_per_w'])}"))
    rows += [("programming time (ns)", s.get("programming_time_ns", "")),
             ("energy total (pJ)", s["energy_pj"]["total"]),
             ("simulated time (ns)", s.get("sim_time_ns", "")),
             ("wall time (s)", s.get("wall_s", ""))]
    return rh.table(["figure", "value"], [[k, v] for k, v in rows])


def energy_by_category(page, s):
    cats = [c for c in s["energy_pj"] if c != "total"]
    page.h2("Energy by category")
    page.note(f"All of the run's energy, programming and static included: "
              f"{rh.fmt(s['energy_pj']['total'])} pJ in total (summary.json energy_pj).")
    fig = go.Figure(go.Bar(x=cats, y=[s["energy_pj"][c] for c in cats], marker_color="#4c78a8"))
    fig.update_layout(title="energy by category", yaxis_title="energy (pJ)")
    page.chart(fig)


def energy_by_layer(page, s):
    tiles = s.get("tiles", [])
    layers = list(dict.fromkeys(t.get("layer") or "(none)" for t in tiles))
    cats = [c for c in CATEGORIES if any(t["energy_pj"].get(c, 0) for t in tiles)]
    page.h2("Energy by layer")
    page.note("The energy each layer's tiles recorded (summary.json tiles[], grouped by the layer "
              "a tile holds), stacked by category. The network, host I/O and global DPUs are "
              "not attributed to layers and are not in these bars.")
    fig = go.Figure()
    for c in cats:
        fig.add_trace(go.Bar(name=c, x=layers, y=[
            sum(t["energy_pj"].get(c, 0) for t in tiles if (t.get("layer") or "(none)") == l)
            for l in layers]))
    fig.update_layout(barmode="stack", title="tile energy by layer", yaxis_title="energy (pJ)")
    page.chart(fig)


def tile_heatmap(page, s, cfg):
    cols, rows, tile_xy, dpu_xy, ports = floorplan(cfg["chip"], cfg.get("host", {}))
    used = {t["tile"]: t for t in s.get("tiles", [])}
    z = [[None] * cols for _ in range(rows)]
    text = [[""] * cols for _ in range(rows)]
    for t, (x, y) in tile_xy.items():
        if t in used:
            z[y][x] = used[t]["energy_pj"]["total"]
            text[y][x] = f"T{t}<br>{used[t].get('layer', '')}"
        else:
            text[y][x] = f"T{t}"
    for d, (x, y) in dpu_xy.items():
        text[y][x] = f"D{d}"
    page.h2("Energy by tile over the floorplan")
    page.note(f"{cols} x {rows} mesh (x to the right, y down), laid out as `kirchhoff info` "
              f"prints it; colour: the energy each used tile recorded (pJ). Blank cells: tiles "
              f"that held no weights (power-gated or idle), global DPUs (D) and empty nodes; "
              f"H: host ports, attached to the west-edge routers.")
    fig = go.Figure(go.Heatmap(z=z, text=text, hoverongaps=False, xgap=2, ygap=2,
                               colorscale="Viridis", colorbar=dict(title="pJ"),
                               hovertemplate="(%{x}, %{y})<br>%{text}<br>%{z:.4g} pJ"
                                             "<extra></extra>"))
    for y in range(rows):  # the cell labels (this plotly has no heatmap texttemplate)
        for x in range(cols):
            if text[y][x]:
                fig.add_annotation(x=x, y=y, text=text[y][x], showarrow=False,
                                   font=dict(size=9, color="white" if z[y][x] is not None
                                             else "#555"))
    for p in ports:
        fig.add_annotation(x=-0.75, y=p, text=f"H{p}&gt;", showarrow=False)
    fig.update_yaxes(autorange="reversed", title="y", dtick=1)
    fig.update_xaxes(title="x", dtick=1, range=[-1.2, cols - 0.5])
    fig.update_layout(title="tile energy (pJ)", plot_bgcolor="#e8e8e8")
    page.chart(fig, height=max(360, 60 * rows + 120))


def latency(page, s):
    lat = s["latency_ns"]
    page.h2("Latency")
    stats = ", ".join(f"{k} {rh.fmt(lat[k])} ns" for k in ("first", "mean", "p50", "p99")
                      if k in lat)
    hist = s.get("latency_histogram_ns")
    if not hist or not hist.get("counts"):
        page.note("summary.json holds no latency histogram (a summary from an older version, or "
                  f"no samples); its statistics: {stats}.")
        keys = [k for k in ("first", "mean", "p50", "p99") if k in lat]
        fig = go.Figure(go.Bar(x=keys, y=[lat[k] for k in keys], marker_color="#f58518"))
        fig.update_layout(title=f"latency over {s.get('samples', '?')} samples",
                          yaxis_title="latency (ns)")
        page.chart(fig, height=360)
        return
    page.note(f"Every sample's latency (creation to result), in {len(hist['counts'])} "
              f"equal-width bins from summary.json's latency_histogram_ns; {stats}.")
    width = hist["bin_width"]
    # Only the bins that hold samples are drawn (an empty bin has no bar to draw).
    bins = [(i, c) for i, c in enumerate(hist["counts"]) if c > 0]
    centres = [hist["min"] + (i + 0.5) * width for i, _ in bins]
    fig = go.Figure(go.Bar(x=centres, y=[c for _, c in bins], width=width if width > 0 else None,
                           marker_color="#f58518"))
    fig.update_layout(title=f"latency of {s.get('samples', '?')} samples",
                      xaxis_title="latency (ns)", yaxis_title="samples", bargap=0.05)
    page.chart(fig, height=360)


def layer_errors(page, s):
    err = s.get("layer_rel_l2_error", {})
    dac = s.get("layer_dac_clipped_fraction", {})
    adc = s.get("layer_adc_saturated_fraction", {})
    page.h2("Per-layer error and clipping")
    if not err:
        page.note("summary.json has no per-layer errors.")
        return
    page.note("Relative L2 error of each executed layer's output against the float32 "
              "reference; fraction of DAC inputs clipped and of ADC conversions saturated.")
    rows = [[l, err[l], dac.get(l, ""), adc.get(l, "")] for l in err]
    page.raw(rh.table(["layer", "rel. L2 error", "DAC clipped", "ADC saturated"], rows))
    fig = go.Figure(go.Bar(x=list(err), y=list(err.values()), marker_color="#54a24b"))
    fig.update_layout(title="relative L2 error by layer", yaxis_title="rel. L2 error")
    page.chart(fig, height=360)


def tiles_table(page, s):
    tiles = s.get("tiles", [])
    if not tiles:
        return
    page.h2("Tiles")
    rows = [[t["tile"], t.get("layer", ""), t["mvms"], t["mvm_busy_ns"], t["utilisation"],
             t["energy_pj"]["total"]] for t in tiles]
    page.raw(rh.table(["tile", "layer", "MVMs", "MVM busy (ns)", "utilisation", "energy (pJ)"],
                      rows, sortable=True))


def build(run_dir):
    s, config_text, cfg = load(run_dir)
    page = rh.Page(f"Kirchhoff run report: {s.get('chip', '')}, "
                   f"{s.get('workload', 'default workload')}")
    page.note(f"From {os.path.abspath(run_dir)} (summary.json, config.resolved.yaml).")
    page.raw(key_figures(s))
    energy_by_category(page, s)
    energy_by_layer(page, s)
    tile_heatmap(page, s, cfg)
    latency(page, s)
    layer_errors(page, s)
    tiles_table(page, s)
    page.h2("Configuration (config.resolved.yaml)")
    page.raw(f"<pre>{rh.esc(config_text)}</pre>")
    return page
