#!/bin/sh
# `status` of the k3s and postgres layers where they are up: the sandbox (README.md), whose postgres layer runs
# Patroni in a real Kubernetes 1.20 built from Debian's source and whose k3s layer is that Kubernetes in place of K3s.
# The bench hosts of run-cli-bench.sh run neither, so this is the only bench of those two status probes.
#
# Usage: bench/status-sandbox.sh [ROUNDS] [LAUNCHER...]
#   ROUNDS (default 5) timed rounds after one warm-up run of every command; LAUNCHERs (default: this worktree's
#   gardenos-cli/target/gardenos) are run alternating, command by command, so two builds see the same load.
# Environment:
#   SANDBOX=DIR      the sandbox's directory (default ~/.gardenos/sandbox; `gardenos sandbox up --state-dir DIR`)
#   BENCH_JFR=DIR    also one run of every command per launcher under JFR (settings=profile), written to DIR
#   BENCH_COMMANDS   the commands, ';'-separated (default below)
# It needs a sandbox that is up with `apply postgres` done; it starts, builds, pulls and downloads nothing, and it
# talks only to the sandbox's hosts and its Kubernetes (through the sandbox's inventory and kubeconfig).
# Prints per command and launcher: exit code (the same in every run, or the bench stops), min / median / max wall,
# median CPU (user + system) and peak RSS (/usr/bin/time), the 1-minute load at each run's start (range); the classes
# loaded and how many came from the CDS archive (-Xlog:class+load); whether `-o json` of the k3s and postgres status
# is the same for every launcher (as JSON values: health, summary and items; the volatile etcd and lb rows are not
# compared).
set -eu
rounds=${1:-5}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$here/gardenos-cli/target/gardenos"
sandbox=${SANDBOX:-$HOME/.gardenos/sandbox}
args="-f $sandbox/gardenos.yaml --state-dir $sandbox"
commands=${BENCH_COMMANDS:-version;status postgres;status k3s;status base etcd lb;status base etcd lb postgres;status}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$sandbox/sandbox.ready" ] || { echo "no sandbox is up in $sandbox (gardenos sandbox up)" >&2; exit 2; }
# shellcheck disable=SC2086 # the arguments are words
"$1" $args status postgres >/dev/null 2>&1 || {
    echo "status postgres is not HEALTHY in $sandbox: run apply postgres on the sandbox first" >&2; exit 2; }

# one run: RESULT line "exit wall_ms cpu_ms rss_kib load1" appended to FILE
run() {
    file=$1 launcher=$2 command=$3
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s%N)
    rc=0
    # shellcheck disable=SC2086
    /usr/bin/time -f "%U %S %M" -o "$work/time" "$launcher" $args $command >/dev/null 2>&1 || rc=$?
    t1=$(date +%s%N)
    tail -1 "$work/time" | awk -v rc="$rc" -v wall=$(( (t1 - t0) / 1000000 )) -v load="$load" \
        '{printf "%s %d %d %d %s\n", rc, wall, ($1 + $2) * 1000, $3, load}' >>"$file"
}

echo "load before: $(cat /proc/loadavg)"
i=0
for launcher in "$@"; do
    i=$((i + 1))
    echo "launcher $i: $launcher"
done
# FUNCTION INDEX LAUNCHER COMMAND KEY for every command, and per command for every launcher (alternating)
each() {
    fn=$1
    shift
    IFS=';'
    for command in $commands; do
        IFS=' '
        i=0
        for launcher in "$@"; do
            i=$((i + 1))
            "$fn" "$i" "$launcher" "$command" "$(printf '%s' "$command" | tr ' ' '_')"
        done
    done
}
warm() { run "$work/warm-$1-$4" "$2" "$3"; }
timed() { run "$work/run-$1-$4" "$2" "$3"; }
summary() {
    python3 - "$3" "$1" "$work/warm-$1-$4" "$work/run-$1-$4" <<'EOF'
import statistics, sys
command, launcher, warm, runs = sys.argv[1:]
rows = [l.split() for l in open(runs)]
expected = open(warm).read().split()[0]
codes = {r[0] for r in rows}
if codes != {expected}:
    sys.exit(f"{command}: exit codes {sorted(codes)} differ from the warm-up's {expected}")
wall = [int(r[1]) for r in rows]
loads = [float(r[4]) for r in rows]
print(f"{command:32} {launcher:>2} {expected:>4} {min(wall):6} {int(statistics.median(wall)):6} {max(wall):6}"
      f" {int(statistics.median(int(r[2]) for r in rows)):6} {statistics.median(int(r[3]) for r in rows) / 1024:7.0f}"
      f" {min(loads):.2f}-{max(loads):.2f}")
EOF
}
classes() {
    # shellcheck disable=SC2086
    GARDENOS_JAVA_OPTS="-Xlog:class+load=info:file=$work/classes" "$2" $args $3 >/dev/null 2>&1 || true
    echo "  $3, launcher $1: $(grep -c . "$work/classes") ($(grep -c 'shared objects file' "$work/classes"))"
}
profiled() {
    # shellcheck disable=SC2086
    GARDENOS_JAVA_OPTS="-XX:StartFlightRecording=filename=$BENCH_JFR/$4-$1.jfr,settings=profile" "$2" $args $3 \
        >/dev/null 2>&1 || true
    echo "  JFR: $BENCH_JFR/$4-$1.jfr"
}

# warm-up (its exit codes are what every timed run must repeat), then the timed rounds
each warm "$@"
r=0
while [ $r -lt "$rounds" ]; do
    r=$((r + 1))
    each timed "$@"
done
echo "load after: $(cat /proc/loadavg)"
printf '%-32s %2s %4s %6s %6s %6s %6s %7s %s\n' command L exit "min" median max cpu "rss MiB" "load"
each summary "$@"
echo "classes loaded (of them from the CDS archive), one run each:"
each classes "$@"
if [ -n "${BENCH_JFR:-}" ]; then
    mkdir -p "$BENCH_JFR"
    each profiled "$@"
fi

IFS=' '
echo "-o json of status k3s and status postgres, launcher 1 against the others:"
for layer in k3s postgres; do
    i=0
    for launcher in "$@"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        "$launcher" $args status $layer -o json >"$work/json-$layer-$i" 2>/dev/null || true
        if [ $i -gt 1 ]; then
            # compared as JSON values: the order of an item's fields is not stable from one run to the next
            python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
                "$work/json-$layer-1" "$work/json-$layer-$i" \
                && echo "  status $layer: launcher $i the same" \
                || { echo "  status $layer: launcher $i DIFFERS:"; diff "$work/json-$layer-1" "$work/json-$layer-$i" | head -20; }
        fi
    done
done
