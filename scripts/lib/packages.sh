# shellcheck shell=bash
# ensure_debian_packages NAME...: installs, with apt-get, those of the named Debian packages that dpkg says are
# missing, and prints their names first. Needs root; without root (or without apt-get) it lists what is missing and
# returns 1, so the caller decides whether that is fatal.
ensure_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        echo "missing Debian packages (install them as root): ${missing[*]}" >&2
        return 1
    fi
    echo "installing Debian packages: ${missing[*]}"
    # Keep package scripts from starting services (etcd, haproxy, sshd) that would hold ports the tests use.
    local policy=/usr/sbin/policy-rc.d added_policy=no
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        added_policy=yes
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get update -q || rc=$?
    if ((rc == 0)); then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || rc=$?
    fi
    if [[ $added_policy == yes ]]; then
        rm -f "$policy"
    fi
    return "$rc"
}
