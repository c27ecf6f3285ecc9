#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator's web page (GET /_emulator/) in a real browser - Debian's chromium,
# headless - against a running emulator with seeded rooms: the DOM it renders shows the room ids,
# the roles and a recent request, and a sender's markup stays text. Saves a screenshot.
# Usage: emulator_page.sh <path-to-acs-rooms-emulator> <screenshot.png>
set -eu
emulator=$1
screenshot=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "emulator_page: chromium is not installed (tools/run_tests.sh installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$emulator" --port 0 >"$work/out" 2>"$work/err" &
pid=$!
i=0
until head -n 1 "$work/out" | grep -q '^endpoint='; do
  i=$((i + 1))
  [ "$i" -gt 100 ] && { echo "no connection string" >&2; cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
origin=$(head -n 1 "$work/out" | sed 's|^endpoint=\(http://[^/]*\)/.*|\1|')

curl -fsS -X POST "$origin/_emulator/seed" -H 'Content-Type: application/json' -d '{"rooms": [
  {"id": "31415926535897932", "participants": [
    {"rawId": "8:acs:res_page-presenter", "role": "Presenter"},
    {"rawId": "8:acs:res_page-consumer", "role": "Consumer"}]},
  {"id": "27182818284590452"}]}' >/dev/null
curl -sS -o /dev/null -H 'x-ms-client-request-id: page-test-request' \
  "$origin/rooms?api-version=2025-03-13"
curl -sS -o /dev/null --path-as-is "$origin/<b>injected</b>"

# --virtual-time-budget lets the page's scripts run before the DOM is dumped.
run_browser() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$work/profile" --virtual-time-budget=3000 "$@" "$origin/_emulator/" \
    2>>"$work/browser.log"
}
run_browser --dump-dom >"$work/dom.html"
for expected in 31415926535897932 27182818284590452 8:acs:res_page-presenter \
  'Presenter' 'Consumer' 'page-test-request' '/rooms?api-version=2025-03-13' \
  '&lt;b&gt;injected&lt;/b&gt;' 'acs-rooms-emulator'; do
  if ! grep -qF -- "$expected" "$work/dom.html"; then
    echo "emulator_page: the page as chromium renders it lacks: $expected" >&2
    sed -n '1,200p' "$work/dom.html" >&2
    exit 1
  fi
done
# The rooms table has the two rooms as rows (the rendering ran, not only the embedded JSON).
rows=$(grep -o '<td class="m">31415926535897932</td>\|<td class="m">27182818284590452</td>' \
  "$work/dom.html" | wc -l)
[ "$rows" -eq 2 ] || { echo "emulator_page: $rows room rows, expected 2" >&2; exit 1; }
if grep -q "<td[^>]*>/<b>injected" "$work/dom.html" || grep -q "<b>injected" "$work/dom.html"; then
  echo "emulator_page: a request target was rendered as markup" >&2
  exit 1
fi
run_browser --screenshot="$screenshot" --window-size=1280,1000 >/dev/null
[ -s "$screenshot" ] || { echo "emulator_page: no screenshot" >&2; exit 1; }
echo "emulator_page: ok (screenshot: $screenshot)"
