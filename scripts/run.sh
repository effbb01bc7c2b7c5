#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts the demo service.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
build="${QTDRS_BUILD_DIR:-build}"
exec "$build/examples/demo/drs-demo" "$@"
