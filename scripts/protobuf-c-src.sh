#!/usr/bin/env bash
# protobuf-c-src.sh DIR - put protobuf-c.c (the library's own source, from
# Debian's source package of the installed version) in DIR, so the fuzz
# target compiles it with instrumentation and coverage reaches the decoder.
# The package archive is the one this machine's apt already uses.
# Prints the path of protobuf-c.c, or nothing when it cannot be had (the
# fuzz target then links the uninstrumented system library).
set -uo pipefail
dir=$1
if [ -f "$dir/protobuf-c.c" ]; then echo "$dir/protobuf-c.c"; exit 0; fi
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/src"
dir=$(cd "$dir" && pwd)
uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$uri" ] || uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
suite=$(. /etc/os-release; echo "${VERSION_CODENAME:-bookworm}")
[ -n "$uri" ] || exit 0
echo "deb-src $uri $suite main" >"$dir/apt/sources.list"
opts=(-o "Dir::Etc::sourcelist=$dir/apt/sources.list" -o "Dir::Etc::sourceparts=-"
      -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache" -o "APT::Sandbox::User=root")
timeout 120 apt-get "${opts[@]}" -qq update >/dev/null 2>&1 || exit 0
ver=$(dpkg-query -W -f='${source:Version}' libprotobuf-c-dev 2>/dev/null)
(cd "$dir/src" && timeout 120 apt-get "${opts[@]}" -qq --download-only source "protobuf-c${ver:+=$ver}" >/dev/null 2>&1) || exit 0
tarball=$(ls "$dir"/src/protobuf-c_*.orig.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || exit 0
tar -xf "$tarball" -C "$dir/src" --wildcards '*/protobuf-c/protobuf-c.c' '*/protobuf-c/protobuf-c.h' 2>/dev/null || exit 0
src=$(find "$dir/src" -path '*/protobuf-c/protobuf-c.c' | head -n 1)
[ -n "$src" ] || exit 0
cp "$(dirname "$src")/protobuf-c.h" "$dir/protobuf-c.h"
cp "$src" "$dir/protobuf-c.c"
echo "$dir/protobuf-c.c"
