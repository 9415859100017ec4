#!/usr/bin/env bash
# Set-up and main job: installs missing packages, builds the release preset and runs the
# built-in demo (the shipped CNN on 256 test images, app/builtin_demo.h), writing results to
# out/default.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target kirchhoff
exec build/release/kirchhoff run --out out/default "$@"
