#!/usr/bin/env bash
# Sets up, then runs every check: ruff, mypy --strict, pytest (warnings are errors, browser
# tests included), and a strict build of the real site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check src hooks tests scripts
.venv/bin/ruff format --check src hooks tests scripts
.venv/bin/mypy src hooks
.venv/bin/python -m cqpsite check
.venv/bin/python -m pytest -W error "$@"
.venv/bin/mkdocs build --strict --site-dir "$(mktemp -d)"
