#!/usr/bin/env bash
# The Slurm path of `kirchhoff sweep`, on a real cluster: starts a private single-node Slurm
# cluster (tools/slurm-local.sh, its own folder and ports), runs a sweep through `--slurm` as a
# job array of 2 tasks (sbatch --wait, then collect), runs the same sweep locally with -j 2, and
# checks that both results.csv hold the same points with the same values in every column but
# wall_s. The daemons it started are stopped on every exit (trap), pass or fail.
# Usage: slurm_sweep_test.sh KIRCHHOFF_BINARY SOURCE_DIR [SWEEP_FILE]
# Exit 0 pass, 1 fail, 77 skipped (not root, or slurm-wlm / munge not installed: tools/deps.sh).
set -euo pipefail
kirchhoff=$1
src=$2
sweep=${3:-$src/configs/sweeps/adc_bits_x_crossbar.yaml}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the local Slurm cluster runs its daemons as root (tools/slurm-local.sh)"
  exit 77
fi
for t in munged slurmctld slurmd sbatch; do
  command -v "$t" >/dev/null || { echo "SKIP: $t not installed (tools/deps.sh installs slurm-wlm, munge)"; exit 77; }
done

work=$(mktemp -d /tmp/kirchhoff-slurm-test.XXXXXX)
# A cluster of its own: never the one a user started in /tmp/kirchhoff-slurm, never its ports.
export KIRCHHOFF_SLURM_DIR=$work/cluster
export KIRCHHOFF_SLURM_PORT=$((20000 + ($$ % 10000) * 2))
export SLURM_CONF=$KIRCHHOFF_SLURM_DIR/slurm.conf
cleanup() {
  local rc=$? f
  if [ $rc -ne 0 ]; then
    # What the daemons and the array tasks said, before stop removes the cluster folder.
    for f in "$KIRCHHOFF_SLURM_DIR"/log/*.log "$work"/slurm/out/slurm/*.out; do
      [ -f "$f" ] && { echo "---- $f (last 20 lines)"; tail -n 20 "$f"; }
    done
  fi
  "$src/tools/slurm-local.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "FAIL: $*"
  exit 1
}

"$src/tools/slurm-local.sh" start
mkdir -p "$work/slurm"
cd "$work/slurm"
echo "== sweep through Slurm (2 array tasks)"
"$kirchhoff" sweep "$sweep" --out "$work/slurm/out" --slurm --array-size 2 ||
  fail "kirchhoff sweep --slurm exited with $?"
echo "== same sweep locally, -j 2"
"$kirchhoff" sweep "$sweep" --out "$work/local" -j 2 --quiet ||
  fail "kirchhoff sweep -j 2 exited with $?"
# Both array tasks ran under Slurm (their logs) and each wrote its shard.
for t in 0 1; do
  ls "$work"/slurm/out/slurm/*_$t.out >/dev/null 2>&1 || fail "no Slurm log of array task $t"
  [ -s "$work/slurm/out/results.shard-$t-of-2.csv" ] || fail "array task $t wrote no shard"
done

python3 - "$work/slurm/out/results.csv" "$work/local/results.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        return r.fieldnames, {row["point"]: row for row in r}
h_slurm, slurm = rows(sys.argv[1])
h_local, local = rows(sys.argv[2])
if h_slurm != h_local:
    sys.exit("FAIL: the columns differ:\n  slurm %s\n  local %s" % (h_slurm, h_local))
if sorted(slurm) != sorted(local):
    sys.exit("FAIL: the points differ: slurm %s, local %s" % (sorted(slurm), sorted(local)))
bad = []
for p in sorted(local):
    if local[p]["status"] != "ok":
        bad.append("%s: local status %s (%s)" % (p, local[p]["status"], local[p]["error"]))
    for c in h_local:
        if c != "wall_s" and slurm[p][c] != local[p][c]:
            bad.append("%s %s: slurm %r, local %r" % (p, c, slurm[p][c], local[p][c]))
if bad:
    sys.exit("FAIL: %d differences:\n  " % len(bad) + "\n  ".join(bad[:20]))
print("PASS: %d points, %d columns equal (all but wall_s)" % (len(local), len(h_local) - 1))
PY
