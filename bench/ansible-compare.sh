#!/bin/sh
# GardenOS vs Ansible: no-op `apply base` (and plan/status/apply of base etcd lb) on 3 real nspawn hosts, whole
# processes, alternating, medians; prints the GardenOS/Ansible ratio, SSH commands per host and peak RSS.
# Usage (as root): bench/ansible-compare.sh [ROUNDS] [BASELINE_JAR]   (default 5 rounds; a baseline jar, e.g. one
# built from an older commit, is timed beside the current one). See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-5}
baseline=${2:--}
exec bench/run-cli-bench.sh 3 "$rounds" "$baseline" ansible
