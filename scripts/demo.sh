#!/usr/bin/env bash
# Sets up (first run only) and opens the wizard against a throwaway sandbox account on loopback.
# Extra arguments go to aws-harden, e.g.: bash scripts/demo.sh --dry-run
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
exec node dist/cli.js --sandbox "$@"
