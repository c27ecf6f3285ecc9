// SPDX-License-Identifier: MIT
// acs-rooms-emulator's web page (programs/emulator/): GET /_emulator/, one self-contained HTML
// file (no external assets: it works offline) over the control API.

#pragma once

#include <string>
#include <string_view>

namespace acs_rooms_emulator {

// The page renders the data embedded in it at once (so a browser that does not run timers, or a
// --dump-dom, sees it), then polls the control API every two seconds. Every value is put into
// the DOM as text, never as HTML: request targets come from anyone who can connect.
inline constexpr std::string_view page_head = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>acs-rooms-emulator</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .3em}h2{font-size:1.05em;margin:1.4em 0 .4em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0}code,td.m{font-family:ui-monospace,monospace;font-size:.92em}
.bad{color:#a00}.ok{color:#070}#status{color:#666}
textarea{width:100%;height:9em;font-family:ui-monospace,monospace}
button{margin:.3em .3em .3em 0}
</style></head><body>
<h1>acs-rooms-emulator</h1>
<div id="status"></div>
<div id="keybox" hidden><label>Access key (the control API asks for it off loopback):
<input id="key" type="password" size="50"></label></div>
<h2>Clock</h2><div id="clock"></div>
<h2>Rooms (<span id="room-count">0</span>)</h2>
<table><thead><tr><th>Room id</th><th>Valid from</th><th>Valid until</th><th>PSTN</th>
<th>Participants (raw id: role)</th></tr></thead><tbody id="rooms"></tbody></table>
<button id="reset">Reset: delete every room</button>
<h2>Recent requests</h2>
<table><thead><tr><th>Time</th><th>Method</th><th>Target</th><th>Status</th><th>ms</th>
<th>Error</th><th>Client request id</th></tr></thead><tbody id="requests"></tbody></table>
<h2>Fault plan</h2>
<textarea id="faults" spellcheck="false"></textarea>
<button id="save-faults">Replace the fault plan</button> <span id="fault-status"></span>
<script id="initial" type="application/json">)html";

inline constexpr std::string_view page_tail = R"html(</script>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (cls) td.className = cls;
  row.appendChild(td);
}
function fill(id, rows, make) {
  const body = $(id);
  body.replaceChildren();
  for (const r of rows) { const tr = document.createElement("tr"); make(tr, r); body.appendChild(tr); }
}
let faultsEdited = false;
function render(d) {
  if (d.health) $("status").textContent = "version " + d.health.version + ", up " +
    d.health.uptimeSeconds + " s, api-versions " + d.health.apiVersions.join(", ") +
    (d.health.persistent ? ", saved to its data directory" : ", in memory");
  if (d.clock) $("clock").textContent = d.clock.now + (d.clock.running ?
    " (running, offset " + d.clock.offsetMs + " ms)" : " (stopped)");
  if (d.state) {
    $("room-count").textContent = d.state.rooms.length;
    fill("rooms", d.state.rooms, (tr, r) => {
      cell(tr, r.id, "m"); cell(tr, r.validFrom, "m"); cell(tr, r.validUntil, "m");
      cell(tr, r.pstnDialOutEnabled ? "yes" : "no");
      cell(tr, r.participants.map((p) => p.rawId + ": " + p.role).join("\n"), "m");
      tr.lastChild.style.whiteSpace = "pre-line";
    });
  }
  if (d.requests) fill("requests", d.requests.requests.slice().reverse(), (tr, q) => {
    cell(tr, q.time, "m"); cell(tr, q.method); cell(tr, q.target, "m");
    cell(tr, q.status, q.status >= 400 ? "bad" : "ok"); cell(tr, q.latencyMs.toFixed(1));
    cell(tr, q.errorCode); cell(tr, q.clientRequestId, "m");
  });
  if (d.faults && !faultsEdited) $("faults").value = JSON.stringify(d.faults, null, 2);
}
function headers() {
  const key = $("key").value;
  return key ? { "Authorization": "Bearer " + key } : {};
}
async function call(path, options) {
  const o = options || {};
  o.headers = Object.assign(headers(), o.headers || {});
  const r = await fetch("/_emulator/" + path, o);
  if (r.status === 401) $("keybox").hidden = false;
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : ("HTTP " + r.status));
  return body;
}
async function refresh() {
  try {
    const [state, requests, faults, clock, health] = await Promise.all(
      ["state", "requests?limit=50", "faults", "clock", "health"].map((p) => call(p)));
    render({ state, requests, faults, clock, health });
  } catch (e) { $("status").textContent = "cannot reach the control API: " + e.message; }
}
$("faults").addEventListener("input", () => { faultsEdited = true; });
$("reset").addEventListener("click", async () => {
  if (confirm("Delete every room and fault?")) { await call("reset", { method: "POST" }); refresh(); }
});
$("save-faults").addEventListener("click", async () => {
  try {
    await call("faults", { method: "PUT", body: $("faults").value,
                           headers: { "Content-Type": "application/json" } });
    faultsEdited = false; $("fault-status").textContent = "saved"; refresh();
  } catch (e) { $("fault-status").textContent = e.message; }
});
render(JSON.parse($("initial").textContent));
setInterval(refresh, 2000);
</script></body></html>
)html";

/// The page with `initial` (the control API's data as one JSON object) embedded.
inline std::string page_html(const std::string& initial) {
  std::string out(page_head);
  out.reserve(out.size() + initial.size() + page_tail.size() + 16);
  // "</" would end the script element early, and "<!--" changes how it is parsed: "<" is
  // written "\u003c" (JSON has "<" only inside strings, where the escape means the same).
  for (const char c : initial) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  out += page_tail;
  return out;
}

} // namespace acs_rooms_emulator
