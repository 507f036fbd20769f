#!/usr/bin/env bash
# Joins the peer to the channel, packages the chaincode as a service (ccaas), installs,
# approves and commits its definition, starts the chaincode server, writes connection.json.
set -euo pipefail
# Resolved once, absolutely, before any cd: siblings are "$HERE/…".
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
# shellcheck source-path=SCRIPTDIR source=admin-env.sh
source "$HERE/admin-env.sh"
cd "$STATE"
mkdir -p logs
L="$STATE/logs"

if ! peer channel list 2>/dev/null | grep -qx "$CHANNEL"; then
  run_step "peer channel join" "$EXIT_PEER_JOIN" "$L/peer-channel-join.log" peer channel join -b "$CHANNEL.block"
  say "✓ peer joined channel $CHANNEL"
fi

# A ccaas package holds only where to dial the chaincode; the code runs outside the peer.
mkdir -p ccpkg
if [[ ! -f ccpkg/pkg.tgz ]]; then
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" > ccpkg/metadata.json
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$CC_SERVER_PORT" > ccpkg/connection.json
  tar -C ccpkg -czf ccpkg/code.tar.gz connection.json
  tar -C ccpkg -czf ccpkg/pkg.tgz metadata.json code.tar.gz
fi
# The id alone on stdout (kept apart from the CLI's log lines on stderr).
package_id() { peer lifecycle chaincode calculatepackageid ccpkg/pkg.tgz >ccpkg/package-id; }
run_step "chaincode package id" "$EXIT_CC_PACKAGE" "$L/cc-package-id.log" package_id
PKG_ID="$(tr -d '[:space:]' < ccpkg/package-id)"
if ! peer lifecycle chaincode queryinstalled 2>/dev/null | grep -q "$PKG_ID"; then
  run_step "chaincode install" "$EXIT_CC_INSTALL" "$L/cc-install.log" peer lifecycle chaincode install ccpkg/pkg.tgz
  say "✓ chaincode package installed ($PKG_ID)"
fi

if ! pid_alive chaincode.pid; then
  run_step "chaincode build" "$EXIT_CC_BUILD" "$L/chaincode-build.log" npm --prefix "$ROOT/chaincode" run build --silent
  # exec keeps one pid from here to node, so fabric:down can stop it by its pid file.
  (cd "$ROOT/chaincode" && CHAINCODE_SERVER_ADDRESS="127.0.0.1:$CC_SERVER_PORT" CHAINCODE_ID="$PKG_ID" \
    exec setsid ./node_modules/.bin/fabric-chaincode-node server --chaincode-address="127.0.0.1:$CC_SERVER_PORT" \
    --chaincode-id="$PKG_ID") >"$L/chaincode.log" 2>&1 < /dev/null &
  echo $! > chaincode.pid
  wait_port "$CC_SERVER_PORT" "chaincode server" "$L/chaincode.log" "$EXIT_CC_SERVER" chaincode.pid
  say "✓ chaincode server started (pid $(cat chaincode.pid), 127.0.0.1:$CC_SERVER_PORT)"
fi

if ! peer lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" >/dev/null 2>&1; then
  run_step "chaincode approve" "$EXIT_CC_APPROVE" "$L/cc-approve.log" \
    peer lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" -C "$CHANNEL" -n "$CC_NAME" -v 1 --package-id "$PKG_ID" --sequence 1
  run_step "chaincode commit" "$EXIT_CC_COMMIT" "$L/cc-commit.log" \
    peer lifecycle chaincode commit "${ORDERER_ARGS[@]}" -C "$CHANNEL" -n "$CC_NAME" -v 1 --sequence 1 \
    --peerAddresses "127.0.0.1:$PEER_PORT" --tlsRootCertFiles "$CORE_PEER_TLS_ROOTCERT_FILE"
  say "✓ chaincode $CC_NAME approved and committed on $CHANNEL"
fi

U="$P/users"
reader_certs=("$U"/User1@org1.example.com/msp/signcerts/*.pem)
admin_certs=("$U"/Admin@org1.example.com/msp/signcerts/*.pem)
cat > connection.json <<JSON
{
  "peerEndpoint": "127.0.0.1:$PEER_PORT",
  "hostAlias": "peer0.org1.example.com",
  "tlsCaCertPath": "$P/peers/peer0.org1.example.com/tls/ca.crt",
  "channel": "$CHANNEL",
  "chaincode": "$CC_NAME",
  "identities": {
    "writer": { "mspId": "Org1MSP", "certPath": "$U/writer@org1.example.com/msp/signcerts/cert.pem", "keyPath": "$U/writer@org1.example.com/msp/keystore/key.pem" },
    "reader": { "mspId": "Org1MSP", "certPath": "${reader_certs[0]}", "keyPath": "$U/User1@org1.example.com/msp/keystore/priv_sk" },
    "admin": { "mspId": "Org1MSP", "certPath": "${admin_certs[0]}", "keyPath": "$U/Admin@org1.example.com/msp/keystore/priv_sk" }
  }
}
JSON
