#!/usr/bin/env bash
# Sets up everything the tests need (Debian packages, npm packages, the emulator, the build) and runs
# the whole suite inside a private D-Bus session with an unlocked gnome-keyring, so keychain tests use
# a real Secret Service without touching the operator's own keyring. Typecheck (src, test, scripts),
# lint and the formatter's check run first; either failing fails the run, but the tests still run so one run shows
# everything. Ends with one summary line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .cache
rm -f .cache/vitest.json
status=0
failed_checks=()
npm run --silent typecheck </dev/null || { status=1; failed_checks+=(typecheck); }
npm run --silent lint </dev/null || { status=1; failed_checks+=(lint); }
npm run --silent format:check </dev/null || { status=1; failed_checks+=(format); }
bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json "$@" || status=$?
[ "${#failed_checks[@]}" -eq 0 ] || printf 'static checks failed: %s\n' "${failed_checks[*]}"
node scripts/test-summary.mjs .cache/vitest.json || status=1
exit "$status"
