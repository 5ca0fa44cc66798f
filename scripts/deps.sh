#!/usr/bin/env bash
# deps.sh - install the Debian packages rongpei needs, if any are missing.
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail

pkgs=(
  gcc make pkg-config openssl ca-certificates
  libuv1-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev
  libargon2-dev libjansson-dev check
  postgresql-15 postgresql-client-15
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils libxlsxwriter-dev unzip
  libzip-dev libexpat1-dev glpk-utils
  clang libclang-rt-14-dev
  python3 python3-protobuf protobuf-compiler
  procps
)

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "rongpei needs these Debian packages, which are not installed:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  echo "Run that line (as root), then run make again." >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "packages installed"
