#!/usr/bin/env bash
# The fault-injection suite of the cluster (RELIABILITY.md): a fresh cluster on this machine — pg_auto_failover's
# monitor, a primary and a synchronous standby (ports 56010–56012), three API nodes (127.0.0.1:5091–5093) and HAProxy
# (127.0.0.1:5090) — a demo city, then each scenario under 200 commands/s with Idempotency-Keys, and after each
# scenario `audit verify`. Everything on 127.0.0.1 and the network namespace it makes, bounded in rounds and seconds;
# it stops what it started.
#   ./faults.sh                              every scenario, full rounds (about an hour): an API node killed ×10,
#                                            the primary killed ×5, the whole database stopped 20 s ×3, the standby
#                                            stopped 20 s ×3, the standby's WAL disk full 20 s ×3, a fourth API
#                                            node cut off from the database 40 s ×3,
#                                            a new projection version rolled over the nodes (blue/green) ×3,
#                                            the bulk import killed ×10, the full rebuild killed ×10
#   ./faults.sh --short                      one of each (./test.sh --faults runs this)
#   ./faults.sh --scenario api-kill --api-kills 3 --rate 200 --seconds 40
#   (scenarios: api-kill primary-kill db-restart standby-stop standby-disk-full partition blue-green import-kill
#    rebuild-kill; rounds: --api-kills --primary-kills --db-restarts --standby-stops --standby-disks-full --partitions
#    --blue-greens --import-kills --rebuild-kills)
# Figures: faults-results/faults-<time>.json and the console.
set -euo pipefail
cd "$(dirname "$0")"
case " $* " in *" --help "* | *" -h "*) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
args=()
for a in "$@"; do
  if [ "$a" = --short ]; then args+=(--api-kills 1 --primary-kills 1 --db-restarts 1 --standby-stops 1 --standby-disks-full 1 --partitions 1 --blue-greens 1 --import-kills 1 --rebuild-kills 1); else args+=("$a"); fi
done
export GL_HOME="$PWD/.gasledger/faults"
export GASLEDGER_CLUSTER_PG_PORT="${GASLEDGER_FAULTS_PG_PORT:-56010}"
export GASLEDGER_ROOT="$PWD"
source scripts/cluster.sh
gl_require_dotnet

# The partition scenario's network namespace: one API node in it, reaching the database over a veth pair at
# 10.231.0.1 (PostgreSQL listens there too), cut off by a routing rule of the namespace's own. Needs CAP_NET_ADMIN.
GL_FAULTS_NETNS=glfaults
faults_netns_remove() { ip netns del "$GL_FAULTS_NETNS" 2>/dev/null || true; ip link del glf-host 2>/dev/null || true; }
faults_netns() {
  faults_netns_remove
  ip netns add "$GL_FAULTS_NETNS" 2>/dev/null || return 1
  ip link add glf-host type veth peer name glf-node && ip link set glf-node netns "$GL_FAULTS_NETNS" \
    && ip addr add 10.231.0.1/30 dev glf-host && ip link set glf-host up \
    && ip -n "$GL_FAULTS_NETNS" addr add 10.231.0.2/30 dev glf-node && ip -n "$GL_FAULTS_NETNS" link set glf-node up \
    && ip -n "$GL_FAULTS_NETNS" link set lo up \
    && ip -n "$GL_FAULTS_NETNS" rule add pref 100 lookup local && ip -n "$GL_FAULTS_NETNS" rule del pref 0
  # (the namespace's own addresses looked up after the partition's rules, so a rule can drop what arrives for them)
}

# The standby's disk full scenario: the standby's pg_wal on a tmpfs of its own (scripts/cluster.sh, gl_cluster_wal_*).
# Needs root (mount).
faults_wal_unmount() {
  local home; home="$(gl_cluster_home)"
  awk -v home="$home" '$1 == "gasledger-wal" && index($2, home) == 1 { print $2 }' /proc/mounts | while read -r m; do umount "$m" || true; done
}
faults_tmpfs() {
  [ "$(id -u)" = 0 ] || return 1
  local probe; probe="$(mktemp -d)"
  mount -t tmpfs -o size=1m gasledger-wal "$probe" 2>/dev/null && umount "$probe"; local ok=$?
  rmdir "$probe"; return $ok
}

cleanup() {
  trap - INT TERM EXIT
  pkill -9 -f "$GL_HOME/api/GasLedger.Api.dll" 2>/dev/null || true # the driver's nodes, however it ended
  gl_cluster_stop || true
  faults_wal_unmount
  faults_netns_remove
}
trap cleanup INT TERM EXIT
# A fresh cluster each run: what it measures does not depend on an earlier run's leftovers.
gl_cluster_stop >/dev/null 2>&1 || true
faults_wal_unmount
rm -rf "$(gl_cluster_home)" "$GL_HOME"
mkdir -p "$GL_HOME"
if faults_netns; then
  export GL_CLUSTER_EXTRA_LISTEN=10.231.0.1 GL_CLUSTER_EXTRA_NET=10.231.0.0/30 GASLEDGER_FAULTS_NETNS="$GL_FAULTS_NETNS"
else
  faults_netns_remove
  gl_log "No network namespace could be made (needs CAP_NET_ADMIN): the partition scenario will be skipped."
fi
if faults_tmpfs; then export GASLEDGER_FAULTS_TMPFS=1
else gl_log "No tmpfs could be mounted (needs root): the standby's disk full scenario will be skipped."; fi
gl_cluster_db

gl_log "Building…"
dotnet build src/Api/GasLedger.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build faults/GasLedger.Faults/GasLedger.Faults.csproj -c Release -nologo -v q -clp:ErrorsOnly
# The nodes run from a copy, so a build during the run (of the tests, say) does not change what a restarted node runs.
cp -r src/Api/bin/Release/net10.0 "$GL_HOME/api"
export GASLEDGER_API_DLL="$GL_HOME/api/GasLedger.Api.dll"
gl_log "Loading a demo city of ${GASLEDGER_FAULTS_ACCOUNTS:-2000} accounts…"
GASLEDGER_DB="$GL_CLUSTER_CONNECTION_STRING" GasLedger__DevKeysDirectory="$GL_HOME" \
  dotnet "$GASLEDGER_API_DLL" city demo --accounts "${GASLEDGER_FAULTS_ACCOUNTS:-2000}" > "$GL_HOME/demo.log" 2>&1 \
  || { tail -n 20 "$GL_HOME/demo.log" >&2; exit 1; }
dotnet faults/GasLedger.Faults/bin/Release/net10.0/GasLedger.Faults.dll ${args[@]+"${args[@]}"}
