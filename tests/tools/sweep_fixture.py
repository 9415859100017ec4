"""A small sweep directory from real `kirchhoff run`s, laid out as the sweep contract's
`kirchhoff sweep --out DIR` (results.csv columns in contract order, sweep.json, points/<id>/):
the report tests' input until `kirchhoff sweep` is merged."""
import csv
import itertools
import json
import os
import subprocess

METRICS = [
    "latency_first_ns", "latency_mean_ns", "latency_p99_ns", "throughput_samples_per_s",
    "mvms", "ops", "tops", "tops_per_w", "tile_energy_pj", "tile_tops_per_w", "chip_energy_pj",
    "chip_tops_per_w", "system_energy_pj", "system_tops_per_w", "energy_total_pj",
    "energy_array_pj", "energy_dac_pj", "energy_adc_pj", "energy_dpu_pj", "energy_buffer_pj",
    "energy_network_pj", "energy_host_io_pj", "energy_programming_pj", "energy_static_pj",
    "energy_active_pj", "programming_time_ns", "top1_chip", "top1_reference",
    "output_rel_l2_error", "output_layer"]


def metrics(s):
    m = {"latency_first_ns": s["latency_ns"]["first"], "latency_mean_ns": s["latency_ns"]["mean"],
         "latency_p99_ns": s["latency_ns"]["p99"]}
    for k in ("throughput_samples_per_s", "mvms", "ops", "tops", "tops_per_w",
              "programming_time_ns", "top1_chip", "top1_reference", "output_rel_l2_error"):
        m[k] = s.get(k, "")
    for level in ("tile", "chip", "system"):
        m[f"{level}_energy_pj"] = s["efficiency"][level]["energy_pj"]
        m[f"{level}_tops_per_w"] = s["efficiency"][level]["tops_per_w"]
    for cat, v in s["energy_pj"].items():
        m[f"energy_{cat}_pj"] = v
    layers = list(s.get("layer_rel_l2_error", {}))
    m["output_layer"] = layers[-1] if layers else ""
    return {k: ("%.17g" % v if isinstance(v, float) else v) for k, v in m.items()}


def make_sweep(binary, out, grid, seeds=1, run_args=("--samples", "4")):
    """Runs every point of `grid` (key -> values, cartesian product, last key fastest) x seeds
    with `kirchhoff run --set key=value --seed S` and writes out/results.csv and sweep.json."""
    keys = list(grid)
    combos = [c for c in itertools.product(*grid.values()) for _ in range(seeds)]
    width = max(4, len(str(len(combos) - 1)))
    rows, points = [], []
    for i, combo in enumerate(combos):
        pid = f"p{i:0{width}d}"
        rep = i % seeds
        seed = 1000 + 17 * i
        pdir = os.path.join(out, "points", pid)
        cmd = [binary, "run", "--out", pdir, "--seed", str(seed), *run_args]
        for k, v in zip(keys, combo):
            cmd += ["--set", f"{k}={v}"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(pdir, "summary.json")) as f:
            s = json.load(f)
        row = {"point": pid, **dict(zip(keys, map(str, combo))), "replicate": rep, "seed": seed,
               "status": "ok", "exit_code": 0, "wall_s": "%.17g" % s["wall_s"], **metrics(s),
               "error": ""}
        rows.append(row)
        points.append({"id": pid, "values": dict(zip(keys, combo)), "replicate": rep,
                       "seed": seed})
    header = ["point", *keys, "replicate", "seed", "status", "exit_code", "wall_s", *METRICS,
              "error"]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "sweep.json"), "w") as f:
        json.dump({"name": "fixture", "root_seed": 1, "axes": keys, "points": points}, f,
                  indent=1)
    return os.path.join(out, "results.csv")
