#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset `fuzz`: clang, ASan + UBSan) and runs each for SECONDS
# on a copy of its seed corpus (fuzz/corpus/<harness>/; the committed corpus never grows).
# Prints the executions per harness and exits non-zero on any finding: a crash, a leak, a
# sanitizer report, an exception other than the project's input errors, a timeout or running
# out of memory. Crash inputs are kept in build/fuzz/findings/<harness>/ (fuzz/README.md says
# how to reproduce and minimise them).
#
#   tools/fuzz.sh SECONDS [HARNESS...]      HARNESS: fuzz_config, fuzz_npy, fuzz_onnx (default all)
#
# Environment: FUZZ_JOBS (build parallelism, default 2), FUZZ_KEEP_CORPUS=DIR (keep the grown
# corpora under DIR/<harness>/ instead of deleting them), FUZZ_ARGS (more libFuzzer flags, e.g.
# "-fork=2 -ignore_crashes=1" to keep going after findings in a long local run).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "usage: tools/fuzz.sh SECONDS [HARNESS...]   (SECONDS: a positive integer)" >&2
  exit 2
fi
seconds=$1
shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_config fuzz_npy fuzz_onnx)
for h in "${harnesses[@]}"; do
  if [ ! -d "fuzz/corpus/$h" ]; then
    echo "tools/fuzz.sh: unknown harness '$h'; allowed: fuzz_config, fuzz_npy, fuzz_onnx" >&2
    exit 2
  fi
done

tools/deps.sh fuzz
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz -j"${FUZZ_JOBS:-2}"

work=$(mktemp -d "${TMPDIR:-/tmp}/kirchhoff-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

failed=()
total=0
for h in "${harnesses[@]}"; do
  corpus="$work/corpus/$h"
  findings="build/fuzz/findings/$h"
  mkdir -p "$corpus" "$findings"
  cp fuzz/corpus/"$h"/* "$corpus"/
  log="build/fuzz/$h.log"
  echo "=== $h: ${seconds} s on $(ls "$corpus" | wc -l) seed inputs (log: $log)"
  rc=0
  marker="$work/$h.start"
  touch "$marker"
  # -timeout: one input taking longer is a finding; -rss_limit_mb also bounds single mallocs.
  build/fuzz/fuzz/"$h" "$corpus" -dict="fuzz/dict/$h.dict" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_ARGS:-} \
    >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # -fork mode prints no final stats: take the last "#N" status line.
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\):\{0,1\}[[:space:]].*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  [ -n "$rate" ] || rate=$(( ${execs:-0} / seconds ))
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  total=$((total + ${execs:-0}))
  # -fork with -ignore_crashes exits 0 after findings: count the inputs it saved as well.
  saved=$(find "$findings" -type f -newer "$marker" | wc -l)
  if [ "$rc" -ne 0 ] || [ "$saved" -gt 0 ]; then
    failed+=("$h")
    echo "$h: FINDING (exit $rc, $saved input(s) saved) after ${execs:-?} executions, in $findings/:"
    find "$findings" -type f -newer "$marker" | head -3 | sed 's/^/  /'
    grep -E "==kirchhoff-fuzz==|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY" \
      "$log" | head -5 | sed 's/^/  /'
  else
    echo "$h: ${execs:-?} executions, ${rate} exec/s, ${cov:-cov: ?}, no findings"
  fi
  if [ -n "${FUZZ_KEEP_CORPUS:-}" ]; then
    mkdir -p "$FUZZ_KEEP_CORPUS/$h"
    cp -n "$corpus"/* "$FUZZ_KEEP_CORPUS/$h"/ 2>/dev/null || true
  fi
done
echo "=== fuzz: $total executions in total"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
