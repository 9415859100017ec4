#!/usr/bin/env bash
# Every example sweep in configs/sweeps/ expands and validates (`kirchhoff sweep --dry-run`):
# exit 0, the expected number of points, and nothing written to --out. A new example needs its
# count here, so an example that stops validating or changes size is noticed.
# Usage: example_sweeps_dry_run_test.sh KIRCHHOFF_BINARY SOURCE_DIR
set -euo pipefail
kirchhoff=$1
src=$2
declare -A expected=(
  [adc_bits_x_crossbar]=15   # 5 ADC bits x 3 crossbar sizes
  [drift_x_compensation]=45  # 5 times x 3 compensations x 3 seeds
  [mesh_x_interval]=12       # 3 meshes x 4 intervals
  [random_pareto]=24         # random count
)
out=$(mktemp -d /tmp/kirchhoff-dry-run.XXXXXX)
trap 'rm -rf "$out"' EXIT
status=0
seen=0
for f in "$src"/configs/sweeps/*.yaml; do
  name=$(basename "$f" .yaml)
  seen=$((seen + 1))
  if [ -z "${expected[$name]:-}" ]; then
    echo "FAIL: $f: no expected point count in $0"
    status=1
    continue
  fi
  if ! text=$("$kirchhoff" sweep "$f" --out "$out/$name" --dry-run 2>&1); then
    echo "FAIL: $f: --dry-run exited non-zero:"
    echo "$text"
    status=1
    continue
  fi
  last=$(printf '%s\n' "$text" | tail -n 1)
  if [ "$last" != "${expected[$name]} points (sweep '$name')" ]; then
    echo "FAIL: $f: last line '$last'; expected '${expected[$name]} points (sweep '$name')'"
    status=1
  fi
  if [ -e "$out/$name" ]; then
    echo "FAIL: $f: --dry-run created $out/$name"
    status=1
  fi
  echo "ok: $name: $last"
done
if [ "$seen" -ne ${#expected[@]} ]; then
  echo "FAIL: $seen sweep files in configs/sweeps, ${#expected[@]} expected"
  status=1
fi
exit $status
