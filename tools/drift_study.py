#!/usr/bin/python3
"""Regenerates the drift tables of docs/accuracy.md: top-1 of the shipped Fashion-MNIST networks
on the 64-tile PCM preset versus time since programming, per drift compensation, mean and
standard deviation over seeds; and top-1 with 4-, 6- and 8-bit ADCs right after programming.

Every point is one `kirchhoff run` (its own process), N at a time; the figures are read from each
run's summary.json. The table goes to stdout (Markdown) and, with --out-csv, one row per run to a
CSV file.

    /usr/bin/python3 tools/drift_study.py [--kirchhoff build/release/kirchhoff]
        [--chip configs/chips/hermes64.yaml] [--samples 1000] [--seeds 5] [-j 2]
"""
import argparse
import concurrent.futures
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ["cnn", "mlp", "lstm"]
TIMES = [("1 s", 1.0), ("1 h", 3600.0), ("1 day", 86400.0), ("1 month", 30 * 86400.0),
         ("1 year", 365 * 86400.0)]
COMPENSATIONS = ["none", "global", "per_column"]
ADC_BITS = [4, 6, 8]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kirchhoff", default=os.path.join(ROOT, "build/release/kirchhoff"))
    p.add_argument("--chip", default=os.path.join(ROOT, "configs/chips/hermes64.yaml"))
    p.add_argument("--samples", type=int, default=1000, help="test images per run (of 1000)")
    p.add_argument("--seeds", type=int, default=5, help="seeds per point (1, 2, ...)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--models", default=",".join(MODELS), help="comma-separated: cnn,mlp,lstm")
    p.add_argument("--out-csv", help="also write one row per run to this CSV file")
    a = p.parse_args()
    for path in (a.kirchhoff, a.chip):
        if not os.path.exists(path):
            sys.exit(f"drift_study.py: {path} does not exist")
    if a.samples < 1 or a.samples > 1000 or a.seeds < 1 or a.jobs < 1:
        sys.exit("drift_study.py: allowed: 1 <= --samples <= 1000, --seeds >= 1, -j >= 1")
    a.models = a.models.split(",")
    for m in a.models:
        if m not in MODELS:
            sys.exit(f"drift_study.py: --models: unknown model '{m}'; allowed: {', '.join(MODELS)}")
    return a


def points(args):
    """Every run: (study, model, hwa, time label, seconds, compensation, adc bits, seed)."""
    for model in args.models:
        for hwa in (False, True):
            for seed in range(1, args.seeds + 1):
                for label, t in TIMES:
                    for comp in COMPENSATIONS:
                        yield ("drift", model, hwa, label, t, comp, 8, seed)
                for bits in ADC_BITS[:-1]:  # 8 bits: the drift study's 1 s, global point
                    yield ("adc", model, hwa, "1 s", 1.0, "global", bits, seed)


def run_point(args, point, scratch):
    study, model, hwa, _, t, comp, bits, seed = point
    name = model + ("_hwa" if hwa else "")
    out = os.path.join(scratch, f"{study}_{name}_{int(t)}_{comp}_{bits}_{seed}")
    data = os.path.join(ROOT, "data/fmnist")
    cmd = [args.kirchhoff, "--log-level", "warn", "run", args.chip,
           "--workload", os.path.join(data, name + ".onnx"),
           "--inputs", os.path.join(data, "test_images_u8.npy"),
           "--labels", os.path.join(data, "test_labels_i64.npy"),
           "--samples", str(args.samples), "--seed", str(seed), "--out", out,
           "--set", f"tile.read.time_since_programming_s={t}",
           "--set", f"tile.read.compensation={comp}",
           "--set", f"tile.adc.bits={bits}"]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.strip()}")
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    return s["top1_chip"], s["top1_reference"]


def mean_std(values):
    m = 100 * statistics.mean(values)
    sd = 100 * statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{m:.1f} ± {sd:.1f}"


def main():
    args = parse_args()
    todo = list(points(args))
    results = {}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kh_drift_") as scratch, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_point, args, p, scratch): p for p in todo}
        for i, f in enumerate(concurrent.futures.as_completed(futures), 1):
            results[futures[f]] = f.result()
            if i % 10 == 0 or i == len(todo):
                rate = i / (time.monotonic() - start)
                print(f"drift_study.py: {i}/{len(todo)} runs, ETA {(len(todo) - i) / rate:.0f} s",
                      file=sys.stderr)
    if args.out_csv:
        with open(args.out_csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["study", "model", "hwa", "time", "time_s", "compensation", "adc_bits",
                        "seed", "top1_chip", "top1_reference"])
            for p in todo:
                w.writerow(list(p) + list(results[p]))
    print(f"Chip: `{os.path.relpath(args.chip, ROOT)}`, {args.samples} test images, seeds 1–"
          f"{args.seeds}; top-1 in % (mean ± standard deviation over the seeds).\n")
    for model in args.models:
        for hwa in (False, True):
            sel = [p for p in todo if p[1] == model and p[2] == hwa]
            ref = 100 * results[sel[0]][1]
            title = f"{model.upper()}{' (hardware-aware training)' if hwa else ''}"
            print(f"#### {title}: float reference {ref:.1f} %\n")
            print("| time since programming | " + " | ".join(COMPENSATIONS) + " |")
            print("| --- |" + " --- |" * len(COMPENSATIONS))
            for label, _ in TIMES:
                cells = [mean_std([results[p][0] for p in sel
                                   if p[0] == "drift" and p[3] == label and p[5] == c])
                         for c in COMPENSATIONS]
                print(f"| {label} | " + " | ".join(cells) + " |")
            cells = [mean_std([results[p][0] for p in sel if p[6] == b and p[3] == "1 s"
                               and p[5] == "global"]) for b in ADC_BITS]
            print("\n| ADC bits (1 s, global) | " + " | ".join(str(b) for b in ADC_BITS) + " |")
            print("| --- |" + " --- |" * len(ADC_BITS))
            print("| top-1 | " + " | ".join(cells) + " |\n")


if __name__ == "__main__":
    main()
