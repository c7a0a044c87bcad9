#!/usr/bin/env bash
# Runs the end-to-end tests against the built app. Needs a display: call it under
# `xvfb-run -a`. Starts tauri-driver, waits for its port, runs the tests, stops it.
set -euo pipefail
cd "$(dirname "$0")"
# Desktop notifications go to a real notification daemon (dunst) on a session bus of the run's
# own, so a test can read what the app told (`dunstctl`). `make test` installs both; without
# them the notification test fails, saying so.
if [ -z "${FOLIO_E2E_BUS:-}" ] && command -v dbus-run-session >/dev/null && command -v dunst >/dev/null; then
  export FOLIO_E2E_BUS=1
  exec dbus-run-session -- "$PWD/$(basename "$0")" "$@"
fi
pids=()
if [ -n "${FOLIO_E2E_BUS:-}" ]; then
  dunst > ../../target/dunst.log 2>&1 &
  pids+=($!)
fi
DRIVER="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
"$DRIVER" --port 4444 > ../../target/tauri-driver.log 2>&1 &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null; then break; fi
  sleep 0.1
done
node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-./*.test.mjs}
