#!/usr/bin/env bash
# Makes sure Node.js 20.19 or later is on the machine: Vite 8, Vitest 4 and
# jsdom 29 need it. Debian 12's and Ubuntu 24.04's own `nodejs` is 18, so when
# Node is missing or too old this installs Node 22 from NodeSource's Debian
# repository; where that is not reachable it stops with one line naming the fix.
set -euo pipefail

NEED_MAJOR=20
NEED_MINOR=19
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

recent_enough() {
  command -v node >/dev/null || return 1
  local v major minor
  v=$(node --version | sed 's/^v//')
  major=${v%%.*}
  minor=$(echo "$v" | cut -d. -f2)
  [ "$major" -gt "$NEED_MAJOR" ] || { [ "$major" -eq "$NEED_MAJOR" ] && [ "$minor" -ge "$NEED_MINOR" ]; }
}

recent_enough && exit 0

found=$(command -v node >/dev/null && node --version || echo "no Node")
echo "Node $NEED_MAJOR.$NEED_MINOR or later is needed ($found here): installing Node 22 from NodeSource"
if curl -fsSL --max-time 30 https://deb.nodesource.com/setup_22.x -o /tmp/nodesource_setup.sh \
  && $SUDO bash /tmp/nodesource_setup.sh >/dev/null \
  && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs >/dev/null \
  && recent_enough; then
  echo "installed Node $(node --version)"
  exit 0
fi
echo "Folio needs Node $NEED_MAJOR.$NEED_MINOR or later ($found here) and could not install it: install Node 22 (https://github.com/nodesource/distributions or nvm) and run make again" >&2
exit 1
