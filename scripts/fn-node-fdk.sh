#!/usr/bin/env bash
# Installs Fn's Node.js FDK (@fnproject/fdk from npm) into DIR/node_modules, and makes sure node and
# npm are there first (Debian's nodejs and npm, installed with apt-get when missing and run as root).
#
#   scripts/fn-node-fdk.sh DIR [VERSION]     # default VERSION: 0.0.76
#
# FnFdkIntegrationTest runs it to build, offline apart from npm, an image of a function on Fn's
# Node FDK with the machine's node binary. Prints the path of node on its last line.
set -euo pipefail

DIR="${1:?usage: fn-node-fdk.sh DIR [VERSION]}"
VERSION="${2:-0.0.76}"
say() { printf 'fn-node-fdk: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || die "node and npm are missing; install Debian's nodejs and npm (as root: apt-get install nodejs npm)"
  command -v apt-get >/dev/null 2>&1 || die "node and npm are missing and apt-get is not here to install them"
  say "installing Debian's nodejs and npm"
  apt-get update -q >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null || die "apt-get install nodejs npm failed"
fi

mkdir -p "$DIR"
if [ ! -f "$DIR/node_modules/@fnproject/fdk/package.json" ] \
    || ! grep -q "\"version\": *\"$VERSION\"" "$DIR/node_modules/@fnproject/fdk/package.json"; then
  say "installing @fnproject/fdk@$VERSION into $DIR"
  (cd "$DIR" && npm install --no-audit --no-fund --no-save --loglevel=error "@fnproject/fdk@$VERSION" >&2) \
    || die "npm install @fnproject/fdk@$VERSION failed"
fi
command -v node
