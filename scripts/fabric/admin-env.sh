# The peer CLI acting as Org1's admin against the local peer (sourced by deploy.sh after lib.sh).
# shellcheck shell=bash
# shellcheck disable=SC2034  # ORDERER_ARGS is read by deploy.sh
P="$STATE/crypto/peerOrganizations/org1.example.com"
export CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID=Org1MSP CORE_PEER_ADDRESS="127.0.0.1:$PEER_PORT"
export CORE_PEER_TLS_ROOTCERT_FILE="$P/peers/peer0.org1.example.com/tls/ca.crt"
export CORE_PEER_MSPCONFIGPATH="$P/users/Admin@org1.example.com/msp"
ORDERER_CA="$STATE/crypto/ordererOrganizations/example.com/orderers/orderer.example.com/tls/ca.crt"
ORDERER_ARGS=(-o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$ORDERER_CA")
