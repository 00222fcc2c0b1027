#!/usr/bin/env bash
# Runs every benchmark (Classify, Assess, DecisionEngine vs RulesEngine) in Release, out of process.
# Usage: tests/EmergencyPlans.Benchmarks/run.sh [BenchmarkDotNet args...]
#   default: --filter '*' with the project's job (5 warmup + 25 measured iterations)
#   e.g.     run.sh --filter '*Compare*'      run.sh --filter '*' --job short
# Results: the summary tables are printed; Markdown/CSV/HTML reports land in BenchmarkDotNet.Artifacts/results/
# under this folder (ignored by git). The machine is shared: check `uptime` first, the medians move with load.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
if [ "$#" -eq 0 ]; then
  set -- --filter '*'
fi
echo "# load: $(uptime)"
exec dotnet run -c Release --project tests/EmergencyPlans.Benchmarks -- --artifacts "$here/BenchmarkDotNet.Artifacts" "$@"
