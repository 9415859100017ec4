#!/usr/bin/env bash
# Installs the Debian 12 packages Kirchhoff needs, only those missing (fast when all are there).
# The Python ones and chromium: tools/plot_sweep.py, tools/report.py and their tests.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config clang-format
  libsystemc-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  librandom123-dev libgtest-dev libgmock-dev gtkwave libonnx-dev libprotobuf-dev
  slurm-wlm munge  # slurm-wlm, munge: tools/slurm-local.sh, the Slurm sweep test
  python3-matplotlib python3-pandas python3-plotly python3-yaml chromium)
# fuzz: also clang and libFuzzer (tools/fuzz.sh). --train: also what tools/train_fmnist.py
# needs (not the build or the tests, which read the shipped data/fmnist/ files);
# libopenblas0-serial makes torch's CPU GEMMs ~10x faster than the reference BLAS.
if [ "${1:-}" = "fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
elif [ "${1:-}" = "--train" ]; then
  packages+=(python3-torch python3-onnx python3-numpy dataset-fashion-mnist libopenblas0-serial)
fi
packages+=(python3-matplotlib)  # tools/noc_curves.py: the figures of docs/network.md
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "kirchhoff: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
