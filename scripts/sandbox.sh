#!/usr/bin/env bash
# The main job on a fresh machine: build the runnable jar, then run it on the example inventory
# (validate it and list its hosts). As root on Debian, the JDK and Maven are installed first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/packages.sh
. scripts/lib/packages.sh

if command -v dpkg-query >/dev/null 2>&1; then
    ensure_debian_packages openjdk-17-jdk-headless maven || [[ $(id -u) -ne 0 ]]
fi

echo "building gardenos-cli/target/gardenos-cli.jar"
mvn -B -q --no-transfer-progress -DskipTests -pl gardenos-cli -am package

gardenos() {
    java -jar gardenos-cli/target/gardenos-cli.jar "$@"
}

gardenos version
gardenos validate -f examples/gardenos.yaml
gardenos hosts -f examples/gardenos.yaml
