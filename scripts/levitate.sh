#!/usr/bin/env bash
# Checks the plugin's use of @grafana/* APIs against the Grafana releases the README claims:
# the app (pages, configuration) from 12.0.0, the nested SLA status panel from 13.2.0.
set -euo pipefail
cd "$(dirname "$0")/.."

check() {
  local path=$1 version=$2
  echo "levitate: ${path} against Grafana ${version}"
  npx levitate is-compatible --path "$path" \
    --target "@grafana/data@${version},@grafana/ui@${version},@grafana/runtime@${version}"
}

check src/module.tsx 12.0.0
check src/module.tsx 13.2.2
check src/panels/slastatus/module.tsx 13.2.0
check src/panels/slastatus/module.tsx 13.2.2
