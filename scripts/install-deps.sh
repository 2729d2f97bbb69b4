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
  debhelper dh-python dpkg-dev lintian help2man abigail-tools ccache \
  python3-setuptools python3-venv python3-pip jupyter-nbconvert python3-ipykernel \
  clang-14 libfuzzer-14-dev libclang-rt-14-dev libomp-14-dev
