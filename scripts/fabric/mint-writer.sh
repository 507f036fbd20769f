#!/usr/bin/env bash
# mint-writer.sh CA_CERT CA_KEY MSP_DIR [ROLE] — issues a client certificate from an org's CA
# carrying the attribute swaybot.role=ROLE (default writer) the way Fabric CA does: X.509
# extension 1.2.3.4.5.6.7.8.1 holding the raw JSON {"attrs":{…}}. cryptogen cannot add
# attributes, so fabric:up mints the ledger's writer with this. Writes MSP_DIR/{signcerts,keystore,cacerts}.
set -euo pipefail
ca_cert="$1" ca_key="$2" msp="$3" role="${4:-writer}"
mkdir -p "$msp/signcerts" "$msp/keystore" "$msp/cacerts"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$msp/keystore/key.pem"
attrs_hex="$(printf '{"attrs":{"swaybot.role":"%s"}}' "$role" | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
  "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" "1.2.3.4.5.6.7.8.1=DER:$attrs_hex" > "$tmp/ext.cnf"
openssl req -new -key "$msp/keystore/key.pem" -subj "/C=US/ST=California/L=San Francisco/OU=client/CN=$role@org1.example.com" -out "$tmp/req.csr"
openssl x509 -req -in "$tmp/req.csr" -CA "$ca_cert" -CAkey "$ca_key" -CAcreateserial -CAserial "$tmp/ca.srl" \
  -days 3650 -sha256 -extfile "$tmp/ext.cnf" -out "$msp/signcerts/cert.pem" 2>/dev/null
cp "$ca_cert" "$msp/cacerts/"
