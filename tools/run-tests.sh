#!/usr/bin/env bash
# Set-up and test suite: installs missing packages, builds and runs every test under the
# release preset and again under the asan preset (AddressSanitizer + UBSan), then runs each
# libFuzzer harness for 60 s under ASan + UBSan on its seed corpus (tools/fuzz.sh,
# fuzz/README.md): any crash, leak or sanitizer report fails the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
# Each stage's start is stamped with the seconds since this script began (the whole run has to
# stay well inside CI's time limit; the stamps say where the time goes).
for preset in release asan; do
  echo "=== kirchhoff tests: preset ${preset}: build (at ${SECONDS} s)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== kirchhoff tests: preset ${preset}: tests (at ${SECONDS} s)"
  ctest --preset "$preset"
done
echo "=== kirchhoff tests: fuzz harnesses, 60 s each (at ${SECONDS} s)"
tools/fuzz.sh 60
echo "=== kirchhoff tests: all passed in ${SECONDS} s"
