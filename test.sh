#!/usr/bin/env bash
# Runs every test against a real PostgreSQL: GASLEDGER_TEST_DB if set (a database the tests may wipe: its
# "gasledger" schema is reset), else an embedded test cluster in .gasledger/test, made and started like run.sh's.
# The database-outage test stops and starts a cluster of its own: GASLEDGER_OUTAGE_DB with GASLEDGER_OUTAGE_CTL (a
# command taking stop|start), else the embedded cluster .gasledger/outage.
#   ./test.sh --faults   also the fault suite's short form on a cluster of its own (./faults.sh --short: one round
#                        of each fault — API node, primary, whole database, standby stopped, standby's disk full,
#                        network partition, a projection's new version rolled over the nodes, bulk import,
#                        rebuild; RELIABILITY.md); other arguments go to dotnet test (--filter …)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/embedded-db.sh
source scripts/browser.sh
gl_require_dotnet
gl_browser
faults=false
test_args=()
for a in "$@"; do
  if [ "$a" = --faults ]; then faults=true; else test_args+=("$a"); fi
done

if [ -z "${GASLEDGER_TEST_DB:-}" ]; then
  # A separate cluster for tests, tuned for speed: its data is thrown away.
  gl_embedded_db test "${GASLEDGER_TEST_PG_PORT:-55433}" fsync=off synchronous_commit=off full_page_writes=off max_connections=200
  export GASLEDGER_TEST_DB="$GL_CONNECTION_STRING"
fi
if [ -z "${GASLEDGER_OUTAGE_DB:-}" ]; then
  # A cluster of its own that the database-outage test stops (as a crash would) and starts under load
  # (scripts/embedded-db-ctl.sh). Durable, as in production: an acknowledged commit must survive the stop.
  gl_embedded_db outage "${GASLEDGER_OUTAGE_PG_PORT:-55436}"
  export GASLEDGER_OUTAGE_DB="$GL_CONNECTION_STRING"
  export GASLEDGER_OUTAGE_CTL="$PWD/scripts/embedded-db-ctl.sh outage"
fi

dotnet build GasLedger.sln -c Release -nologo -v q -clp:ErrorsOnly
set +e
dotnet test GasLedger.sln -c Release --no-build -nologo --logger "console;verbosity=normal" ${test_args[@]+"${test_args[@]}"} 2>&1 \
  | tee "$GL_HOME/test-output.log"
status=${PIPESTATUS[0]}

# The OpenAPI document the tests saved, linted with Spectral's recommended rules: no error, no warning.
if [ "$status" = 0 ] && [ -z "${GASLEDGER_SKIP_OPENAPI_LINT:-}" ]; then
  scripts/lint-openapi.sh "$GL_HOME/openapi.json" || { gl_log "The OpenAPI document does not pass spectral:oas."; status=1; }
fi

# The failed tests again, at the end where a reader of the log's tail sees them, each with its first lines.
if grep -q "^ *Failed [A-Za-z]" "$GL_HOME/test-output.log"; then
  echo "Failed tests:"
  grep -A6 "^ *Failed [A-Za-z]" "$GL_HOME/test-output.log" | cut -c1-300
fi

# The fault suite's short form: each scenario one passed or failed test in the closing line.
faults_passed=0 faults_failed=0
if [ "$faults" = true ]; then
  ./faults.sh --short 2>&1 | tee "$GL_HOME/faults-output.log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  faults_passed=$(grep -Ec '^[a-z-]+: PASSED' "$GL_HOME/faults-output.log" || true)
  faults_failed=$(grep -Ec '^[a-z-]+: FAILED' "$GL_HOME/faults-output.log" || true)
  # nine scenarios; the partition and the standby's disk full need root and are skipped without it
  [ "$faults_passed" -ge 7 ] || { [ "$faults_failed" -gt 0 ] || faults_failed=1; }
fi

# One closing line CI can read: 'N passed, N failed', summed over the test projects' summaries.
count() { grep -Eo "^ +$1: +[0-9]+" "$GL_HOME/test-output.log" | awk '{s+=$2} END {print s+0}'; }
echo "$(( $(count Passed) + faults_passed )) passed, $(( $(count Failed) + faults_failed )) failed, $(count Skipped) skipped"
exit "$status"
