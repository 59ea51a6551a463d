# Sourced by run.sh and test.sh: a project-local PostgreSQL cluster made with the machine's PostgreSQL binaries.
#
#   gl_embedded_db NAME PORT [postgres -c settings…]
#
# makes (once) and starts (if down) the cluster .gasledger/NAME on 127.0.0.1:PORT with a role and database
# "gasledger", and writes its connection string (Npgsql form, one line) to .gasledger/NAME.connection-string.
# Works as an ordinary user and as root (initdb refuses root: the cluster then belongs to the postgres user).

GL_HOME="${GL_HOME:-$PWD/.gasledger}"

gl_log() { printf '[gasledger] %s\n' "$*" >&2; }

gl_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$dir/initdb" ] && PG_BIN="$dir"
  done
  if [ -z "${PG_BIN:-}" ]; then
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
        gl_log "PostgreSQL binaries not found and this user cannot install them."
        gl_log "Install the Debian package 'postgresql' (apt-get install postgresql) or set GASLEDGER_DB to a database."
        return 1
      fi
    fi
    gl_log "PostgreSQL binaries not found: installing the Debian package 'postgresql'…"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
      [ -x "$dir/initdb" ] && PG_BIN="$dir"
    done
    [ -n "${PG_BIN:-}" ] || { gl_log "PostgreSQL install failed."; return 1; }
  fi
  export PG_BIN
}

# Runs a PostgreSQL server command as the cluster's owner.
gl_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

gl_embedded_db() {
  local name="$1" port="$2"; shift 2
  gl_pg_bin || return 1
  mkdir -p "$GL_HOME"
  local data="$GL_HOME/$name" run="$GL_HOME/$name-run" log="$GL_HOME/$name.log"
  local conn_file="$GL_HOME/$name.connection-string" pw_file="$GL_HOME/$name.password"

  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    # The postgres user must reach the project folder; where it cannot (a clone under /root, say), the cluster lives
    # in /var/lib/gasledger and .gasledger/NAME links to it.
    if ! runuser -u postgres -- test -x "$GL_HOME"; then
      local elsewhere="/var/lib/gasledger/$(printf '%s' "$GL_HOME" | sha1sum | cut -c1-12)"
      mkdir -p "$elsewhere"; chown postgres "$elsewhere"; chmod 700 "$elsewhere"
      [ -L "$data" ] || { rm -rf "$data"; ln -s "$elsewhere/$name" "$data"; }
      run="$elsewhere/$name-run"; log="$elsewhere/$name.log"
      data="$elsewhere/$name"
    fi
  fi

  if [ ! -f "$data/PG_VERSION" ]; then
    gl_log "Creating the embedded PostgreSQL cluster '$name' ($PG_BIN)…"
    [ -f "$pw_file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$pw_file")
    local pw_tmp; pw_tmp="$(mktemp)"; cp "$pw_file" "$pw_tmp"
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then chown postgres "$data" "$pw_tmp"; fi
    chmod 700 "$data"
    gl_as_owner "$PG_BIN/initdb" -D "$data" -U gasledger --pwfile="$pw_tmp" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pw_tmp"
  fi

  mkdir -p "$run"; [ "$(id -u)" = 0 ] && chown postgres "$run"
  touch "$log"; [ "$(id -u)" = 0 ] && chown postgres "$log"
  if ! gl_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Another server (another clone's cluster, say) may hold the port: take the next free one, and keep it.
    [ -f "$GL_HOME/$name.port" ] && port="$(cat "$GL_HOME/$name.port")"
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      gl_log "Port $port is taken; trying $((port + 1))."
      port=$((port + 1))
    done
    echo "$port" > "$GL_HOME/$name.port"
    local opts="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$run"
    # The account snapshot, its time limits and its callback plan are documents of 2–6 kB that PostgreSQL compresses
    # (TOAST) at every write and decompresses at every read: lz4 (PostgreSQL 14 and later) does both in about half
    # the time of the default pglz (BENCHMARKS.md, "Rebuild").
    [ "$("$PG_BIN/postgres" --version | grep -oE '[0-9]+' | head -1)" -ge 14 ] && opts="$opts -c default_toast_compression=lz4"
    local setting; for setting in "$@"; do opts="$opts -c $setting"; done
    gl_log "Starting the embedded PostgreSQL '$name' on 127.0.0.1:$port…"
    gl_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t 60 start >/dev/null \
      || { gl_log "PostgreSQL did not start; its log:"; tail -n 30 "$log" >&2; return 1; }
  fi

  [ -f "$GL_HOME/$name.port" ] && port="$(cat "$GL_HOME/$name.port")"
  local pw; pw="$(cat "$pw_file")"
  if ! PGPASSWORD="$pw" "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U gasledger -d postgres -tAc \
      "select 1 from pg_database where datname = 'gasledger'" | grep -q 1; then
    PGPASSWORD="$pw" "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U gasledger -d postgres -qc "create database gasledger" >/dev/null
  fi
  (umask 077; printf 'Host=127.0.0.1;Port=%s;Database=gasledger;Username=gasledger;Password=%s\n' "$port" "$pw" > "$conn_file")
  GL_CONNECTION_STRING="$(cat "$conn_file")"
  export GL_CONNECTION_STRING
}

# The data directory of the embedded cluster NAME, as gl_embedded_db made it (a link in .gasledger/ when it lives elsewhere).
gl_embedded_data() {
  if [ -L "$GL_HOME/$1" ]; then readlink -f "$GL_HOME/$1"; else echo "$GL_HOME/$1"; fi
}

# Stops the embedded cluster NAME at once, as a crash would (immediate mode: no checkpoint, recovery at the next start).
gl_embedded_stop() {
  gl_pg_bin || return 1
  gl_as_owner "$PG_BIN/pg_ctl" -D "$(gl_embedded_data "$1")" -m immediate -w stop >/dev/null
}

gl_require_dotnet() {
  command -v dotnet >/dev/null || { gl_log "The .NET SDK (dotnet, version 10) is required: https://dot.net"; return 1; }
}
