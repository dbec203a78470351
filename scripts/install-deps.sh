#!/usr/bin/env bash
# Installs what slapack needs from Debian's packages, skipping what is there.
# Run as root (or with sudo available). Used by demo.sh and test.sh.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libhpdf-dev libxlsxwriter-dev libcsv-dev
    libjansson-dev libcurl4-openssl-dev libpng-dev fonts-dejavu-core tzdata)
test_pkgs=(libcmocka-dev poppler-utils qpdf xlsx2csv unzip python3 python3-aiosmtpd valgrind)

want=("${build_pkgs[@]}")
[ "${1:-}" = "--tests" ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "slapack: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
