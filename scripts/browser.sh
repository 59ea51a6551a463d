# Sourced by test.sh: the browser the workbench's end-to-end tests drive (Playwright for .NET with Debian's chromium:
# Playwright's own browser download cannot reach its host from these machines), and the CJK fonts its screenshots need.
#
#   gl_browser    installs the Debian packages chromium and fonts-noto-cjk when missing (as root, or with sudo -n),
#                 and exports GASLEDGER_CHROMIUM.

gl_browser() {
  local chromium="${GASLEDGER_CHROMIUM:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
        gl_log "The workbench tests need Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)."
        return 1
      fi
    fi
    gl_log "Installing the Debian packages chromium and fonts-noto-cjk for the workbench tests…"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    chromium=/usr/bin/chromium
    [ -x "$chromium" ] || { gl_log "chromium install failed."; return 1; }
  fi
  export GASLEDGER_CHROMIUM="$chromium"
}
