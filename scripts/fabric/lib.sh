# Shared by up.sh and down.sh: where the dev network lives and how to find Fabric's binaries.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$(mkdir -p "${SWAYBOT_STATE_DIR:-$ROOT/.state}" && cd "${SWAYBOT_STATE_DIR:-$ROOT/.state}" && pwd)/fabric"
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

say()  { printf '%s\n' "$*"; }
die()  { printf '✗ %s\n' "$1" >&2; shift; local l; for l in "$@"; do printf '  %s\n' "$l" >&2; done; exit 1; }

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

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port="$1" what="$2" log="$3" i
  for i in $(seq 60); do port_open "$port" && return 0; sleep 1; done
  tail -n 20 "$log" >&2 || true
  die "$what did not open 127.0.0.1:$port within 60 s (log: $log)"
}
