#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium and its WebDriver are installed, for the dashboard's
# browser tests (io.hearth.server.ui, Selenium driving /usr/bin/chromium through /usr/bin/chromedriver).
#
#   scripts/chromium.sh ensure   # default: install chromium + chromium-driver with apt when missing
#   scripts/chromium.sh status   # exit 0 when both are there, 1 otherwise
#
# Idempotent: does nothing when both binaries answer. Used by ./hearth test and so by .ci/run.
# Without root or apt it says so and leaves the browser tests to skip (they name what is missing).
set -euo pipefail

CHROMIUM="${HEARTH_CHROMIUM:-/usr/bin/chromium}"
DRIVER="${HEARTH_CHROMEDRIVER:-/usr/bin/chromedriver}"

say() { printf 'chromium: %s\n' "$*" >&2; }

present() {
  [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ] && "$DRIVER" --version >/dev/null 2>&1
}

case "${1:-ensure}" in
  status)
    present
    ;;
  ensure)
    if present; then
      exit 0
    fi
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      say "chromium or chromedriver is missing and this is not a Debian root shell: install the packages"
      say "'chromium' and 'chromium-driver' yourself; the dashboard's browser tests skip until then"
      exit 0
    fi
    say "installing chromium and chromium-driver (first test run only)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; }
    present || { say "chromium was installed but $DRIVER does not answer"; exit 1; }
    say "$("$DRIVER" --version | head -n1)"
    ;;
  *)
    say "usage: scripts/chromium.sh [ensure|status]"
    exit 2
    ;;
esac
