# Sourced by run.sh --cluster and faults.sh: GasLedger on several nodes, built from engines Debian packages.
#
#   gl_cluster_db            the database: pg_auto_failover's monitor and two PostgreSQL nodes, a primary and a
#                            synchronous hot standby, made once in .gasledger/cluster and started if down; sets
#                            GL_CLUSTER_CONNECTION_STRING (Npgsql, both hosts, Target Session Attributes=primary)
#   gl_cluster_api N PORT    starts API node N on 127.0.0.1:PORT in cluster mode (GasLedger:Cluster) in the background
#   gl_cluster_balancer PORT PORTS…   HAProxy on 127.0.0.1:PORT in front of the API nodes, by /health/ready
#   gl_cluster_state         pg_auto_failover's view of the nodes
#   gl_cluster_stop          stops what this machine's cluster runs (API nodes, HAProxy, PostgreSQL nodes, monitor)
#   gl_cluster_db_stop       stops the database cluster alone (the fault suite's database restart)
#
# Why pg_auto_failover rather than Patroni: one small engine (a monitor and a keeper per node, all PostgreSQL) that
# sets up the synchronous standby itself, where Patroni needs a distributed store (etcd) of three members to decide
# safely. On one machine every part listens on 127.0.0.1 and the engine's own roles (replication, monitor) are trusted
# from the loopback address only; the application's role signs in with a password (SCRAM). docs/cluster.md gives the
# same cluster on real machines (one node per host, SCRAM and TLS for the engine's roles too).

source "$(dirname "${BASH_SOURCE[0]}")/embedded-db.sh"

GL_CLUSTER_MONITOR_PORT="${GASLEDGER_CLUSTER_PG_PORT:-56000}"
GL_CLUSTER_NODES=2
# The superuser reaches the nodes by their Unix sockets (Debian's PostgreSQL puts them here); over TCP only with a password.
GL_CLUSTER_SOCKETS=/var/run/postgresql

gl_cluster_home() {
  local home="$GL_HOME/cluster"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    if ! runuser -u postgres -- test -x "$GL_HOME"; then
      home="/var/lib/gasledger/$(printf '%s' "$GL_HOME" | sha1sum | cut -c1-12)/cluster"
    fi
  fi
  echo "$home"
}

# Runs pg_autoctl as the clusters' owner, with its configuration kept in the cluster's folder.
gl_autoctl() {
  local home; home="$(gl_cluster_home)"
  gl_as_owner env PATH="$PG_BIN:$PATH" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" pg_autoctl "$@"
}

gl_cluster_install() {
  command -v pg_autoctl >/dev/null && [ -n "$(ls /usr/lib/postgresql/*/lib/pgautofailover.so 2>/dev/null)" ] && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  local version; version="$(basename "$(dirname "$PG_BIN")")"
  gl_log "Installing pg_auto_failover (postgresql-$version-auto-failover, pg-auto-failover-cli)…"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "postgresql-$version-auto-failover" pg-auto-failover-cli >/dev/null
}

gl_cluster_monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$GL_CLUSTER_MONITOR_PORT/pg_auto_failover?sslmode=disable"; }

# Starts `pg_autoctl run` for a data directory in the background unless it runs already.
gl_cluster_run() {
  local home="$1" name="$2"
  if gl_autoctl status --pgdata "$home/$name" >/dev/null 2>&1; then return 0; fi
  # Every descriptor of the background shell away from the caller's, or a caller reading this output waits for it.
  gl_as_owner bash -c "cd '$home' && PATH='$PG_BIN':\$PATH XDG_CONFIG_HOME='$home/config' XDG_DATA_HOME='$home/data' \
    nohup pg_autoctl run --pgdata '$home/$name' >>'$home/$name.log' 2>&1 &" </dev/null >/dev/null 2>&1
}

# Waits until the monitor reports a primary and every standby as secondary (at most $2 seconds).
gl_cluster_wait_healthy() {
  local home="$1" limit="${2:-120}" i state
  for ((i = 0; i < limit; i++)); do
    state="$(gl_autoctl show state --pgdata "$home/monitor" 2>/dev/null || true)"
    if [ "$(grep -c '| *primary *| *primary *$' <<<"$state")" = 1 ] \
      && [ "$(grep -c '| *secondary *| *secondary *$' <<<"$state")" = $((GL_CLUSTER_NODES - 1)) ]; then
      return 0
    fi
    # A standby's base backup waits for a checkpoint: ask the primary for it rather than waiting for the next one.
    if grep -q 'catchingup\|wait_standby' <<<"$state"; then
      gl_cluster_sql "checkpoint" >/dev/null 2>&1 || true
    fi
    sleep 1
  done
  gl_log "The database cluster did not become healthy in ${limit} s:"; echo "$state" >&2
  return 1
}

# Runs SQL as the superuser on the current primary.
gl_cluster_sql() {
  local port
  for port in $(gl_cluster_node_ports); do
    if [ "$(gl_as_owner "$PG_BIN/psql" -h "$GL_CLUSTER_SOCKETS" -p "$port" -d gasledger -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = f ]; then
      gl_as_owner "$PG_BIN/psql" -h "$GL_CLUSTER_SOCKETS" -p "$port" -d gasledger -v ON_ERROR_STOP=1 -qtAc "$1"
      return
    fi
  done
  return 1
}

gl_cluster_node_ports() {
  local n; for ((n = 1; n <= GL_CLUSTER_NODES; n++)); do echo $((GL_CLUSTER_MONITOR_PORT + n)); done
}

# The engine's own lines of pg_hba.conf (its roles, trusted from the loopback address) stay first; the catch-all
# lines initdb wrote (trust for every role from the loopback address) move after them as SCRAM, so the application's
# role and the superuser need a password over TCP. The first line that matches decides.
gl_cluster_hba() {
  local file="$1/pg_hba.conf"
  gl_as_owner bash -c "awk '/^host +(all|replication) +all +/ { sub(/trust\$/, \"scram-sha-256\"); last = last \$0 \"\\n\"; next }
    { print } END { printf \"%s\", last }' '$file' > '$file.new' && mv '$file.new' '$file'"
}

gl_cluster_db() {
  gl_pg_bin || return 1
  gl_cluster_install || return 1
  local home; home="$(gl_cluster_home)"
  mkdir -p "$home"; [ "$(id -u)" = 0 ] && chown postgres "$home"; chmod 700 "$home"
  local pw_file="$GL_HOME/cluster.password"
  [ -f "$pw_file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$pw_file")
  local uri; uri="$(gl_cluster_monitor_uri)"

  if [ ! -f "$home/monitor/PG_VERSION" ]; then
    gl_log "Creating the pg_auto_failover monitor on 127.0.0.1:$GL_CLUSTER_MONITOR_PORT…"
    gl_as_owner bash -c "cd '$home' && PATH='$PG_BIN':\$PATH XDG_CONFIG_HOME='$home/config' XDG_DATA_HOME='$home/data' \
      pg_autoctl create monitor --pgdata '$home/monitor' --pgport $GL_CLUSTER_MONITOR_PORT --hostname 127.0.0.1 --listen 127.0.0.1 \
      --auth trust --no-ssl >>'$home/monitor.log' 2>&1" || { gl_as_owner tail -n 20 "$home/monitor.log" >&2; return 1; }
  fi
  gl_cluster_run "$home" monitor
  local i; for ((i = 0; i < 60; i++)); do
    gl_as_owner "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$GL_CLUSTER_MONITOR_PORT" && break; sleep 1
  done

  # GL_CLUSTER_EXTRA_LISTEN: another address of this machine the nodes listen on too (the fault suite's network namespace).
  local n port listen="127.0.0.1${GL_CLUSTER_EXTRA_LISTEN:+,$GL_CLUSTER_EXTRA_LISTEN}"
  for ((n = 1; n <= GL_CLUSTER_NODES; n++)); do
    port=$((GL_CLUSTER_MONITOR_PORT + n))
    if [ ! -f "$home/node$n/PG_VERSION" ]; then
      gl_log "Creating PostgreSQL node $n on 127.0.0.1:$port…"
      # Created in the background with --run: a standby's creation waits for the primary, which this loop starts.
      gl_as_owner bash -c "cd '$home' && PATH='$PG_BIN':\$PATH XDG_CONFIG_HOME='$home/config' XDG_DATA_HOME='$home/data' \
        nohup pg_autoctl create postgres --pgdata '$home/node$n' --pgport $port --hostname 127.0.0.1 --listen '$listen' --name node$n \
        --auth trust --no-ssl --dbname gasledger --monitor '$uri' --run >>'$home/node$n.log' 2>&1 &" </dev/null >/dev/null 2>&1
      if [ "$n" = 1 ]; then
        for ((i = 0; i < 120; i++)); do
          [ "$(gl_as_owner "$PG_BIN/psql" -h "$GL_CLUSTER_SOCKETS" -p "$port" -d gasledger -tAc 'select 1' 2>/dev/null)" = 1 ] && break; sleep 1
        done
        gl_cluster_sql "create role gasledger login password '$(cat "$pw_file")'; alter database gasledger owner to gasledger; grant pg_monitor to gasledger" \
          || { gl_log "Could not create the application's role."; return 1; }
        # Each API node holds up to three pools (Marten's, Wolverine's, the host's own): room for three nodes, a
        # command-line tool and the engine. Set before the standby's base backup, which copies it.
        gl_cluster_sql "alter system set max_connections = 400" >/dev/null
        gl_cluster_sql "alter system set default_toast_compression = 'lz4'" >/dev/null
        # A client that vanishes (its machine dead, the network cut) is dropped within about 20 s, its transaction
        # rolled back and its locks freed, instead of after the kernel's two hours of silence.
        gl_cluster_sql "alter system set tcp_keepalives_idle = 10" >/dev/null
        gl_cluster_sql "alter system set tcp_keepalives_interval = 3" >/dev/null
        gl_cluster_sql "alter system set tcp_keepalives_count = 3" >/dev/null
        gl_cluster_sql "alter system set tcp_user_timeout = 20000" >/dev/null
        # Stopped, and started again by its keeper (a `pg_ctl restart` races the keeper's own start and can wait on
        # the new server's pid file for its whole minute).
        gl_as_owner "$PG_BIN/pg_ctl" -D "$home/node1" stop -m fast -W >/dev/null
        for ((i = 0; i < 60; i++)); do
          [ "$(gl_cluster_sql 'show max_connections' 2>/dev/null)" = 400 ] && break; sleep 1
        done
      fi
    else
      gl_cluster_run "$home" "node$n"
    fi
  done
  gl_cluster_wait_healthy "$home" 180 || return 1
  if [ ! -f "$home/hba-done" ]; then
    # Once every node has its engine's lines (a node adds the replication lines when a standby registers).
    for ((n = 1; n <= GL_CLUSTER_NODES; n++)); do
      gl_cluster_hba "$home/node$n"
      [ -z "${GL_CLUSTER_EXTRA_NET:-}" ] \
        || gl_as_owner bash -c "echo 'host gasledger gasledger $GL_CLUSTER_EXTRA_NET scram-sha-256' >> '$home/node$n/pg_hba.conf'"
      gl_as_owner "$PG_BIN/psql" -h "$GL_CLUSTER_SOCKETS" -p $((GL_CLUSTER_MONITOR_PORT + n)) -d gasledger -qtAc "select pg_reload_conf()" >/dev/null
    done
    gl_as_owner touch "$home/hba-done"
  fi

  local hosts="" p; for p in $(gl_cluster_node_ports); do hosts="${hosts:+$hosts,}127.0.0.1:$p"; done
  # Every host; Npgsql writes to the one that is primary now and finds the new one after a failover.
  GL_CLUSTER_CONNECTION_STRING="Host=$hosts;Database=gasledger;Username=gasledger;Password=$(cat "$pw_file");Target Session Attributes=primary;Maximum Pool Size=25;Host Recheck Seconds=2"
  (umask 077; echo "$GL_CLUSTER_CONNECTION_STRING" > "$GL_HOME/cluster.connection-string")
  export GL_CLUSTER_CONNECTION_STRING
}

gl_cluster_state() { gl_autoctl show state --pgdata "$(gl_cluster_home)/monitor"; }

# API node N on PORT, its output in .gasledger/cluster-apiN.log, its process id in .gasledger/cluster-apiN.pid.
gl_cluster_api() {
  local n="$1" port="$2"
  GASLEDGER_DB="$GL_CLUSTER_CONNECTION_STRING" GasLedger__Cluster=true GasLedger__Node="api$n" \
    GasLedger__DevKeysDirectory="${GasLedger__DevKeysDirectory:-$GL_HOME}" \
    nohup dotnet src/Api/bin/Release/net10.0/GasLedger.Api.dll --urls "http://127.0.0.1:$port" \
    >"$GL_HOME/cluster-api$n.log" 2>&1 &
  echo $! > "$GL_HOME/cluster-api$n.pid"
}

# Waits until http://127.0.0.1:PORT/health/ready answers 200 (at most $2 seconds).
gl_cluster_wait_ready() {
  local port="$1" limit="${2:-120}" i
  for ((i = 0; i < limit; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && return 0; sleep 1
  done
  return 1
}

gl_cluster_balancer() {
  local port="$1"; shift
  command -v haproxy >/dev/null || {
    gl_log "Installing HAProxy…"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
    $sudo apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy >/dev/null
  }
  local cfg="$GL_HOME/cluster-haproxy.cfg" n=0 p
  # HAProxy's own 503, when no node is ready (the database away), as the API's: problem details with Retry-After.
  local body='{"title":"The service is unavailable.","status":503,"detail":"No API node is ready: the database cannot be reached or is starting; retry in a few seconds. Nothing was written."}'
  printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 2\r\nCache-Control: no-store\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "$body" > "$GL_HOME/cluster-haproxy-503.http"
  {
    echo "global"
    echo "  maxconn 4096"
    echo "defaults"
    echo "  mode http"
    echo "  timeout connect 2s"
    echo "  timeout client 120s"
    echo "  timeout server 120s"
    # Only a request that never reached a node is sent to another (HAProxy retries on connection failures only):
    # a command that reached a node and lost its answer is settled by the client's retry with its Idempotency-Key.
    echo "  retries 2"
    echo "  option redispatch"
    echo "frontend gasledger"
    echo "  bind 127.0.0.1:$port"
    echo "  default_backend api"
    echo "  errorfile 503 $GL_HOME/cluster-haproxy-503.http"
    echo "backend api"
    echo "  balance roundrobin"
    echo "  option httpchk GET /health/ready"
    echo "  http-check expect status 200"
    # A node that stops answering is out after two missed checks; a slow check (the node busy) is given 3 s. Requests
    # under way on a node marked down are left to finish: a dead node's break by themselves.
    echo "  timeout check 3s"
    echo "  default-server inter 1s fall 2 rise 2"
    for p in "$@"; do n=$((n + 1)); echo "  server api$n 127.0.0.1:$p check"; done
  } > "$cfg"
  nohup haproxy -f "$cfg" -db >"$GL_HOME/cluster-haproxy.log" 2>&1 &
  echo $! > "$GL_HOME/cluster-haproxy.pid"
}

gl_cluster_stop() {
  local f pid pids=() i
  for f in "$GL_HOME"/cluster-api*.pid "$GL_HOME/cluster-haproxy.pid"; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"; rm -f "$f"
    kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  # The API nodes stop gracefully (their projections handed back) while the database is still up; 15 s at most.
  for ((i = 0; i < 30; i++)); do
    local alive=0; for pid in ${pids[@]+"${pids[@]}"}; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.5
  done
  for pid in ${pids[@]+"${pids[@]}"}; do kill -9 "$pid" 2>/dev/null || true; done
  gl_cluster_db_stop
}

# A PostgreSQL node's data directory, by its port.
gl_cluster_node_data() { echo "$(gl_cluster_home)/node$(($1 - GL_CLUSTER_MONITOR_PORT))"; }

# Stops one PostgreSQL node of the cluster (its keeper and its server), by its port; gl_cluster_node_start starts it.
gl_cluster_node_stop() {
  gl_pg_bin || return 1
  gl_autoctl stop --pgdata "$(gl_cluster_node_data "$1")" >/dev/null
}

gl_cluster_node_start() {
  gl_pg_bin || return 1
  gl_cluster_run "$(gl_cluster_home)" "node$(($1 - GL_CLUSTER_MONITOR_PORT))"
}

# Stops the database cluster alone: its PostgreSQL nodes, then the monitor (gl_cluster_db starts them again).
gl_cluster_db_stop() {
  gl_pg_bin || return 1
  local home n; home="$(gl_cluster_home)"
  for ((n = GL_CLUSTER_NODES; n >= 1; n--)); do
    [ -d "$home/node$n" ] && gl_autoctl stop --pgdata "$home/node$n" >/dev/null 2>&1 || true
  done
  [ -d "$home/monitor" ] && gl_autoctl stop --pgdata "$home/monitor" >/dev/null 2>&1 || true
}

# The standby's disk full (./faults.sh --scenario standby-disk-full; root only: it mounts): a node's pg_wal moved onto
# a tmpfs of its own (gl_cluster_wal_small PORT [SIZE]; the node stopped and started for it), that file system filled to
# its last byte (gl_cluster_wal_fill PORT) and emptied (gl_cluster_wal_free PORT), and pg_wal put back on the data
# directory's disk (gl_cluster_wal_back PORT).

gl_cluster_node_wait_stopped() {
  local data; data="$(gl_cluster_node_data "$1")"
  for _ in $(seq 120); do
    gl_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 0
    sleep 0.5
  done
  gl_log "PostgreSQL of $data did not stop"; return 1
}

gl_cluster_wal_small() {
  local data; data="$(gl_cluster_node_data "$1")"
  [ -L "$data/pg_wal" ] && return 0
  gl_cluster_node_stop "$1" && gl_cluster_node_wait_stopped "$1" || return 1
  mkdir -p "$data.wal"
  mount -t tmpfs -o "size=${2:-2g},mode=0700" gasledger-wal "$data.wal" || return 1
  chown "$(stat -c %u:%g "$data")" "$data.wal"
  cp -a "$data/pg_wal/." "$data.wal/" && rm -rf "$data/pg_wal" && ln -s "$data.wal" "$data/pg_wal" && chown -h "$(stat -c %u:%g "$data")" "$data/pg_wal"
  gl_cluster_node_start "$1"
}

gl_cluster_wal_fill() { dd if=/dev/zero of="$(gl_cluster_node_data "$1").wal/filler" bs=1M status=none 2>/dev/null || true; }

gl_cluster_wal_free() { rm -f "$(gl_cluster_node_data "$1").wal/filler"; }

gl_cluster_wal_back() {
  local data; data="$(gl_cluster_node_data "$1")"
  [ -L "$data/pg_wal" ] || return 0
  gl_cluster_node_stop "$1" && gl_cluster_node_wait_stopped "$1" || return 1
  rm -f "$data.wal/filler" "$data/pg_wal" && mkdir "$data/pg_wal" && cp -a "$data.wal/." "$data/pg_wal/" \
    && chown -R "$(stat -c %u:%g "$data")" "$data/pg_wal" && chmod 0700 "$data/pg_wal" && umount "$data.wal" && rmdir "$data.wal"
  gl_cluster_node_start "$1"
}
