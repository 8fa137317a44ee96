#!/usr/bin/env bash
# The whole test suite. As root on Debian it first installs the packages the tests run for real (sshd, etcd,
# haproxy, systemd-nspawn hosts, the Kubernetes build and its nodes), only those that are missing, and says which.
# Then it builds Kubernetes from Debian's source package when no cached build exists (scripts/kubernetes.sh: once per
# machine, several minutes) and runs mvn -B verify.
# Tests whose tools are still missing are skipped with the reason, or fail when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/packages.sh
. scripts/lib/packages.sh

TEST_PACKAGES=(openjdk-17-jdk-headless maven debootstrap systemd-container iproute2 openssh-server openssh-client
    etcd-server etcd-client haproxy sudo
    # Kubernetes from Debian's source (scripts/kubernetes.sh) and its nodes (KubernetesCluster in the testkit).
    # Not Debian's kubernetes-client: a machine may have another kubectl package that conflicts with it.
    golang-go rsync jq make gcc dpkg-dev containerd runc containernetworking-plugins iptables conntrack
    busybox-static
    # the postgres layer: pg_hba and patroni.yml checked by the real PostgreSQL 15 and Patroni
    postgresql-15 patroni python3-etcd
    # postgres backup/migrate (issue 12): a real Docker engine with a PostgreSQL container imported from a local tar
    docker.io)
if command -v dpkg-query >/dev/null 2>&1; then
    ensure_debian_packages "${TEST_PACKAGES[@]}" || [[ $(id -u) -ne 0 ]]
fi

if [[ $(id -u) -eq 0 ]]; then
    # A failed build does not stop the suite: the Kubernetes tests then skip with the reason (fail when CI=true).
    scripts/kubernetes.sh build >/dev/null || echo "scripts/kubernetes.sh failed: the real-cluster tests cannot run" >&2
fi

exec mvn -B --no-transfer-progress verify "$@"
