#!/usr/bin/env bash
# Load test of the REST host on this machine: builds Release, starts the host from a private copy of its
# build output with a fresh data folder, waits for /health/ready, runs
#   steady    open loop, RATE req/s for DURATION s (50% POST /assessments, 50% GET /incidents/{id})
#   saturate  closed loop, CONCURRENCY workers on POST /assessments for SAT_DURATION s
# prints both reports and stops the host. Exit code: non-zero if a request failed (or the host did not start).
#
# Usage: tests/EmergencyPlans.LoadTests/run.sh
# Knobs (environment):
#   PORT=5080 RATE=2000 DURATION=60 CONCURRENCY=64 SAT_DURATION=25 MODES="steady saturate"
#   WARMUP=30         steady's unmeasured warm-up: closed loop, 8 workers, same mix (a fresh host spends its
#                     first ~30 s of traffic JIT-compiling); WARMUP=0 LEAD_IN=5 measures a cold host instead
#   LEAD_IN=2         open-loop seconds at RATE before the measured window
#   SERVER_GC=0       DOTNET_gcServer for the host: 0 workstation (default here), 1 server; SERVER_GC= (empty)
#                     keeps the host's runtimeconfig (Web SDK default: Server GC). On 2 shared cores workstation
#                     GC measured lower RSS (flat ~148-155 MB vs 150-168 MB) and shorter tails; see README.md
#   GC_HEAP_LIMIT=    e.g. 0x6400000 (100 MB) -> DOTNET_GCHeapHardLimit; unset: none
#   GC_CONSERVE=      0-9 -> DOTNET_GCConserveMemory; unset: none
#   CONTENT_ROOT=app  app: run from the build output, so its appsettings.json (Information, Microsoft.AspNetCore
#                     at Warning) applies, as in a deployment; repo: run from the repository root as in the
#                     README's dotnet command, where no appsettings.json is found and every request is logged
#   OCCURRED_AT=     when the incidents occurred (e.g. 2026-03-01T08:00:00+08:00, the fixed time used until 2026-12-07);
#                     unset: two hours before the run
#   KEEP=1            keep the work folder (server log, data) instead of deleting it
# The machine is shared: `uptime` is printed before and after each phase; repeat if the load was high.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PORT="${PORT:-5080}"
RATE="${RATE:-2000}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-30}"
SERVER_GC="${SERVER_GC-0}"
LEAD_IN="${LEAD_IN:-2}"
CONCURRENCY="${CONCURRENCY:-64}"
SAT_DURATION="${SAT_DURATION:-25}"
MODES="${MODES:-steady saturate}"
CONTENT_ROOT="${CONTENT_ROOT:-app}"
KEY="loadtest-key-0123456789"
url="http://127.0.0.1:$PORT"

cd "$repo"
echo "# building Release"
dotnet build -c Release -nologo -v q src/EmergencyPlans.Api/EmergencyPlans.Api.csproj
dotnet build -c Release -nologo -v q tests/EmergencyPlans.LoadTests/EmergencyPlans.LoadTests.csproj

work="$(mktemp -d /tmp/ep-loadtest.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "# kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A private copy: others may rebuild src/ while the test runs.
cp -r src/EmergencyPlans.Api/bin/Release/net10.0 "$work/server"
mkdir -p "$work/data"

if curl -s -o /dev/null "$url/health/live"; then
  echo "something already listens on $url: stop it or set PORT" >&2
  exit 2
fi

env_args=()
[ -n "${SERVER_GC:-}" ] && env_args+=("DOTNET_gcServer=$SERVER_GC")
[ -n "${GC_HEAP_LIMIT:-}" ] && env_args+=("DOTNET_GCHeapHardLimit=$GC_HEAP_LIMIT")
[ -n "${GC_CONSERVE:-}" ] && env_args+=("DOTNET_GCConserveMemory=$GC_CONSERVE")
case "$CONTENT_ROOT" in
  app) server_cwd="$work/server" ;;
  repo) server_cwd="$repo" ;;
  *) echo "CONTENT_ROOT must be app or repo" >&2; exit 2 ;;
esac
echo "# server: $work/server/EmergencyPlans.Api.dll, cwd $server_cwd, env: ${env_args[*]:-(defaults from runtimeconfig: $(grep -o '"System.GC.Server": [a-z]*' "$work/server/EmergencyPlans.Api.runtimeconfig.json"))}"
(
  cd "$server_cwd"
  exec env ${env_args[@]+"${env_args[@]}"} dotnet "$work/server/EmergencyPlans.Api.dll" \
    --urls "$url" \
    --EmergencyPlans:DataDirectory="$work/data" \
    --EmergencyPlans:PlansDirectory="$repo/plans" \
    --Auth:Keys:0:Key="$KEY" --Auth:Keys:0:Roles:0=duty-officer --Auth:CreateKeysOnFirstRun=false
) >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "$url/health/ready"; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited:" >&2; cat "$work/server.log" >&2; exit 2; fi
  sleep 0.5
done
curl -sf -o /dev/null "$url/health/ready" || { echo "server not ready after 60 s" >&2; cat "$work/server.log" >&2; exit 2; }
echo "# server ready, pid $server_pid, RSS at idle $(awk '/VmRSS/{print $2, $3}' "/proc/$server_pid/status")"

gen="tests/EmergencyPlans.LoadTests/bin/Release/net10.0/EmergencyPlans.LoadTests.dll"
occurred_args=()
[ -n "${OCCURRED_AT:-}" ] && occurred_args+=(--occurred-at "$OCCURRED_AT")
status=0
for mode in $MODES; do
  echo
  echo "# before $mode: $(uptime)"
  case "$mode" in
    steady) dotnet "$gen" steady --url "$url" --key "$KEY" --server-pid "$server_pid" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --lead-in "$LEAD_IN" ${occurred_args[@]+"${occurred_args[@]}"} || status=1 ;;
    saturate) dotnet "$gen" saturate --url "$url" --key "$KEY" --server-pid "$server_pid" --concurrency "$CONCURRENCY" --duration "$SAT_DURATION" ${occurred_args[@]+"${occurred_args[@]}"} || status=1 ;;
    *) echo "unknown mode $mode" >&2; status=2 ;;
  esac
  echo "# after $mode: $(uptime)"
done

echo
echo "# server log: $(wc -l <"$work/server.log") lines, $(wc -c <"$work/server.log") bytes over the whole run; last lines:"
tail -n 5 "$work/server.log"
exit "$status"
