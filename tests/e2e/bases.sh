#!/usr/bin/env bash
# bases.sh OUTDIR
# Makes the offline base images of the e2e suite as OCI layouts in OUTDIR/<name>:
#   bb      busybox-static (applets as symlinks in /bin), /etc/passwd and /etc/group with root
#   bbbash  bb plus bash-static as /bin/bash
#   bbfake  bb plus fake apk, pip and apt-get (tests/e2e/fake/) and the directories the real
#           distributions ship empty (/var/cache/apk, /var/lib/apt/lists/partial, ...)
# A layout is rebuilt only when this script or the fake tools change (OUTDIR/<name>.stamp holds
# their hash). Uses a private buildah storage under OUTDIR, so it touches no global images.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
hash=$(cat "$here/bases.sh" "$here"/fake/* /bin/busybox | sha256sum | cut -c1-16)
store=$out/.storage
BA=(buildah --storage-driver vfs --root "$store/root" --runroot "$store/run")

make_base() { # name
    local name=$1 c m a
    if [ -f "$out/$name.stamp" ] && [ "$(cat "$out/$name.stamp")" = "$hash" ] && [ -f "$out/$name/index.json" ]; then
        return 0
    fi
    c=$("${BA[@]}" from -q scratch)
    m=$("${BA[@]}" mount "$c")
    mkdir -p "$m/bin" "$m/sbin" "$m/usr/bin" "$m/usr/sbin" "$m/usr/local/bin" "$m/etc" "$m/root" \
             "$m/home" "$m/tmp" "$m/var/tmp"
    chmod 1777 "$m/tmp" "$m/var/tmp"
    chmod 700 "$m/root"
    cp /bin/busybox "$m/bin/busybox"
    for a in $(/bin/busybox --list); do
        [ -e "$m/bin/$a" ] || ln -s busybox "$m/bin/$a"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$m/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$m/etc/group"
    case $name in
    bbbash)
        cp /bin/bash-static "$m/bin/bash" ;;
    bbfake)
        install -m 755 "$here/fake/apk" "$m/sbin/apk"
        install -m 755 "$here/fake/pip" "$m/usr/bin/pip"
        ln -s pip "$m/usr/bin/pip3"
        install -m 755 "$here/fake/apt-get" "$m/usr/bin/apt-get"
        mkdir -p "$m/var/cache/apk" "$m/lib/apk/db" "$m/etc/apk" "$m/var/lib/apt/lists/partial" \
                 "$m/var/cache/apt/archives/partial" "$m/var/lib/dpkg" "$m/usr/lib/python3/site-packages"
        : > "$m/lib/apk/db/installed"
        echo alpine-base > "$m/etc/apk/world"
        : > "$m/var/lib/dpkg/status"
        ;;
    esac
    "${BA[@]}" umount "$c" >/dev/null
    "${BA[@]}" config --env PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin --env HOME=/root "$c"
    rm -rf "${out:?}/$name"
    "${BA[@]}" commit -q "$c" "localhost/$name" >/dev/null
    "${BA[@]}" push -q "localhost/$name" "oci:$out/$name" >/dev/null
    "${BA[@]}" rm "$c" >/dev/null
    echo "$hash" > "$out/$name.stamp"
}

need=()
command -v buildah >/dev/null || need+=(buildah)
[ -x /bin/busybox ] || need+=(busybox-static)
[ -x /bin/bash-static ] || need+=(bash-static)
if [ ${#need[@]} -gt 0 ]; then
    echo "bases.sh: missing ${need[*]}" >&2
    exit 3
fi
make_base bb
make_base bbbash
make_base bbfake
# the private storage is only a staging area
"${BA[@]}" rmi -a -f >/dev/null 2>&1 || true
rm -rf "$store"
