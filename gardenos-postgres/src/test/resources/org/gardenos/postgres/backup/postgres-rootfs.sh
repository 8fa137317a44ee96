#!/bin/sh
# Writes a tar of a minimal root filesystem holding Debian's installed postgresql-15 (the packages' own files, as
# dpkg lists them, the shared libraries their programs load, dash as /bin/sh, the UTC zone and the few /etc files
# a server needs) to stdout, for `docker import`. Nothing is downloaded: the files come from this machine's Debian
# packages. Usage: postgres-rootfs.sh > rootfs.tar
set -eu
root=$(mktemp -d)
list=$(mktemp)
trap 'rm -rf "$root" "$list"' EXIT
usr() { sed -E 's#^/(bin|sbin|lib|lib64)/#/usr/\1/#'; }
{
    dpkg -L postgresql-15 postgresql-client-15 libpq5 coreutils
    echo /usr/bin/dash
    find /usr/lib/postgresql/15 /usr/bin/cat -type f \( -path '*/bin/*' -o -name '*.so' \) -exec ldd {} + 2>/dev/null \
        | awk '/=>/ && $3 ~ /^\// {print $3} /^\t\/.*ld-linux/ {print $1}' | sort -u \
        | while read -r lib; do echo "$lib"; readlink -f "$lib"; done
} | usr | sort -u | while read -r f; do
    if [ -f "$f" ] || [ -L "$f" ]; then echo "${f#/}"; fi
done > "$list"
tar -C / -cf - --no-recursion -T "$list" | tar -C "$root" -xf -
for d in bin sbin lib lib64; do [ -e "$root/usr/$d" ] && ln -s "usr/$d" "$root/$d"; done
ln -s dash "$root/usr/bin/sh"
mkdir -p "$root/etc" "$root/tmp" "$root/var/run/postgresql" "$root/var/lib/postgresql" "$root/usr/share/zoneinfo/Etc"
cp /usr/share/zoneinfo/Etc/UTC "$root/usr/share/zoneinfo/Etc/UTC"
ln -s Etc/UTC "$root/usr/share/zoneinfo/UTC"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' > "$root/etc/group"
chown -R 999:999 "$root/var/run/postgresql" "$root/var/lib/postgresql"
tar -C "$root" -c .
