#!/usr/bin/env bash
# The whole test suite. As root on Debian it first installs the packages the tests run for real (sshd, etcd,
# haproxy, systemd-nspawn hosts), only those that are missing, and says which. Then: mvn -B verify.
# Tests whose tools are still missing are skipped with the reason, or fail when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/packages.sh
. scripts/lib/packages.sh

TEST_PACKAGES=(openjdk-17-jdk-headless maven debootstrap systemd-container iproute2 openssh-server openssh-client
    etcd-server etcd-client haproxy sudo)
if command -v dpkg-query >/dev/null 2>&1; then
    ensure_debian_packages "${TEST_PACKAGES[@]}" || [[ $(id -u) -ne 0 ]]
fi

exec mvn -B --no-transfer-progress verify "$@"
