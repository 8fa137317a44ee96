# shellcheck shell=bash
# ensure_debian_packages NAME...: installs, with apt-get, those of the named Debian packages that dpkg says are
# missing, and prints their names first. Needs root; without root (or without apt-get) it lists what is missing and
# returns 1, so the caller decides whether that is fatal. GARDENOS_POLICY_RC_D moves the policy-rc.d file it writes
# while installing (SetupScriptsTest runs this function against stand-in apt-get and dpkg-query commands).
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
    local policy=${GARDENOS_POLICY_RC_D:-/usr/sbin/policy-rc.d} added_policy=no
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        added_policy=yes
    fi
    local rc=0
    # Another apt run (unattended-upgrades, a second set-up script) may hold the dpkg and list locks: wait for it
    # (up to APT_LOCK_TIMEOUT seconds, default 120) instead of failing at once.
    local wait_lock=(-o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-120}")
    DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" update -q || rc=$?
    if ((rc == 0)); then
        DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" install -y -q --no-install-recommends \
            "${missing[@]}" || rc=$?
    fi
    if [[ $added_policy == yes ]]; then
        rm -f "$policy"
    fi
    return "$rc"
}
