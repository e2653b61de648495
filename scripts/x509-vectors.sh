#!/usr/bin/env bash
# Makes the maker-certificate test vectors in primitives/tests/x509/ with the openssl command
# line (an implementation that is not ours), the way a secure-element maker provisions chips:
# a self-signed root, an intermediate CA issued by the root, a signer (a factory's issuing CA)
# issued by the intermediate, a device certificate issued by the signer (the longest chain the
# runtime accepts: three certificates below the root), and a "rogue" certificate issued by the
# device's own key (which is not a CA, so the chain check must refuse it). Each key is also
# written as its raw 32-byte private scalar (`<name>.scalar`), so that tests and benchmarks can
# sign with it in no_std code.
#
# The outputs are committed; run this again only to replace them (the tests then still pass,
# because they read every date and key from the files). Needs openssl 3.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/primitives/tests/x509"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

cat >ext.cnf <<'CNF'
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[signer]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[device]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.pem"; }
for k in root inter signer device rogue; do key "$k"; done

openssl req -x509 -new -key root.pem -subj "/O=Vector Devices Inc/CN=Vector Root CA" \
	-days 7300 -sha256 -set_serial 1 -extensions root -config ext.cnf -out root.crt
openssl req -new -key inter.pem -subj "/O=Vector Devices Inc/CN=Vector Intermediate CA" -out inter.csr
openssl x509 -req -in inter.csr -CA root.crt -CAkey root.pem -set_serial 0x0100 -days 5475 \
	-sha256 -extfile ext.cnf -extensions inter -out inter.crt
openssl req -new -key signer.pem -subj "/O=Vector Devices Inc/CN=Vector Signer 0001" -out signer.csr
openssl x509 -req -in signer.csr -CA inter.crt -CAkey inter.pem -set_serial 0x1001 -days 3650 \
	-sha256 -extfile ext.cnf -extensions signer -out signer.crt
# A 16-byte serial with the high bit set (DER adds a zero byte), like a chip's serial number.
openssl req -new -key device.pem -subj "/O=Vector Devices Inc/CN=0123ee0a1b2c3d4e5f" -out device.csr
openssl x509 -req -in device.csr -CA signer.crt -CAkey signer.pem \
	-set_serial 0x8123456789abcdef0011223344556677 -days 36500 -sha256 -extfile ext.cnf \
	-extensions device -out device.crt
openssl req -new -key rogue.pem -subj "/O=Rogue/CN=rogue" -out rogue.csr
openssl x509 -req -in rogue.csr -CA device.crt -CAkey device.pem -set_serial 7 -days 365 \
	-sha256 -extfile ext.cnf -extensions device -out rogue.crt
cat inter.crt signer.crt >untrusted.crt
openssl verify -CAfile root.crt -untrusted untrusted.crt device.crt

rm -f "$out"/*.der "$out"/*.scalar
for c in root inter signer device rogue; do
	openssl x509 -in "$c.crt" -outform DER -out "$out/$c.der"
	# SEC 1 ECPrivateKey DER: 30 77 02 01 01 04 20, then the 32-byte scalar.
	openssl ec -in "$c.pem" -outform DER 2>/dev/null | tail -c +8 | head -c 32 >"$out/$c.scalar"
done
openssl version >"$out/VERSION"
echo "wrote $(ls "$out" | wc -l) files to $out"
