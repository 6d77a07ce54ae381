#!/usr/bin/env bash
# Installs everything the site and its tests need: Debian packages when run as root
# (Pango for PDF, Chromium for browser tests), then a virtualenv in .venv with the project.
set -euo pipefail
cd "$(dirname "$0")/.."
want_browser="${1:-}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  pkgs="libpango-1.0-0 libpangoft2-1.0-0 python3-venv"
  [ "$want_browser" = "--tests" ] && pkgs="$pkgs chromium poppler-utils"
  missing=""
  for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""
[ "$want_browser" = "--tests" ] && extra="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"
