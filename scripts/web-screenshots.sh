#!/usr/bin/env bash
# Retakes README's pictures of the web page (docs/web-status.png, docs/web-moderation.png) with
# headless Chromium: runs the browser test, which saves them when asked to.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
scripts/install-test-browser.sh
./mvnw -B -q -ntp test -pl web -am -Dtest=WebBrowserTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dopennapj.screenshots="$PWD/docs"
ls -l docs/web-status.png docs/web-moderation.png
