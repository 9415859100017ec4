#!/usr/bin/env python3
"""Latency-load curves of the on-chip network, from `kirchhoff traffic` CSVs.

Runs `kirchhoff traffic` for every pattern on an 8 x 8 mesh (unbounded and 4-flit buffers)
and for uniform traffic on 4 x 4 and 8 x 8, writes the CSVs to --csv-dir, one PNG per
pattern to --fig-dir (python3-matplotlib) and prints the markdown tables docs/network.md
quotes. Example:
    tools/noc_curves.py --kirchhoff build/release/kirchhoff --csv-dir /tmp/noc \\
        --fig-dir docs/figures
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

PATTERNS = ["uniform", "transpose", "bit-complement", "bit-reverse", "shuffle", "tornado",
            "neighbor", "hotspot"]
BUFFERS = [0, 4]  # 0 = unbounded
PACKET_FLITS = 8


def rates_for(k):
    """Offered loads in packets/node/cycle up to ~1.4 x the uniform bound 4/k flits."""
    bound_packets = 4.0 / k / PACKET_FLITS
    fractions = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.4]
    return [round(f * bound_packets, 5) for f in fractions]


def run(kirchhoff, cfg, pattern, buffer_flits, rates, out, cycles):
    cmd = [kirchhoff, "traffic", cfg, "--pattern", pattern, "--rates",
           ",".join(str(r) for r in rates), "--packet-flits", str(PACKET_FLITS),
           "--cycles", str(cycles), "--warmup", str(cycles // 10), "--out", out,
           "--set", "noc.buffer_flits=%d" % buffer_flits]
    if buffer_flits > 0:
        cmd += ["--set", "noc.backfill=false"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("noc_curves: %s failed (%d):\n%s%s" % (" ".join(cmd), res.returncode,
                                                       res.stdout, res.stderr))
    with open(out, newline="") as f:
        return list(csv.DictReader(f))


def saturation(rows):
    """Highest offered load with accepted >= 0.95 x offered (as `kirchhoff traffic`)."""
    ok = [r for r in rows if float(r["accepted_flits_per_node_cycle"]) >=
          0.95 * float(r["offered_flits_per_node_cycle"])]
    return max((float(r["offered_flits_per_node_cycle"]) for r in ok), default=0.0)


def table(title, rows):
    print("\n%s (saturation throughput %.3f flits/node/cycle)\n" % (title, saturation(rows)))
    print("| offered (flits/node/cycle) | accepted | mean latency (cycles) | head latency | "
          "p99 latency | past saturation |")
    print("| ---: | ---: | ---: | ---: | ---: | :---: |")
    for r in rows:
        print("| %.4f | %.4f | %.1f | %.1f | %.0f | %s |" % (
            float(r["offered_flits_per_node_cycle"]), float(r["accepted_flits_per_node_cycle"]),
            float(r["mean_latency_cycles"]), float(r["mean_head_latency_cycles"]),
            float(r["p99_latency_cycles"]), "yes" if r["past_saturation"] == "1" else ""))


def plot(pattern, k, curves, fig_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for label, rows in curves:
        keep = [r for r in rows if r["past_saturation"] == "0"]
        ax.plot([float(r["accepted_flits_per_node_cycle"]) for r in keep],
                [float(r["mean_latency_cycles"]) for r in keep], marker="o", label=label)
    ax.axvline(4.0 / k, color="grey", linestyle="--", label="uniform bisection bound 4/k")
    ax.set_xlabel("accepted throughput (flits/node/cycle)")
    ax.set_ylabel("mean latency, creation to tail (cycles)")
    ax.set_title("%d x %d mesh, %s, %d-flit packets" % (k, k, pattern, PACKET_FLITS))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(fig_dir, "noc_%s.png" % pattern)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kirchhoff", default="build/release/kirchhoff")
    ap.add_argument("--csv-dir", required=True)
    ap.add_argument("--fig-dir", default="docs/figures")
    ap.add_argument("--cycles", type=int, default=20000)
    a = ap.parse_args()
    if not os.access(a.kirchhoff, os.X_OK):
        sys.exit("noc_curves: %s is not an executable kirchhoff binary (--kirchhoff)" % a.kirchhoff)
    os.makedirs(a.csv_dir, exist_ok=True)
    os.makedirs(a.fig_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cfgs = {}
        for k in (4, 8):
            cfgs[k] = os.path.join(tmp, "mesh%d.yaml" % k)
            with open(cfgs[k], "w") as f:
                f.write("chip: {tiles: %d, mesh_cols: %d, mesh_rows: %d}\n" % (k * k, k, k))
        for k in (4, 8):
            for b in BUFFERS:
                out = os.path.join(a.csv_dir, "uniform_%dx%d_b%d.csv" % (k, k, b))
                rows = run(a.kirchhoff, cfgs[k], "uniform", b, rates_for(k), out, a.cycles)
                table("%d x %d uniform, %s buffers" % (k, k, "%d-flit" % b if b else "unbounded"),
                      rows)
        for pattern in PATTERNS:
            curves = []
            for b in BUFFERS:
                out = os.path.join(a.csv_dir, "%s_8x8_b%d.csv" % (pattern, b))
                rows = run(a.kirchhoff, cfgs[8], pattern, b, rates_for(8), out, a.cycles)
                curves.append(("%s buffers (sat. %.3f)" % ("%d-flit" % b if b else "unbounded",
                                                             saturation(rows)), rows))
            print("\n%s: figure %s" % (pattern, plot(pattern, 8, curves, a.fig_dir)))


if __name__ == "__main__":
    main()
