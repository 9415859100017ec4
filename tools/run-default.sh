#!/usr/bin/env bash
# Set-up and main job: installs missing packages, builds the release preset and runs the
# built-in default chip and workload, writing results to out/default.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target kirchhoff
exec build/release/kirchhoff run --out out/default "$@"
