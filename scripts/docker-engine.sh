#!/usr/bin/env bash
# Makes sure a Docker Engine answers on the local socket, installing and starting one if needed.
#
#   scripts/docker-engine.sh ensure   # default: install (Debian, as root) and start when missing
#   scripts/docker-engine.sh status   # exit 0 when an engine answers, 1 otherwise
#
# Used by ./hearth (quick start and tests) and by .ci/run. The engine is started the way this
# project's machines allow: no iptables, no IP forwarding, no default bridge (function containers
# run with --network none and are reached through unix sockets only).
set -euo pipefail

SOCK="${HEARTH_DOCKER_SOCKET:-/var/run/docker.sock}"
LOG="${HEARTH_DOCKERD_LOG:-/var/log/hearth-dockerd.log}"
# The pid file of the dockerd this script starts: the only engine it ever restarts. An engine it
# did not start (the machine's own, whatever /var/run/docker.pid says) is never killed.
PIDFILE="${HEARTH_DOCKERD_PIDFILE:-/var/run/hearth-dockerd.pid}"
WAIT_SECS="${HEARTH_DOCKERD_WAIT_SECS:-60}"

say() { printf 'docker-engine: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

answers() {
  # /_ping answers "OK" when the engine is up; curl is optional, so fall back to the docker CLI.
  if command -v curl >/dev/null 2>&1; then
    [ -S "$SOCK" ] && curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1
  else
    [ -S "$SOCK" ] && docker -H "unix://$SOCK" version >/dev/null 2>&1
  fi
}

# Whether the engine serves container requests, not just pings: Debian's 20.10.24 can deadlock
# (moby#42545) when many containers are removed at once, and then answers /_ping while every
# request that touches a container hangs.
responsive() {
  command -v curl >/dev/null 2>&1 || return 0
  curl -fsS --max-time 20 --unix-socket "$SOCK" 'http://localhost/containers/json?limit=1' >/dev/null 2>&1
}

# The pid of the dockerd this script started for $SOCK, when it still runs; empty otherwise.
own_engine_pid() {
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && [ "$pid" -gt 0 ] 2>/dev/null || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "dockerd" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "unix://$SOCK" || return 0
  printf '%s' "$pid"
}

restart_engine() {
  local pid
  pid="$(own_engine_pid)"
  [ -n "$pid" ] || die "the Docker Engine on $SOCK answers pings but hangs on container requests (wedged, see
  moby#42545), and this script did not start it (no live dockerd for $SOCK in $PIDFILE), so it leaves
  it alone. Restart that engine yourself."
  [ "$(id -u)" -eq 0 ] || die "the Docker Engine on $SOCK answers pings but hangs on container requests, and
  restarting it needs root. Restart it yourself (it is wedged; see moby#42545)."
  say "the engine answers pings but hangs on container requests (wedged); restarting the dockerd this script started ($pid)..."
  kill "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge 60 ]; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$PIDFILE"
  start_engine
}

install_engine() {
  [ "$(id -u)" -eq 0 ] || die "no Docker Engine answers on $SOCK and installing one needs root.
  Run this script as root, or start a Docker Engine yourself and point HEARTH_DOCKER_SOCKET at its socket."
  command -v apt-get >/dev/null 2>&1 || die "no Docker Engine answers on $SOCK and this is not a Debian-like system (no apt-get).
  Install and start a Docker Engine, then run this again."
  say "installing Debian's docker.io (one time)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed; check the package sources"
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
    || die "apt-get install docker.io failed; see apt's output above"
}

start_engine() {
  [ "$(id -u)" -eq 0 ] || die "dockerd is installed but not running, and starting it needs root.
  Start it as root (or run this script with sudo)."
  say "starting dockerd (log: $LOG)..."
  # A stale pid file from an engine that died keeps a new one from starting.
  if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    rm -f "$PIDFILE"
  fi
  mkdir -p "$(dirname "$LOG")" "$(dirname "$PIDFILE")"
  # In a session of its own (setsid): Ctrl-C on the terminal that ran ./hearth server signals that
  # terminal's process group, and must not stop the Docker Engine with it.
  setsid nohup dockerd --host "unix://$SOCK" --pidfile "$PIDFILE" --iptables=false --ip-forward=false \
    --bridge=none --storage-driver=overlay2 >>"$LOG" 2>&1 </dev/null &
  disown || true
  local waited=0
  until answers; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge $((WAIT_SECS * 2)) ]; then
      tail -n 20 "$LOG" >&2 || true
      die "dockerd did not answer on $SOCK within ${WAIT_SECS}s; its log is above"
    fi
  done
}

ensure() {
  if answers; then
    responsive && return 0
    restart_engine
    responsive || die "the restarted Docker Engine still hangs on container requests; its log: $LOG"
    say "Docker Engine is up again on $SOCK"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || install_engine
  command -v dockerd >/dev/null 2>&1 || die "dockerd is still missing after installing docker.io"
  answers || start_engine
  say "Docker Engine is up on $SOCK"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  status) answers ;;
  *) die "usage: $0 [ensure|status]" ;;
esac
