#!/usr/bin/env bash
# npm run fabric:up — a one-orderer (etcdraft), one-peer Fabric dev network on loopback, with
# the swaybot ledger chaincode running as a service, and a connection profile for FabricLedger.
# Idempotent: every step checks first and skips what is already done. Exits 2 when Fabric's
# binaries are neither installed nor buildable here; a failed step names itself, prints the tail
# of its log and the log's path, and exits with its own code (lib.sh, docs/fabric.md).
# State: ${SWAYBOT_STATE_DIR:-.state}/fabric. Runs from any working directory.
set -euo pipefail
# Resolved once, absolutely, before any cd: siblings are "$HERE/…".
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
# Folders given relative to where fabric:up was started, resolved before the cd.
if [[ -n "${FABRIC_BIN:-}" ]]; then FABRIC_BIN="$(abs_dir "$FABRIC_BIN")"; fi
if [[ -n "${FABRIC_CFG_PATH:-}" ]]; then FABRIC_CFG_PATH="$(abs_dir "$FABRIC_CFG_PATH")"; fi
if [[ -n "${SWAYBOT_CACHE:-}" ]]; then CACHE="$(abs_dir "$SWAYBOT_CACHE")"; fi
cd "$ROOT"

# ---------------------------------------------------------------- binaries
BIN="$(find_fabric_bin)"
if [[ -z "$BIN" ]]; then
  mkdir -p "$CACHE/fabric"
  log="$CACHE/fabric/go-install.log"
  cmd="$(go_install_cmd)"
  say "→ Fabric binaries not found; building Fabric $FABRIC_VERSION from Go modules (log: $log)"
  if command -v go >/dev/null 2>&1 && (mkdir -p "$CACHE/fabric/bin" && eval "$cmd") >"$log" 2>&1 && has_tools "$CACHE/fabric/bin"; then
    BIN="$CACHE/fabric/bin"
  else
    {
      say "✗ Fabric $FABRIC_VERSION binaries (${FABRIC_TOOLS[*]}) are not installed and could not be built."
      say "  Looked in: FABRIC_BIN=${FABRIC_BIN:-(unset)}, PATH, $CACHE/fabric/bin"
      say "  Tried:"
      say "    $cmd"
      if command -v go >/dev/null 2>&1; then
        say "  Go answered:"
        grep -v '^\s*$' "$log" | tail -n 6 | sed 's/^/    /'
      else
        say "  Go is not installed (needed to build Fabric from its module)."
      fi
      say "  Alternative: put Fabric $FABRIC_VERSION's release binaries (bin/ and config/ of the release archive,"
      say "  or a build of commit $FABRIC_COMMIT) somewhere and run: FABRIC_BIN=/path/to/bin npm run fabric:up"
    } >&2
    exit 2
  fi
fi
export PATH="$BIN:$PATH"
say "✓ Fabric binaries: $BIN ($(peer version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n1))"

# ---------------------------------------------------------------- sample config (core.yaml, orderer.yaml)
mkdir -p "$STATE"
CFG="$STATE/config"
if [[ ! -f "$CFG/core.yaml" || ! -f "$CFG/orderer.yaml" ]]; then
  src=""
  for d in "${FABRIC_CFG_PATH:-}" "$BIN/../config"; do [[ -n "$d" && -f "$d/core.yaml" && -f "$d/orderer.yaml" ]] && src="$d" && break; done
  if [[ -z "$src" ]] && command -v go >/dev/null 2>&1; then
    dir="$(cd "$STATE" && go mod download -json "github.com/hyperledger/fabric@$FABRIC_PSEUDO" 2>/dev/null | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    [[ -n "$dir" && -f "$dir/sampleconfig/core.yaml" ]] && src="$dir/sampleconfig"
  fi
  [[ -n "$src" ]] || { say "✗ No core.yaml/orderer.yaml found (FABRIC_CFG_PATH, $BIN/../config, or the Go module's sampleconfig)." >&2; exit 2; }
  mkdir -p "$CFG" && cp "$src/core.yaml" "$src/orderer.yaml" "$CFG/" && chmod u+w "$CFG"/*.yaml
  say "✓ Fabric config copied from $src"
fi
export FABRIC_CFG_PATH="$CFG"

bash "$HERE/artifacts.sh"
bash "$HERE/nodes.sh"
bash "$HERE/deploy.sh"
say "✓ Fabric dev network up: channel $CHANNEL, chaincode $CC_NAME; profile $STATE/connection.json"
say "  stop it with: npm run fabric:down   (add -- --purge to delete its state)"
