#!/usr/bin/env bash
# Measures GasLedger beside the physical limit, on one database, in one run (see BENCHMARKS.md):
#   ./bench.sh --quick            20,000 accounts, about five minutes
#   ./bench.sh                    1,000,000 accounts (about an hour on 2 cores; ~75 GB of disk with the WAL)
#   ./bench.sh --accounts 100000  any size; --years N of history (5; fewer where the disk is short); also --clients N --rate R --seconds S --command-runs N (3) --copy-limit N --floor-sample N --analyst-reads N
#   --until STAGE stops after a stage, --from STAGE resumes there (stages: import copy seal rebuild read floor api queries workbench marten size);
#   the figures so far are kept in bench-results/<size>.partial.json after every stage.
# It runs its own PostgreSQL cluster (.gasledger/bench, port 55434 or the next free one) with durable settings
# (fsync and synchronous commit on), empties it, and writes bench-results/<size>.md and .json.
set -euo pipefail
cd "$(dirname "$0")"
case " $* " in *" --help "* | *" -h "*) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
source scripts/embedded-db.sh
source scripts/browser.sh
gl_require_dotnet
gl_browser # the workbench stage's browser

# The bench cluster restarts with these settings each run; the data written before is dropped by the benchmark.
if [ -f "$GL_HOME/bench/PG_VERSION" ] || [ -L "$GL_HOME/bench" ]; then
  gl_pg_bin && gl_as_owner "$PG_BIN/pg_ctl" -D "$GL_HOME/bench" stop -m fast >/dev/null 2>&1 || true
fi
gl_embedded_db bench "${GASLEDGER_BENCH_PG_PORT:-55434}" shared_buffers=4GB max_wal_size=4GB checkpoint_timeout=30min \
  work_mem=64MB maintenance_work_mem=1GB max_connections=200 fsync=on synchronous_commit=on wal_compression=lz4 \
  shared_preload_libraries=pg_stat_statements track_io_timing=on
export GASLEDGER_DB="$GL_CONNECTION_STRING"
# The keys of the benchmark database (the party records' master key among them) stay beside its cluster, so a run
# resumed with --from reads the parties an earlier run imported. A run from the import starts them afresh.
export GASLEDGER_BENCH_KEYS="$GL_HOME/bench-keys"
case " $* " in *" --from import "*) rm -rf "$GASLEDGER_BENCH_KEYS" ;; *" --from "*) ;; *) rm -rf "$GASLEDGER_BENCH_KEYS" ;; esac

gl_log "Building…"
dotnet build bench/GasLedger.Bench/GasLedger.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet bench/GasLedger.Bench/bin/Release/net10.0/GasLedger.Bench.dll "$@"
