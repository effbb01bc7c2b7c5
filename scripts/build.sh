#!/usr/bin/env bash
# Configures and builds QtDrs into ./build (or $QTDRS_BUILD_DIR). Warnings are errors here.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${QTDRS_BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQTDRS_WERROR=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)"
