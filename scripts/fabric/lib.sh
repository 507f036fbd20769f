# Shared by the fabric:up/down scripts: where the dev network lives, how to find Fabric's
# binaries, and how a failed step is reported (name, log tail, log path, step exit code).
# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are read by the scripts that source this file
#
# Every script resolves its own folder absolutely before anything else and before any `cd`
# (HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"); siblings are "$HERE/…", never a
# dirname evaluated later (test/fabric/artifacts-config.test.ts checks this).
FABRIC_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$FABRIC_SCRIPTS/../.." && pwd)"
# Made absolute and exported, so a relative SWAYBOT_STATE_DIR means the same folder to the
# scripts up.sh runs after its cd.
SWAYBOT_STATE_DIR="$(mkdir -p "${SWAYBOT_STATE_DIR:-$ROOT/.state}" && cd "${SWAYBOT_STATE_DIR:-$ROOT/.state}" && pwd)"
export SWAYBOT_STATE_DIR
STATE="$SWAYBOT_STATE_DIR/fabric"
CACHE="${SWAYBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swaybot}"
FABRIC_VERSION="2.5.16"
# v2.5.16's commit; Fabric's tags lack the /v2 module suffix, so Go needs the pseudo-version.
FABRIC_COMMIT="f871cf92a026aba7b12e6f06d71ded3e6e659d71"
FABRIC_PSEUDO="v1.4.0-rc1.0.20260617221605-f871cf92a026"
FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin)
CHANNEL="swaybot"
CC_NAME="swaybot-ledger"
CC_LABEL="swaybot_ledger_1"
ORDERER_PORT=7050 ORDERER_ADMIN_PORT=9443 ORDERER_OPS_PORT=8443
PEER_PORT=7051 PEER_CC_PORT=7052 PEER_OPS_PORT=9444 CC_SERVER_PORT=9999

# Exit codes, one per step that can fail (docs/fabric.md, "Exit codes"). 2 is kept for "Fabric's
# binaries or sample config are missing" (up.sh).
EXIT_USAGE=64
EXIT_CRYPTOGEN=10 EXIT_MINT_WRITER=11 EXIT_CONFIGTXGEN=12
EXIT_ORDERER_START=20 EXIT_ORDERER_JOIN=21 EXIT_PEER_START=22
EXIT_PEER_JOIN=30 EXIT_CC_PACKAGE=31 EXIT_CC_INSTALL=32 EXIT_CC_BUILD=33 EXIT_CC_SERVER=34
EXIT_CC_APPROVE=35 EXIT_CC_COMMIT=36
# Lines of a failed step's log printed to stderr.
LOG_TAIL_LINES="${FABRIC_LOG_TAIL:-20}"

say()  { printf '%s\n' "$*"; }
die()  { printf '✗ %s\n' "$1" >&2; shift; local l; for l in "$@"; do printf '  %s\n' "$l" >&2; done; exit 1; }

# step_failed STEP CODE LOG WHY: names the step, prints the tail of its log and the log's path
# on stderr, and exits CODE.
step_failed() {
  local step="$1" code="$2" log="$3" why="$4"
  {
    printf '✗ step "%s" failed: %s (exit %s)\n' "$step" "$why" "$code"
    if [[ -s "$log" ]]; then
      printf '  last %s lines of %s:\n' "$LOG_TAIL_LINES" "$log"
      tail -n "$LOG_TAIL_LINES" "$log" | sed 's/^/    /'
    else
      printf '  its log is empty: %s\n' "$log"
    fi
    printf '  log: %s\n' "$log"
  } >&2
  exit "$code"
}

# run_step STEP CODE LOG CMD [ARG…]: runs CMD with stdout and stderr in LOG (quiet on success);
# on failure, step_failed.
run_step() {
  local step="$1" code="$2" log="$3" rc=0
  shift 3
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1 </dev/null || rc=$?
  if ((rc != 0)); then step_failed "$step" "$code" "$log" "\`$1\` exited with status $rc"; fi
}

# Prints the folder holding all of FABRIC_TOOLS, or nothing.
has_tools() { local t; for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$1/$t" ]] || return 1; done; }
find_fabric_bin() {
  if [[ -n "${FABRIC_BIN:-}" ]] && has_tools "$FABRIC_BIN"; then printf '%s\n' "$FABRIC_BIN"; return; fi
  local p; p="$(command -v peer 2>/dev/null || true)"
  if [[ -n "$p" ]] && has_tools "$(dirname "$p")"; then dirname "$p"; return; fi
  if has_tools "$CACHE/fabric/bin"; then printf '%s\n' "$CACHE/fabric/bin"; fi
}

# The exact command that builds the binaries from Go modules (printed when it fails).
go_install_cmd() {
  local pkgs=() t
  for t in "${FABRIC_TOOLS[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$t@$FABRIC_PSEUDO"); done
  printf 'GOBIN=%q CGO_ENABLED=0 go install -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=%s" %s' \
    "$CACHE/fabric/bin" "$FABRIC_VERSION" "${pkgs[*]}"
}

# abs_dir DIR: DIR made absolute from the current directory when it exists; else as given.
abs_dir() { if [[ -n "$1" && -d "$1" ]]; then (cd "$1" && pwd); else printf '%s\n' "$1"; fi; }

# running PID: the process exists and is not a zombie (a parent or init that has not reaped it
# yet, as in some containers, leaves kill -0 succeeding on a process that has already exited).
running() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat=""
  if [[ -r "/proc/$1/stat" ]]; then stat="$(cat "/proc/$1/stat" 2>/dev/null || true)"; fi
  [[ "${stat##*) }" != Z* ]]
}
pid_alive() { [[ -f "$1" ]] && running "$(cat "$1")"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# wait_port PORT STEP LOG CODE PIDFILE: waits up to 60 s for PORT; fails the step at once when
# the process of PIDFILE has exited, else after 60 s.
wait_port() {
  local port="$1" step="$2" log="$3" code="$4" pidfile="$5" _
  for _ in $(seq 60); do
    port_open "$port" && return 0
    pid_alive "$pidfile" || step_failed "$step" "$code" "$log" "the process exited before listening on 127.0.0.1:$port"
    sleep 1
  done
  step_failed "$step" "$code" "$log" "nothing listened on 127.0.0.1:$port within 60 s"
}
