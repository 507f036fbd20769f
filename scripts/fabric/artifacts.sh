#!/usr/bin/env bash
# Crypto material (cryptogen), a writer identity with swaybot.role=writer (openssl), and the
# channel's genesis block (configtxgen). Each is made once; delete the state folder to redo.
#
#   artifacts.sh                 what fabric:up runs (needs cryptogen and configtxgen on PATH)
#   artifacts.sh --config-only   writes only crypto-config.yaml and configtx.yaml into the state
#                                folder and calls no Fabric binary (test/fabric/artifacts-config.test.ts)
set -euo pipefail
# Resolved once, absolutely, before any cd: siblings are "$HERE/…".
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
MINT_WRITER="$HERE/mint-writer.sh"

CONFIG_ONLY=false
for arg in "$@"; do
  case "$arg" in
    --config-only) CONFIG_ONLY=true ;;
    *) printf '✗ unknown argument %s (usage: artifacts.sh [--config-only])\n' "$arg" >&2; exit "$EXIT_USAGE" ;;
  esac
done
[[ -f "$MINT_WRITER" ]] || die "mint-writer.sh not found next to artifacts.sh (looked for $MINT_WRITER)"

mkdir -p "$STATE/logs"
cd "$STATE"
O=crypto/ordererOrganizations/example.com
P=crypto/peerOrganizations/org1.example.com

write_crypto_config() {
  cat > crypto-config.yaml <<YAML
OrdererOrgs:
  - Name: Orderer
    Domain: example.com
    EnableNodeOUs: true
    Specs:
      - Hostname: orderer
        SANS: [127.0.0.1, localhost]
PeerOrgs:
  - Name: Org1
    Domain: org1.example.com
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [127.0.0.1, localhost]
    Users:
      Count: 1
YAML
}

# configtxgen accepts only these top-level keys: Organizations, Capabilities, Application,
# Orderer, Channel, Profiles. The channel's own policies and capabilities are the `Channel:`
# defaults, merged into the profile (`<<: *ChannelDefaults`).
write_configtx() {
  cat > configtx.yaml <<YAML
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: $STATE/$O/msp
    Policies:
      Readers: { Type: Signature, Rule: "OR('OrdererMSP.member')" }
      Writers: { Type: Signature, Rule: "OR('OrdererMSP.member')" }
      Admins: { Type: Signature, Rule: "OR('OrdererMSP.admin')" }
    OrdererEndpoints: [127.0.0.1:$ORDERER_PORT]
  - &Org1
    Name: Org1MSP
    ID: Org1MSP
    MSPDir: $STATE/$P/msp
    Policies:
      Readers: { Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')" }
      Writers: { Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.client')" }
      Admins: { Type: Signature, Rule: "OR('Org1MSP.admin')" }
      Endorsement: { Type: Signature, Rule: "OR('Org1MSP.peer')" }
Capabilities:
  Channel: &ChannelCapabilities { V2_0: true }
  Orderer: &OrdererCapabilities { V2_0: true }
  Application: &ApplicationCapabilities { V2_5: true }
Channel: &ChannelDefaults
  Policies:
    Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
    Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
    Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
  Capabilities: *ChannelCapabilities
Profiles:
  SwaybotChannel:
    <<: *ChannelDefaults
    Orderer:
      OrdererType: etcdraft
      EtcdRaft:
        Consenters:
          - Host: 127.0.0.1
            Port: $ORDERER_PORT
            ClientTLSCert: $STATE/$O/orderers/orderer.example.com/tls/server.crt
            ServerTLSCert: $STATE/$O/orderers/orderer.example.com/tls/server.crt
      # Short block cut: a commit waits at most this long for company (docs/fabric.md).
      # bench/ledger-fabric.ts reads these four settings back from this file and prints them.
      BatchTimeout: 200ms
      BatchSize: { MaxMessageCount: 500, AbsoluteMaxBytes: 10 MB, PreferredMaxBytes: 2 MB }
      Organizations: [*OrdererOrg]
      Capabilities: *OrdererCapabilities
      Policies:
        Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
        Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
        Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
        BlockValidation: { Type: ImplicitMeta, Rule: "ANY Writers" }
    Application:
      Organizations: [*Org1]
      Capabilities: *ApplicationCapabilities
      Policies:
        Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
        Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
        Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
        LifecycleEndorsement: { Type: Signature, Rule: "OR('Org1MSP.peer')" }
        Endorsement: { Type: Signature, Rule: "OR('Org1MSP.peer')" }
YAML
}

if [[ "$CONFIG_ONLY" == true ]]; then
  write_crypto_config
  write_configtx
  say "✓ wrote $STATE/crypto-config.yaml and $STATE/configtx.yaml (--config-only: no Fabric binary called)"
  exit 0
fi

if [[ ! -d crypto ]]; then
  write_crypto_config
  run_step cryptogen "$EXIT_CRYPTOGEN" "$STATE/logs/cryptogen.log" cryptogen generate --config=crypto-config.yaml --output=crypto
  say "✓ crypto material generated (cryptogen)"
fi

# cryptogen cannot add certificate attributes, so the writer is minted from Org1's CA with the
# attribute extension Fabric CA would add (OID 1.2.3.4.5.6.7.8.1, JSON {"attrs":{…}}).
W="$P/users/writer@org1.example.com/msp"
if [[ ! -f "$W/signcerts/cert.pem" ]]; then
  mint_writer() {
    local ca_certs=("$P"/ca/*-cert.pem)
    bash "$MINT_WRITER" "${ca_certs[0]}" "$P/ca/priv_sk" "$W" && cp "$P/users/User1@org1.example.com/msp/config.yaml" "$W/config.yaml"
  }
  run_step mint-writer "$EXIT_MINT_WRITER" "$STATE/logs/mint-writer.log" mint_writer
  say "✓ writer identity minted (Org1MSP, OU=client, swaybot.role=writer)"
fi

if [[ ! -f "$CHANNEL.block" ]]; then
  write_configtx
  run_step configtxgen "$EXIT_CONFIGTXGEN" "$STATE/logs/configtxgen.log" \
    configtxgen -configPath . -profile SwaybotChannel -channelID "$CHANNEL" -outputBlock "$CHANNEL.block"
  say "✓ channel $CHANNEL genesis block (configtxgen)"
fi
