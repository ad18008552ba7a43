#!/usr/bin/env bash
# Builds a tiny image with a shell: Debian's static busybox at /bin/busybox, /bin/sh and every applet
# linked to it, imported into the local Docker Engine (no registry needed).
#
#   scripts/busybox-image.sh [TAG]     # default TAG: hearth/busybox:latest
#
# Tests use hearth-test/busybox:<n> (TestImages.busybox() runs this script); the README's worked
# example uses the default tag. The image is labelled io.hearth.test=true only when its repository
# is hearth-test. Needs apt-get (Debian; it downloads the .deb, installs nothing system-wide),
# dpkg-deb and the docker CLI.
set -euo pipefail

TAG="${1:-hearth/busybox:latest}"
say() { printf 'busybox-image: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command -v docker >/dev/null 2>&1 || die "the docker CLI is missing; install it (or run scripts/docker-engine.sh as root)"
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is missing: this script needs Debian's package tools"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

deb="$(ls /var/cache/apt/archives/busybox-static_*.deb 2>/dev/null | head -n1 || true)"
if [ -z "$deb" ]; then
  command -v apt-get >/dev/null 2>&1 || die "apt-get is missing: cannot download Debian's busybox-static"
  # apt-get download writes into the working directory; as root its sandbox user must reach it.
  if ! (cd "$work" && apt-get download -q busybox-static >"$work/apt.log" 2>&1); then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -q >/dev/null 2>&1 || true
    fi
    (cd "$work" && apt-get download -q busybox-static >"$work/apt.log" 2>&1) \
      || die "could not download busybox-static with apt-get: $(tail -n 3 "$work/apt.log")"
  fi
  deb="$(ls "$work"/busybox-static_*.deb | head -n1)"
fi

mkdir -p "$work/deb" "$work/root/bin" "$work/root/tmp" "$work/root/alloc" "$work/root/etc"
dpkg-deb -x "$deb" "$work/deb"
cp "$work/deb/bin/busybox" "$work/root/bin/busybox"
chmod 755 "$work/root/bin/busybox"
for applet in $("$work/root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$work/root/bin/$applet"
done
chmod 1777 "$work/root/tmp"
chmod 755 "$work/root/alloc"
printf 'root:x:0:0:root:/:/bin/sh\nuser:x:1000:1000:user:/tmp:/bin/sh\n' >"$work/root/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' >"$work/root/etc/group"

changes=(--change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin')
case "$TAG" in
  hearth-test/*) changes+=(--change 'LABEL io.hearth.test=true') ;;
esac
version="$("$work/root/bin/busybox" 2>/dev/null | head -n1 | awk '{print $2}' || true)"
changes+=(--change "LABEL io.hearth.busybox=${version:-unknown}")

tar -C "$work/root" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
id="$(docker import "${changes[@]}" "$work/rootfs.tar" "$TAG")"
say "imported $TAG ($id, busybox ${version:-unknown})"
printf '%s\n' "$TAG"
