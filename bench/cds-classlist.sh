#!/bin/sh
# Records the class list of the launcher's AppCDS archive (gardenos-cli/src/main/cds/gardenos.classlist, see
# docs/performance.md "JVM start: an archive of the commands operators run"): every class that the commands below
# load on real hosts, from -XX:DumpLoadedClassList runs of the built jar, merged and sorted (a stable diff; the
# order does not matter to ArchiveTraining), comments, lambda-form lines and hidden or generated classes dropped
# (they cannot be loaded by name; JFR's event handlers, which Netty's JFR support makes, are generated too).
# Usage: bench/cds-classlist.sh INVENTORY STATE_DIR [OUT]   e.g. on the hosts of a held bench run
# (BENCH_HOLD=/tmp/hold bench/ansible-compare.sh ...; the file names the inventory and state dir). The inventory
# must have etcd and lb hosts that are up, so that status, plan and no-op apply of base etcd lb run fully.
set -eu
cd "$(dirname "$0")/.."
inventory=$1
state=$2
out=${3:-gardenos-cli/src/main/cds/gardenos.classlist}
launcher=gardenos-cli/target/gardenos
tmp=$(mktemp -d)
i=0
for output in json table; do
    for command in "version" "validate" "hosts" "apply base" "plan base" "status base" "status base etcd lb" \
            "plan base etcd lb" "apply base etcd lb" "-v apply base"; do
        i=$((i + 1))
        # status exits 1 when a layer is not HEALTHY (lb without K3s behind it): the classes are what counts here
        GARDENOS_JAVA_OPTS="-XX:DumpLoadedClassList=$tmp/$i.classlist" \
            $launcher -f "$inventory" --state-dir "$state" -o $output $command > /dev/null 2>&1 || true
    done
done
{
    echo "# The launcher's AppCDS class list: made by bench/cds-classlist.sh, read by ArchiveTraining at package."
    cat "$tmp"/*.classlist | grep -v '^[#@]' | cut -d' ' -f1 | grep -v -e '\$\$' -e '\$Proxy' -e '+0x' -e 'jfr/internal/handlers/EventHandler' \
        | awk 'NF' | LC_ALL=C sort -u
} > "$out"
rm -r "$tmp"
echo "$out: $(grep -vc '^#' "$out") classes"
