#!/usr/bin/env bash
# Sets up, then checks the content before publishing: referentials, strict build, links,
# fidelity to the sources, addresses already published (python -m cqpsite verify).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m cqpsite verify "$@"
