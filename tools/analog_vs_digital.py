#!/usr/bin/python3
"""The tables of docs/analog_vs_digital.md.

For each shipped workload (the Fashion-MNIST MLP, CNN and LSTM, their 50 % and 2:4 pruned
versions, and the peak workload) runs `kirchhoff run` on
  - analog:  configs/chips/hermes64.yaml (the calibrated PCM preset);
  - digital: the same chip with every tile digital (tile.kind=digital, int8, zero skipping of
             energy), each digital tile given the area of the analog tile's crossbar, DACs and
             ADCs and the MAC throughput that area holds at the SRAM-CIM macro's TOPS/mm^2
             (models/digital_tile_params.h): the all-digital chip of the same area;
  - hybrid:  the same chip with its last 2 tiles digital and the layers that add the most error
             on the analog run placed there (mapper.placement=sensitivity, mapper.layer_errors
             from the analog run's summary.json);
then `kirchhoff baseline` on the h100 and groq_lpu presets, and writes one markdown row per
(workload, machine) between the <!-- analog-vs-digital --> markers of docs/analog_vs_digital.md
(or prints the table with --print).

  tools/analog_vs_digital.py [--kirchhoff build/release/kirchhoff] [--samples 64] [--print]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import sweep_results

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHIP = os.path.join(ROOT, "configs", "chips", "hermes64.yaml")
FM = os.path.join(ROOT, "data", "fmnist")
IMAGES = os.path.join(FM, "test_images_u8.npy")
LABELS = os.path.join(FM, "test_labels_i64.npy")
WORKLOADS = [
    ("MLP", os.path.join(FM, "mlp.onnx"), IMAGES, LABELS),
    ("MLP 50 %", os.path.join(FM, "mlp_p50.onnx"), IMAGES, LABELS),
    ("MLP 2:4", os.path.join(FM, "mlp_2of4.onnx"), IMAGES, LABELS),
    ("CNN", os.path.join(FM, "cnn.onnx"), IMAGES, LABELS),
    ("CNN 50 %", os.path.join(FM, "cnn_p50.onnx"), IMAGES, LABELS),
    ("CNN 2:4", os.path.join(FM, "cnn_2of4.onnx"), IMAGES, LABELS),
    ("LSTM", os.path.join(FM, "lstm.onnx"), IMAGES, LABELS),
    ("peak64", os.path.join(ROOT, "configs", "workloads", "peak64.yaml"),
     os.path.join(ROOT, "configs", "workloads", "peak64_inputs.npy"), None),
]
BASELINES = ["h100", "groq_lpu"]
HYBRID_DIGITAL_TILES = 2
MARK = "<!-- analog-vs-digital -->"
INT8_TOPS_PER_MM2 = 16.3 * 16 / 64  # Chih ISSCC 2021, 4b x 4b -> 8b x 8b by the bits rule


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stdout))
    return p.stdout


def g(x):
    return "%.3g" % x


def same_area_digital(kirchhoff):
    """--set overrides for an all-digital hermes64 whose tiles fill the analog tile's area."""
    info = run([kirchhoff, "info", CHIP])
    m = re.search(r"area per tile\s+\S+ mm\^2 \(crossbar (\S+), DACs (\S+), ADCs (\S+),", info)
    area = sum(float(v) for v in m.groups())
    rows = int(re.search(r"analog tiles of (\d+) x (\d+)", info).group(1))
    cols = int(re.search(r"analog tiles of (\d+) x (\d+)", info).group(2))
    clock_ghz, pipeline = 0.5, 4  # the digital tile defaults
    interval_ns = 2.0 * rows * cols / (INT8_TOPS_PER_MM2 * 1e12 * area) * 1e9
    cycles = max(interval_ns * clock_ghz - pipeline, 1.0)
    macs = max(1, min(rows * cols, int(round(rows * cols / cycles))))
    return ["tile.kind=digital", "tile.digital.area_mm2=%.6g" % area,
            "tile.digital.macs_per_cycle=%d" % macs, "tile.digital.zero_skipping=true"], area, macs


def chip_run(kirchhoff, tmp, workload, inputs, labels, samples, sets):
    d = os.path.join(tmp, "run")
    cmd = [kirchhoff, "run", CHIP, "--workload", workload, "--inputs", inputs, "--samples",
           str(samples), "--repeat", "--out", d, "--quiet"]
    if labels:
        cmd += ["--labels", labels]
    for s in sets:
        cmd += ["--set", s]
    run(cmd)
    with open(os.path.join(d, "summary.json")) as f:
        return json.load(f)


def row(label, machine, s):
    n = s["samples"]
    e = s["efficiency"]["chip"]["energy_pj"] / n
    top1 = s.get("top1_chip")
    ref = s.get("top1_reference")
    acc = "%.1f (%.1f)" % (100 * top1, 100 * ref) if top1 is not None and top1 >= 0 else "–"
    kinds = "".join("D" if l.get("kind") == "digital" else "A" for l in s.get("layers", []))
    if len(kinds) > 8:
        kinds = "%d D, %d A" % (kinds.count("D"), kinds.count("A"))
    return "| %s | %s | %s | %s | %s | %s | %s |" % (
        label, machine, g(e / 1e3), g(s["latency_ns"]["mean"] / 1e3),
        g(s["throughput_samples_per_s"]), acc, kinds or "–")


def rows(kirchhoff, samples):
    digital_sets, area, macs = same_area_digital(kirchhoff)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, workload, inputs, labels in WORKLOADS:
            a = chip_run(kirchhoff, tmp, workload, inputs, labels, samples, [])
            out.append(row(label, "analog (hermes64, PCM)", a))
            d = chip_run(kirchhoff, tmp, workload, inputs, labels, samples, digital_sets)
            out.append(row("", "all-digital, same area (int8)", d))
            errors = ",".join("%.6g" % e for e in a["layer_rel_l2_error"]) \
                if isinstance(a.get("layer_rel_l2_error"), list) else \
                ",".join("%.6g" % v for v in a["layer_rel_l2_error"].values())
            hybrid = ["chip.tile_groups=[{kind: analog, count: %d}, {kind: digital, count: %d, "
                      "tile: {digital: {zero_skipping: true}}}]"
                      % (64 - HYBRID_DIGITAL_TILES, HYBRID_DIGITAL_TILES),
                      "mapper.placement=sensitivity", "mapper.layer_errors=[%s]" % errors]
            h = chip_run(kirchhoff, tmp, workload, inputs, labels, samples, hybrid)
            out.append(row("", "hybrid (sensitive layers on 2 int8 tiles)", h))
            for preset in BASELINES:
                j = os.path.join(tmp, preset + ".json")
                run([kirchhoff, "baseline", preset, "--workload", workload, "--batch", "1",
                     "--json", j])
                with open(j) as f:
                    b = json.load(f)
                out.append("| | %s (%s, batch 1) | %s | %s | %s | – | – |" % (
                    preset, b["precision"], g(b["energy_per_inference_pj"]["chip"] / 1e3),
                    g(b["latency_ns"] / 1e3), g(b["throughput_samples_per_s"])))
    head = ["Digital tile of the all-digital chip: %.4g mm^2, %d MACs per cycle at 0.5 GHz; "
            "%d samples per run." % (area, macs, samples), "",
            "| workload | machine | energy per inference, chip (nJ) | latency (µs) | "
            "throughput (samples/s) | top-1 % chip (reference) | layers (A analog, D digital) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    return head + out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kirchhoff", default=os.path.join(ROOT, "build", "release", "kirchhoff"))
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--print", action="store_true", help="print the table instead of editing")
    a = ap.parse_args()
    table = "\n".join(rows(a.kirchhoff, a.samples))
    if a.print:
        print(table)
        return
    path = os.path.join(ROOT, "docs", "analog_vs_digital.md")
    try:
        sweep_results.splice_table(path, MARK, table)
    except (ValueError, OSError) as e:
        print(e, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
