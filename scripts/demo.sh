#!/usr/bin/env bash
# Sets up (first run only) and opens the wizard against a throwaway sandbox account on loopback.
# Extra arguments go to aws-harden, e.g.: bash scripts/demo.sh --dry-run
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
# Names this script in the exit message ("run `bash scripts/demo.sh` to start a new one"): the
# aws-harden command itself is not on a demo user's PATH.
export AWS_HARDEN_LAUNCHER="bash scripts/demo.sh"
exec node dist/cli.js --sandbox "$@"
