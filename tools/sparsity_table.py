#!/usr/bin/python3
"""Measures what sparsity-aware mapping saves on the shipped Fashion-MNIST networks and their
pruned versions (tools/prune.py) and writes the table of docs/sparsity.md (Markdown) between its
<!-- sparsity-table --> markers (or prints it with --print).

    tools/sparsity_table.py [--kirchhoff build/release/kirchhoff] [--samples 1000] [--out DIR]
                            [--print]

For every model it runs `kirchhoff map` (tiles with mapper.sparsity=off and auto) and
`kirchhoff run` on configs/chips/hermes64.yaml with the first --samples test images and their
labels, once per mapping (the unpruned models have nothing to drop: one run), and reads
summary.json: top-1 of the float reference and of the chip, and the energy per inference at
chip level (efficiency.chip.energy_pj: every event and the static energy over the inference
span, programming excluded) divided by the samples, and the mean sample latency. Runs go to --out/<model>_<mode>/ (kept).
"""
import argparse
import json
import os
import subprocess
import sys

import sweep_results

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
MODELS = ["mlp", "mlp_p50", "mlp_2of4", "cnn", "cnn_p50", "cnn_2of4"]
CHIP = "configs/chips/hermes64.yaml"
MARK = "<!-- sparsity-table -->"


def kirchhoff(binary, args):
    r = subprocess.run([binary, *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"sparsity_table.py: kirchhoff {' '.join(args)} failed ({r.returncode}):\n"
                 f"{r.stdout}{r.stderr}")
    return r.stdout


def tiles(binary, model, mode):
    out = kirchhoff(binary, ["map", CHIP, "--workload", f"data/fmnist/{model}.onnx", "--json",
                             "--set", f"mapper.sparsity={mode}"])
    return json.loads(out[out.index("{"):])["tiles_used"]


def run(binary, model, mode, samples, out_dir):
    out = os.path.join(out_dir, f"{model}_{mode}")
    kirchhoff(binary, ["run", CHIP, "--workload", f"data/fmnist/{model}.onnx",
                       "--inputs", "data/fmnist/test_images_u8.npy",
                       "--labels", "data/fmnist/test_labels_i64.npy",
                       "--samples", str(samples), "--set", f"mapper.sparsity={mode}",
                       "--out", out, "--quiet"])
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    return {"top1_ref": s["top1_reference"], "top1_chip": s["top1_chip"],
            "nj": s["efficiency"]["chip"]["energy_pj"] / samples / 1000.0,
            "us": s["latency_ns"]["mean"] / 1000.0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kirchhoff", default=os.path.join(ROOT, "build", "release", "kirchhoff"))
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "sparsity"))
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--print", action="store_true", help="print the table instead of editing")
    args = ap.parse_args()
    rows = []
    for model in args.models.split(","):
        dense_tiles, sparse_tiles = tiles(args.kirchhoff, model, "off"), \
            tiles(args.kirchhoff, model, "auto")
        auto = run(args.kirchhoff, model, "auto", args.samples, args.out)
        off = auto if dense_tiles == sparse_tiles else \
            run(args.kirchhoff, model, "off", args.samples, args.out)
        rows.append((model, dense_tiles, sparse_tiles, auto, off))
        print(f"  {model}: {dense_tiles} -> {sparse_tiles} tiles, chip top-1 "
              f"{100 * auto['top1_chip']:.1f} %", file=sys.stderr, flush=True)
    lines = ["| model | top-1 float | top-1 chip, dense / sparse mapping | tiles dense | "
             "tiles sparse | energy per inference, dense / sparse mapping (nJ, chip level) | "
             "latency, dense / sparse mapping (us) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for model, dt, st, auto, off in rows:
        lines.append(f"| `{model}` | {100 * auto['top1_ref']:.1f} % | "
                     f"{100 * off['top1_chip']:.1f} % / {100 * auto['top1_chip']:.1f} % | {dt} | "
                     f"{st} | {off['nj']:.2f} / {auto['nj']:.2f} | {off['us']:.2f} / "
                     f"{auto['us']:.2f} |")
    table = "\n".join(lines)
    if args.print:
        print(table)
        return
    path = os.path.join(ROOT, "docs", "sparsity.md")
    try:
        sweep_results.splice_table(path, MARK, table)
    except (ValueError, OSError) as e:
        print(e, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
