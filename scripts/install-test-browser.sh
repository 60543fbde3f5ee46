#!/usr/bin/env bash
# Installs the browser the web page's tests drive: Debian's Chromium and its chromedriver.
# Does nothing when /usr/bin/chromedriver is already there. Without root or apt-get it only says
# so: the browser tests are then skipped (and say why), the rest of the suite runs as usual.
set -uo pipefail
if [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-browser: chromium and chromium-driver are missing and cannot be installed here" \
         "(needs root and apt-get); the browser tests will be skipped" >&2
    exit 0
fi
echo "install-test-browser: installing chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; then
    # the package lists may be missing or stale on a fresh machine
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null
fi
if [ -x /usr/bin/chromedriver ]; then
    echo "install-test-browser: $(/usr/bin/chromedriver --version 2>/dev/null | head -1)"
else
    echo "install-test-browser: installing chromium failed; the browser tests will be skipped" >&2
fi
exit 0
