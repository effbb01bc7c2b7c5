#!/usr/bin/env bash
# Installs what building and testing QtDrs needs on Debian 12, skipping what is already there.
# Idempotent; run as root (or with sudo available). Used by scripts/run.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev
    libgl-dev
    golang-go golang-golang-x-net-dev
    nodejs npm
    openssl xvfb xauth
    clang libclang-rt-14-dev
    qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6
    qt6-declarative-dev qt6-declarative-dev-tools qml6-module-qtquick qml6-module-qtquick-controls
    qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-window
    qml6-module-qtqml-workerscript qml6-module-qttest
)

missing=()
for p in "${packages[@]}"; do
    # node/npm may come from elsewhere (nodesource, nvm): accept the commands instead.
    case "$p" in
        nodejs) command -v node >/dev/null 2>&1 && continue ;;
        npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Node interop peer's npm packages (pinned by its package-lock.json).
if [ -f tests/interop/node/package-lock.json ] && [ ! -d tests/interop/node/node_modules ]; then
    echo "setup: installing the Node interop peer's packages"
    npm ci --prefix tests/interop/node --no-audit --no-fund --loglevel=error
fi
