#!/usr/bin/env bash
# Sets up everything the tests need (Debian packages, npm packages, the emulator, the build) and runs
# the whole suite inside a private D-Bus session with an unlocked gnome-keyring, so keychain tests use
# a real Secret Service without touching the operator's own keyring. Ends with one summary line:
# "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .cache
rm -f .cache/vitest.json
status=0
bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json "$@" || status=$?
node scripts/test-summary.mjs .cache/vitest.json || status=1
exit "$status"
