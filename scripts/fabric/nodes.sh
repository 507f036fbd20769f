#!/usr/bin/env bash
# Starts the orderer and the peer as background processes on loopback (pid files in the state
# folder; skipped when already running), joins the orderer to the channel.
set -euo pipefail
# Resolved once, absolutely, before any cd: siblings are "$HERE/…".
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
cd "$STATE"
O="$STATE/crypto/ordererOrganizations/example.com"
P="$STATE/crypto/peerOrganizations/org1.example.com"
OT="$O/orderers/orderer.example.com/tls"
PT="$P/peers/peer0.org1.example.com/tls"
mkdir -p data logs

if ! pid_alive orderer.pid; then
  env ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT="$ORDERER_PORT" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$O/orderers/orderer.example.com/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true ORDERER_GENERAL_TLS_PRIVATEKEY="$OT/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$OT/server.crt" ORDERER_GENERAL_TLS_ROOTCAS="[$OT/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$OT/server.crt" ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$OT/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$OT/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_FILELEDGER_LOCATION="$STATE/data/orderer" ORDERER_CONSENSUS_WALDIR="$STATE/data/orderer/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$STATE/data/orderer/etcdraft/snapshot" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$ORDERER_OPS_PORT" \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$ORDERER_ADMIN_PORT" ORDERER_ADMIN_TLS_ENABLED=false \
    setsid orderer >logs/orderer.log 2>&1 < /dev/null &
  echo $! > orderer.pid
  wait_port "$ORDERER_ADMIN_PORT" orderer "$STATE/logs/orderer.log" "$EXIT_ORDERER_START" orderer.pid
  say "✓ orderer started (pid $(cat orderer.pid), 127.0.0.1:$ORDERER_PORT)"
fi
if ! osnadmin channel list -o "127.0.0.1:$ORDERER_ADMIN_PORT" 2>/dev/null | grep -q "\"$CHANNEL\""; then
  run_step "orderer channel join" "$EXIT_ORDERER_JOIN" "$STATE/logs/orderer-channel-join.log" \
    osnadmin channel join --channelID "$CHANNEL" --config-block "$CHANNEL.block" -o "127.0.0.1:$ORDERER_ADMIN_PORT"
  say "✓ orderer joined channel $CHANNEL"
fi

if ! pid_alive peer.pid; then
  env CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$PT/server.crt" CORE_PEER_TLS_KEY_FILE="$PT/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$PT/ca.crt" CORE_PEER_ID=peer0.org1.example.com \
    CORE_PEER_ADDRESS="127.0.0.1:$PEER_PORT" CORE_PEER_LISTENADDRESS="127.0.0.1:$PEER_PORT" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$PEER_CC_PORT" CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$PEER_CC_PORT" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$PEER_PORT" CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$PEER_PORT" \
    CORE_PEER_LOCALMSPID=Org1MSP CORE_PEER_MSPCONFIGPATH="$P/peers/peer0.org1.example.com/msp" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$PEER_OPS_PORT" CORE_PEER_FILESYSTEMPATH="$STATE/data/peer" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$STATE/data/peer/snapshots" \
    CORE_VM_ENDPOINT= \
    CORE_CHAINCODE_EXTERNALBUILDERS="[{name: ccaas, path: $HERE/builders/ccaas}]" \
    setsid peer node start >logs/peer.log 2>&1 < /dev/null &
  echo $! > peer.pid
  wait_port "$PEER_PORT" peer "$STATE/logs/peer.log" "$EXIT_PEER_START" peer.pid
  say "✓ peer started (pid $(cat peer.pid), 127.0.0.1:$PEER_PORT)"
fi
