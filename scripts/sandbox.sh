#!/usr/bin/env bash
# The main job on a fresh machine: build the runnable jar, check the example inventory, then start the sandbox:
# three Debian hosts on this machine (systemd-nspawn), converged by GardenOS, with their status, and a one-node
# Kubernetes in place of K3s (built from Debian's source on the first run: several minutes).
#   ./scripts/sandbox.sh            build + `gardenos sandbox up`
#   ./scripts/sandbox.sh status     `gardenos sandbox status` (also: down)
# As root on Debian, the JDK and Maven are installed first when missing (and `sandbox up` installs the tools the
# hosts need). Without root, `sandbox up` says exactly what is missing and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/packages.sh
. scripts/lib/packages.sh

action=${1:-up}
shift || true
case $action in
    up | status | down) ;;
    *) echo "usage: $0 [up|status|down] [gardenos options]" >&2; exit 2 ;;
esac

JAR=gardenos-cli/target/gardenos-cli.jar
gardenos() {
    java -jar "$JAR" "$@"
}

if [[ $action == up || ! -f $JAR ]]; then
    if command -v dpkg-query >/dev/null 2>&1; then
        ensure_debian_packages openjdk-17-jdk-headless maven || [[ $(id -u) -ne 0 ]]
    fi
    echo "building $JAR"
    mvn -B -q --no-transfer-progress -DskipTests -pl gardenos-cli -am package
    gardenos version
    gardenos validate -f examples/gardenos.yaml
fi

gardenos sandbox "$action" "$@"
