#!/usr/bin/env bash
# Builds Kubernetes (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy) and a static
# pause binary from Debian's `kubernetes` source package, and caches them machine-wide, keyed by the source version:
#   /var/cache/gardenos-kubernetes/<version>/bin/   (GARDENOS_KUBERNETES_CACHE overrides the root)
#   /var/cache/gardenos-kubernetes/current -> <version>   (what the testkit and the sandbox use by default)
# Only the first run on a machine pays (several minutes on 2 cores); a cached build returns at once.
#   ./scripts/kubernetes.sh [build]   build when missing; prints the bin directory as the last stdout line
#   ./scripts/kubernetes.sh path      prints the cached bin directory, exit 1 when there is none
# Needs root, the build packages (golang-go rsync jq make gcc dpkg-dev) and a Debian mirror for the source. The
# deb-src entry is added for this only, as its own file (gardenos-kubernetes-src.sources), with the mirror URI of
# the machine's own apt sources. See FACTS ("A real Kubernetes from Debian's source package") for why `make WHAT=`.
set -euo pipefail

CACHE_ROOT=${GARDENOS_KUBERNETES_CACHE:-/var/cache/gardenos-kubernetes}
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy pause)
SRC_LIST=/etc/apt/sources.list.d/gardenos-kubernetes-src.sources
# The Git version the build stamps into the binaries (Debian's 1.20.2 source carries no .git).
KUBE_GIT_VERSION=${KUBE_GIT_VERSION:-v1.20.2}

log() { printf '[kubernetes] %s\n' "$*" >&2; }
die() { printf '[kubernetes] error: %s\n' "$*" >&2; exit 1; }

cached_bin() {
    local dir=$CACHE_ROOT/current/bin name
    [[ -d $dir ]] || return 1
    for name in "${BINARIES[@]}"; do
        [[ -x $dir/$name ]] || return 1
    done
    printf '%s\n' "$(readlink -f "$dir")"
}

# The mirror URI of the machine's own Debian entries (first `URIs:` of a deb822 file, else the first `deb` line).
debian_mirror() {
    local uri
    uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    if [[ -z $uri && -f /etc/apt/sources.list ]]; then
        uri=$(awk '$1 == "deb" && $2 !~ /^\[/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list)
    fi
    [[ -n $uri ]] || die "no Debian mirror found in /etc/apt/sources.list{,.d}; add one, then retry"
    printf '%s\n' "$uri"
}

ensure_deb_src() {
    local codename uri
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [[ -n $codename ]] || die "cannot tell the Debian release from /etc/os-release"
    uri=$(debian_mirror)
    local wanted
    wanted=$(printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$uri" "$codename")
    if [[ ! -f $SRC_LIST || $(cat "$SRC_LIST") != "$wanted" ]]; then
        log "adding deb-src for $codename main ($uri) as $SRC_LIST"
        printf '%s\n' "$wanted" >"$SRC_LIST"
    fi
    if ! apt-cache showsrc kubernetes >/dev/null 2>&1; then
        log "apt-get update (only $SRC_LIST)"
        # Only this file: the machine's other lists are neither refreshed nor cleaned up.
        apt-get update -q -o Dir::Etc::sourcelist="$SRC_LIST" -o Dir::Etc::sourceparts=- \
            -o APT::Get::List-Cleanup=0 >&2 || die "apt-get update of $SRC_LIST failed"
    fi
}

source_version() {
    apt-cache showsrc kubernetes 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}

progress_while() { # progress_while PID LOGFILE START: one line every 60 s while PID runs
    local pid=$1 logfile=$2 start=$3
    while kill -0 "$pid" 2>/dev/null; do
        sleep 60 & wait $! || true
        kill -0 "$pid" 2>/dev/null || break
        log "still building ($(($(date +%s) - start)) s): $(grep -E '^\+\+\+|Building' "$logfile" | tail -1)"
    done
}

build() {
    local version=$1 dest=$CACHE_ROOT/$1 start
    start=$(date +%s)
    local work=$dest/work
    rm -rf "$work"
    mkdir -p "$work" "$CACHE_ROOT/home"
    log "fetching the source of kubernetes $version (apt-get source)"
    # dpkg-source applies Debian's patches, as the package's own build does.
    (cd "$work" && apt-get source -q --download-only kubernetes="$version" >&2 &&
        dpkg-source -x ./*.dsc src >&2) || die "apt-get source kubernetes=$version failed"
    local targets="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kube-proxy"
    log "building $targets (the first build takes several minutes on 2 cores; log: $work/make.log)"
    (
        cd "$work/src"
        export HOME=$CACHE_ROOT/home CGO_ENABLED=0 GOFLAGS=
        export KUBE_GIT_VERSION KUBE_GIT_TREE_STATE=clean
        unset GOPATH GO111MODULE
        exec make WHAT="$targets"
    ) >"$work/make.log" 2>&1 &
    local make_pid=$!
    progress_while "$make_pid" "$work/make.log" "$start" &
    local progress_pid=$!
    local rc=0
    wait "$make_pid" || rc=$?
    kill "$progress_pid" 2>/dev/null || true
    wait "$progress_pid" 2>/dev/null || true
    if ((rc != 0)); then
        tail -20 "$work/make.log" >&2
        die "make failed (exit $rc); full log: $work/make.log"
    fi
    mkdir -p "$dest/bin.new"
    local name
    for name in "${BINARIES[@]}"; do
        [[ $name == pause ]] && continue
        cp "$work/src/_output/bin/$name" "$dest/bin.new/$name"
    done
    log "building the static pause binary from build/pause/linux/pause.c"
    gcc -Os -static -Wall -Werror -DVERSION="gardenos-$version" -o "$dest/bin.new/pause" \
        "$work/src/build/pause/linux/pause.c" >&2 || die "gcc of pause.c failed"
    strip "$dest/bin.new/pause" 2>/dev/null || true
    rm -rf "$dest/bin"
    mv "$dest/bin.new" "$dest/bin"
    printf '%s\n' "$version" >"$dest/version"
    printf '%s\n' "$(($(date +%s) - start))" >"$dest/build-seconds"
    ln -sfn "$version" "$CACHE_ROOT/current"
    rm -rf "$work"
    log "built kubernetes $version in $(($(date +%s) - start)) s: $dest/bin"
}

main() {
    local action=${1:-build}
    case $action in
        path) cached_bin || { log "no cached build under $CACHE_ROOT; run $0 build"; exit 1; }; return ;;
        build) ;;
        *) echo "usage: $0 [build|path]" >&2; exit 2 ;;
    esac
    [[ $(id -u) -eq 0 ]] || die "building Kubernetes needs root (apt-get source, the machine-wide cache)"
    mkdir -p "$CACHE_ROOT"
    exec 9>"$CACHE_ROOT/.lock"
    if ! flock -n 9; then
        log "another build holds $CACHE_ROOT/.lock; waiting"
        flock 9
    fi
    if cached_bin >/dev/null; then
        log "cached: $(cached_bin) ($(cat "$CACHE_ROOT/current/version"), built in $(cat "$CACHE_ROOT/current/build-seconds" 2>/dev/null || echo '?') s)"
        cached_bin
        return
    fi
    ensure_deb_src
    local version
    version=$(source_version)
    [[ -n $version ]] || die "apt-cache showsrc kubernetes found no source package"
    if [[ -x $CACHE_ROOT/$version/bin/kube-apiserver && -x $CACHE_ROOT/$version/bin/pause ]]; then
        ln -sfn "$version" "$CACHE_ROOT/current"
    else
        build "$version"
    fi
    cached_bin
}

main "$@"
