#!/usr/bin/env bash
# The project's test command (`npm test`): type checks, lint, unit tests of the plugin and the
# evaluation core (Jest), the engine suite (PGlite and PostgreSQL), and the integration suites
# (real Prometheus, the demo workload, the app in real Chromium through the thin test host).
# Every step runs; the command fails when any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() {
  local name=$1
  shift
  echo
  echo "══════ ${name}: $*"
  if "$@"; then
    echo "══════ ${name}: ok"
  else
    echo "══════ ${name}: FAILED"
    failed+=("$name")
  fi
}

step typecheck npm run --silent typecheck
step typecheck-engine npx tsc -p server/tsconfig.json
step typecheck-tests npx tsc -p tests/tsconfig.json
step lint npm run --silent lint
step unit npm run --silent test:unit
step engine npm run --silent test:engine
step integration npm run --silent test:integration
# @grafana/plugin-e2e specs: they run against GRAFANA_URL and are reported as skipped without one
step e2e-grafana npx playwright test --reporter=list

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test steps failed: ${failed[*]}"
  exit 1
fi
echo "all test steps passed"
