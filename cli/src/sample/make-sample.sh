#!/usr/bin/env bash
# Regenerates the sample chain that `pkixj verify --sample` verifies
# (cli/src/main/resources/sample/{chain,roots}.pem): an RSA-2048 root, an intermediate
# (pathlen 0) and a leaf for www.example.test and example.test, all valid from 2026-01-01 to
# 2036-01-01. Keys are fresh on every run and are not kept, so the bytes change each time; the
# shipped files were made once with this script (OpenSSL 3.0).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../main/resources/sample"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$here/openssl.cnf" ca.cnf
mkdir newcerts
: > index.txt
echo 1000 > serial
for k in root int leaf; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$k.key" 2>/dev/null
done
dates=(-startdate 20260101000000Z -enddate 20360101000000Z)
openssl req -new -key root.key -subj "/C=ZZ/O=pkixj Sample/CN=pkixj Sample Root CA" \
  -out root.csr -config ca.cnf
openssl ca -batch -config ca.cnf -selfsign -keyfile root.key -in root.csr -out root.pem \
  "${dates[@]}" -extensions v3_root -notext
openssl req -new -key int.key -subj "/C=ZZ/O=pkixj Sample/CN=pkixj Sample Intermediate CA" \
  -out int.csr -config ca.cnf
openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -in int.csr -out int.pem \
  "${dates[@]}" -extensions v3_int -notext
openssl req -new -key leaf.key -subj "/C=ZZ/O=pkixj Sample/CN=www.example.test" \
  -out leaf.csr -config ca.cnf
openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in leaf.csr -out leaf.pem \
  "${dates[@]}" -extensions v3_leaf -notext
openssl verify -attime 1780272000 -CAfile root.pem -untrusted int.pem \
  -verify_hostname www.example.test leaf.pem
cat leaf.pem int.pem > "$out/chain.pem"
cp root.pem "$out/roots.pem"
