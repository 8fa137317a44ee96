#!/bin/sh
# Records the second class list of the launcher's AppCDS archive, gardenos-cli/src/main/cds/kubernetes.classlist:
# the classes that `status k3s` and `status postgres` load (client-java, its Gson models, OkHttp, Kotlin, the JDK's
# TLS client) and gardenos.classlist lacks. bench/cds-classlist.sh records that one on the bench hosts, where no
# Kubernetes runs, so without this list a status of k3s or postgres loads ~2,200 classes from the jar.
# Same format and filters as bench/cds-classlist.sh; the build loads both lists (gardenos-cli/pom.xml).
# Usage: bench/cds-classlist-kubernetes.sh [SANDBOX_DIR] [OUT], with a sandbox that is up and `apply postgres` done
# (README.md; SANDBOX_DIR defaults to ~/.gardenos/sandbox). Talks only to the sandbox's hosts and Kubernetes.
set -eu
cd "$(dirname "$0")/.."
sandbox=${1:-$HOME/.gardenos/sandbox}
out=${2:-gardenos-cli/src/main/cds/kubernetes.classlist}
launcher=gardenos-cli/target/gardenos
tmp=$(mktemp -d)
i=0
for output in json table; do
    for command in "status k3s" "status postgres" "status"; do
        i=$((i + 1))
        # exits 1 in the sandbox (k3s DEGRADED: no K3s there; lb DOWN: no K3s API behind it): the classes count here
        GARDENOS_JAVA_OPTS="-XX:DumpLoadedClassList=$tmp/$i.classlist" \
            $launcher -f "$sandbox/gardenos.yaml" --state-dir "$sandbox" -o $output $command > /dev/null 2>&1 || true
    done
done
grep -v '^#' gardenos-cli/src/main/cds/gardenos.classlist | LC_ALL=C sort -u > "$tmp/known"
{
    echo "# The classes of status k3s / postgres that gardenos.classlist lacks: made by bench/cds-classlist-kubernetes.sh"
    echo "# in the sandbox, read by ArchiveTraining at package together with gardenos.classlist."
    cat "$tmp"/*.classlist | grep -v '^[#@]' | cut -d' ' -f1 | grep -v -e '\$\$' -e '\$Proxy' -e '+0x' -e 'jfr/internal/handlers/EventHandler' \
        | awk 'NF' | LC_ALL=C sort -u | LC_ALL=C comm -23 - "$tmp/known"
} > "$out"
rm -r "$tmp"
echo "$out: $(grep -vc '^#' "$out") classes"
