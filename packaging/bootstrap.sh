#!/usr/bin/env bash
# Make sure a bare Debian/Ubuntu machine (python3 and git only) can run `make`:
# it needs make itself and Python's venv module (python3-venv on Debian).
set -euo pipefail
need=()
command -v make >/dev/null 2>&1 || need+=(make)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  ver="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  need+=("python${ver}-venv")
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "bootstrap: please install ${need[*]} (e.g. sudo apt install ${need[*]})" >&2
  exit 1
fi
