#!/usr/bin/env bash
# npm run fabric:down [-- --purge | -- NAME…] — stops what fabric:up started (by its pid files
# only): all of chaincode, peer and orderer, or only the NAMEs given (test/fabric/network.test.ts
# stops just what it started). --purge also deletes the network's state folder (ledger, crypto
# material, profile).
set -euo pipefail
# Resolved once, absolutely, before any cd: siblings are "$HERE/…".
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
purge=false names=()
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    chaincode | peer | orderer) names+=("$arg") ;;
    *) printf '✗ unknown argument %s (usage: down.sh [--purge | chaincode|peer|orderer …])\n' "$arg" >&2; exit "$EXIT_USAGE" ;;
  esac
done
if [[ "$purge" == true && ${#names[@]} -gt 0 ]]; then
  printf '✗ --purge stops everything; it cannot be combined with names\n' >&2; exit "$EXIT_USAGE"
fi
for name in chaincode peer orderer; do
  # In this order whatever order they were named in: the chaincode server first, the orderer last.
  if ((${#names[@]})) && [[ " ${names[*]} " != *" $name "* ]]; then continue; fi
  f="$STATE/$name.pid"
  if pid_alive "$f"; then
    pid="$(cat "$f")"
    # setsid made each a process-group leader: stop the group (npx and its node child too).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 20); do running "$pid" || break; sleep 0.5; done
    say "✓ stopped $name (pid $pid)"
  fi
  rm -f "$f"
done
if [[ "$purge" == true ]]; then rm -rf "$STATE"; say "✓ removed $STATE"; fi
