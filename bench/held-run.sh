#!/bin/sh
# One CLI command on the hosts of a held bench (BENCH_HOLD=FILE, see README.md), measured as CliBench measures it,
# plus the processes it forked on one host. Prints: wall ms, the CLI's CPU ms (user + system), the hosts' CPU ms (the
# bench's cgroup of all its containers), the other CPU ms on the machine (busy time from /proc/stat minus those two),
# and the PIDs the command used up in host N's PID namespace (every fork there: sshd's, the scripts', the probes').
# Usage (as root, while the bench holds): bench/held-run.sh HOLD_FILE LAUNCHER N ARGS...
#   e.g. bench/held-run.sh /tmp/hold gardenos-cli/target/gardenos 4 plan base
# INVENTORY=FILE in the environment replaces the held inventory (e.g. one listing only 3 of the held hosts).
set -eu
hold=$1 launcher=$2 node=$3
shift 3
args=$(cat "$hold")
if [ -n "${INVENTORY:-}" ]; then
    args=$(printf '%s\n' "$args" | sed "s#-f [^ ]*#-f $INVENTORY#")
fi
run=$(basename "$(dirname "$(printf '%s\n' "$args" | sed 's/^-f \([^ ]*\).*/\1/')")")
nspawn=$(pgrep -f -- "--machine=gos-$run-$node( |$)" | head -1)
# the bench cgroup this run's containers are in (HostCpu names one per CliBench process): with two benches held at
# once, the first gardenos-bench-* in the listing may be the other one's
cg=/sys/fs/cgroup/cpuacct$(sed -n 's/^[0-9]*:[^:]*cpuacct[^:]*:\(\/gardenos-bench-[0-9]*\).*/\1/p' "/proc/$nspawn/cgroup" | head -1)
[ -r "$cg/cpuacct.usage" ] || { echo "held-run: no bench cgroup for node$node of run $run ($cg)" >&2; exit 1; }
init=$(pgrep -P "$nspawn" | head -1)
lastpid() { nsenter -t "$init" -p -m cat /proc/sys/kernel/ns_last_pid; }
busy() { head -1 /proc/stat | awk '{print ($2+$3+$4+$7+$8+$9) * 10}'; }
times=$(mktemp)
p0=$(lastpid); h0=$(cat "$cg/cpuacct.usage"); m0=$(busy); t0=$(date +%s%N)
# shellcheck disable=SC2086 # the held arguments are words
rc=0; /usr/bin/time -f "%U %S" -o "$times" "$launcher" $args -o json "$@" >/dev/null 2>&1 || rc=$?
t1=$(date +%s%N); m1=$(busy); h1=$(cat "$cg/cpuacct.usage"); p1=$(lastpid)
cli=$(tail -1 "$times" | awk '{printf "%d", ($1 + $2) * 1000}')
rm -f "$times"
hosts=$(( (h1 - h0) / 1000000 ))
echo "$* exit=$rc wall=$(( (t1 - t0) / 1000000 )) cli=$cli hosts=$hosts other=$(( m1 - m0 - cli - hosts ))" \
    "forked-on-node$node=$(( p1 - p0 - 1 )) load=$(cut -d' ' -f1 /proc/loadavg)"
