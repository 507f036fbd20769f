#!/usr/bin/env bash
# Crypto material (cryptogen), a writer identity with swaybot.role=writer (openssl), and the
# channel's genesis block (configtxgen). Each is made once; delete the state folder to redo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$STATE"
O=crypto/ordererOrganizations/example.com
P=crypto/peerOrganizations/org1.example.com

if [[ ! -d crypto ]]; then
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
  cryptogen generate --config=crypto-config.yaml --output=crypto >/dev/null
  say "✓ crypto material generated (cryptogen)"
fi

# cryptogen cannot add certificate attributes, so the writer is minted from Org1's CA with the
# attribute extension Fabric CA would add (OID 1.2.3.4.5.6.7.8.1, JSON {"attrs":{…}}).
W="$P/users/writer@org1.example.com/msp"
if [[ ! -f "$W/signcerts/cert.pem" ]]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/mint-writer.sh" "$(ls "$P"/ca/*-cert.pem)" "$P/ca/priv_sk" "$W"
  cp "$P/users/User1@org1.example.com/msp/config.yaml" "$W/config.yaml"
  say "✓ writer identity minted (Org1MSP, OU=client, swaybot.role=writer)"
fi

if [[ ! -f "$CHANNEL.block" ]]; then
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
Policies: &ImplicitPolicies
  Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
  Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
  Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
Profiles:
  SwaybotChannel:
    Policies: *ImplicitPolicies
    Capabilities: *ChannelCapabilities
    Orderer:
      OrdererType: etcdraft
      EtcdRaft:
        Consenters:
          - Host: 127.0.0.1
            Port: $ORDERER_PORT
            ClientTLSCert: $STATE/$O/orderers/orderer.example.com/tls/server.crt
            ServerTLSCert: $STATE/$O/orderers/orderer.example.com/tls/server.crt
      # Short block cut: a commit waits at most this long for company (docs/fabric.md).
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
  configtxgen -configPath . -profile SwaybotChannel -channelID "$CHANNEL" -outputBlock "$CHANNEL.block" 2>configtxgen.log
  say "✓ channel $CHANNEL genesis block (configtxgen)"
fi
