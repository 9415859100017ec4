#!/usr/bin/python3
"""The analog vs digital table of docs/baselines.md.

For each shipped workload (the Fashion-MNIST MLP, CNN and LSTM, and the peak workload) runs
`kirchhoff run` on configs/chips/hermes64.yaml with --baseline h100 (the analog figures come from
summary.json: efficiency levels per sample, mean latency, throughput), then `kirchhoff baseline`
on every preset, and writes one markdown row per (workload, accelerator) between the
<!-- baselines-table --> markers of docs/baselines.md (or prints it with --print).

  tools/baselines_table.py [--kirchhoff build/release/kirchhoff] [--samples 64] [--batch 1]
                           [--print]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import sweep_results

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHIP = os.path.join(ROOT, "configs", "chips", "hermes64.yaml")
IMAGES = os.path.join(ROOT, "data", "fmnist", "test_images_u8.npy")
WORKLOADS = [
    ("fmnist MLP", os.path.join(ROOT, "data", "fmnist", "mlp.onnx"), IMAGES),
    ("fmnist CNN", os.path.join(ROOT, "data", "fmnist", "cnn.onnx"), IMAGES),
    ("fmnist LSTM", os.path.join(ROOT, "data", "fmnist", "lstm.onnx"), IMAGES),
    ("peak64", os.path.join(ROOT, "configs", "workloads", "peak64.yaml"),
     os.path.join(ROOT, "configs", "workloads", "peak64_inputs.npy")),
]
PRESETS = ["h100", "groq_lpu", "edge_npu"]
MARK = "<!-- baselines-table -->"


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stdout))
    return p.stdout


def g(x):
    return "%.3g" % x


def rows(kirchhoff, samples, batch):
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, workload, inputs in WORKLOADS:
            d = os.path.join(tmp, "run")
            run([kirchhoff, "run", CHIP, "--workload", workload, "--inputs", inputs,
                 "--samples", str(samples), "--repeat", "--baseline", "h100", "--out", d, "--quiet"])
            with open(os.path.join(d, "summary.json")) as f:
                s = json.load(f)
            n = s["samples"]
            analog = {lv: s["efficiency"][lv]["energy_pj"] / n for lv in ("tile", "chip", "system")}
            macs = s["baseline"]["digital"]["macs_per_sample"]
            out.append("| %s | %s | hermes64 (analog, %d samples) | %s / %s / %s | %s | %s | %s | – |"
                       % (label, format(macs, ","), n, g(analog["tile"] / 1e3),
                          g(analog["chip"] / 1e3), g(analog["system"] / 1e3),
                          g(s["latency_ns"]["mean"] / 1e3), g(s["throughput_samples_per_s"]),
                          g(2 * macs / analog["system"])))
            for preset in PRESETS:
                j = os.path.join(tmp, preset + ".json")
                run([kirchhoff, "baseline", preset, "--workload", workload, "--batch", str(batch),
                     "--json", j])
                with open(j) as f:
                    b = json.load(f)
                e = b["energy_per_inference_pj"]
                bounds = sorted({l["bound"] for l in b["layers"]})
                out.append("| | | %s (%s, batch %d; %s-bound%s) | %s / %s / %s | %s | %s | %s | %s |"
                           % (preset, b["precision"], b["batch"], "/".join(bounds),
                              "" if b["weights_fit"] else ", weights re-fetched",
                              g(e["tile"] / 1e3), g(e["chip"] / 1e3), g(e["system"] / 1e3),
                              g(b["latency_ns"] / 1e3), g(b["throughput_samples_per_s"]),
                              g(b["tops_per_w"]),
                              " / ".join(g(e[lv] / analog[lv]) for lv in ("tile", "chip", "system"))))
    head = ["| workload | MACs per sample | machine | energy per inference, tile / chip / system "
            "(nJ) | latency (µs) | throughput (samples/s) | TOPS/W (system) | digital / analog "
            "energy, tile / chip / system |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    return head + out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kirchhoff", default=os.path.join(ROOT, "build", "release", "kirchhoff"))
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--print", action="store_true", help="print the table instead of editing")
    a = ap.parse_args()
    table = "\n".join(rows(a.kirchhoff, a.samples, a.batch))
    if a.print:
        print(table)
        return
    path = os.path.join(ROOT, "docs", "baselines.md")
    try:
        sweep_results.splice_table(path, MARK, table)
    except (ValueError, OSError) as e:
        print(e, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
