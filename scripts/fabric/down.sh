#!/usr/bin/env bash
# npm run fabric:down [-- --purge] — stops what fabric:up started (by its pid files only);
# --purge also deletes the network's state folder (ledger, crypto material, profile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for name in chaincode peer orderer; do
  f="$STATE/$name.pid"
  if pid_alive "$f"; then
    pid="$(cat "$f")"
    # setsid made each a process-group leader: stop the group (npx and its node child too).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    say "✓ stopped $name (pid $pid)"
  fi
  rm -f "$f"
done
if [[ "${1:-}" == "--purge" ]]; then rm -rf "$STATE"; say "✓ removed $STATE"; fi
