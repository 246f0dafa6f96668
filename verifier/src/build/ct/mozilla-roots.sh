#!/usr/bin/env bash
# Regenerates verifier/src/main/resources/dev/pkixj/verifier/ct/mozilla-roots.txt from NSS's
# certdata.txt (README.md beside that file).
#
#   verifier/src/build/ct/mozilla-roots.sh path/to/certdata.txt "nss-dev/nss @ COMMIT (DATE), lib/ckfw/builtins/certdata.txt"
set -euo pipefail
cd "$(dirname "$0")/../../../.."
[ $# -eq 2 ] || { sed -n 2,6p "$0" | sed 's/^# \{0,1\}//'; exit 1; }
./mvnw -o -q -pl verifier -am test-compile
M2=${MAVEN_REPO:-$HOME/.m2/repository}
CP=verifier/target/test-classes:verifier/target/classes:truststore/target/classes:pkix/target/classes
for jar in $(find "$M2/org/bouncycastle" "$M2/it/unimi/dsi/fastutil" -name '*.jar' ! -name '*sources*' | sort); do
  CP=$CP:$jar
done
java -cp "$CP" dev.pkixj.verifier.ct.MozillaRootsGenerator "$1" \
  verifier/src/main/resources/dev/pkixj/verifier/ct/mozilla-roots.txt "$2"
grep '^# roots' verifier/src/main/resources/dev/pkixj/verifier/ct/mozilla-roots.txt
