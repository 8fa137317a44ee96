#!/bin/sh
# The same commands as bench/ansible-compare.sh on 30 real nspawn hosts (3 of them etcd/server, 1 lb, 27 agents);
# compare with the 3-host figures. Ansible is left out unless the second argument is `ansible` (42 s per run here).
# Usage (as root): bench/scale-30.sh [ROUNDS] [ansible]. 30 systemd instances need more inotify instances than
# Debian's default 128 (hosts past about 20 die at boot otherwise): the script raises them.
set -eu
cd "$(dirname "$0")/.."
sysctl -q fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=1048576
exec bench/run-cli-bench.sh 30 "${1:-3}" - "${2:-no-ansible}"
