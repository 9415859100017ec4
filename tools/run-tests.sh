#!/usr/bin/env bash
# Set-up and test suite: installs missing packages, builds and runs every test under the
# release preset and again under the asan preset (AddressSanitizer + UBSan), then runs each
# libFuzzer harness for 60 s under ASan + UBSan on its seed corpus (tools/fuzz.sh,
# fuzz/README.md): any crash, leak or sanitizer report fails the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
for preset in release asan; do
  echo "=== kirchhoff tests: preset ${preset}"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
echo "=== kirchhoff tests: fuzz harnesses, 60 s each"
tools/fuzz.sh 60
