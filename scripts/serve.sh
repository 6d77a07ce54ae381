#!/usr/bin/env bash
# Sets up, builds the site strictly (a broken referential is never served), then serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/mkdocs build --strict --site-dir "$(mktemp -d)"
exec .venv/bin/mkdocs serve --dev-addr "${ADDR:-127.0.0.1:8000}" "$@"
