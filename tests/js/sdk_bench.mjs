// SPDX-License-Identifier: MIT
// acs_rooms benchmark helper: the official JS SDK (@azure/communication-rooms, as pinned in
// package.json) on the same work as tests/bench/ops_bench.cpp: get, create (3 participants),
// update, delete and a 30-participant page, through an in-memory HttpClient returning canned
// answers (no network). Prints "<operation> <ns per op>" lines, the median of interleaved
// rounds of process CPU time. Needs `npm ci` here first; run by ops_bench --js (tools/bench.sh).
const { RoomsClient } = await import("@azure/communication-rooms");
const { createHttpHeaders } = await import("@azure/core-rest-pipeline");

const ROOM_ID = "99117812428622880";
const USER = "8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000018-0b3a-4d5e-8a1e-0000000000";
const ROOM = JSON.stringify({
  id: ROOM_ID,
  createdAt: "2022-04-13T18:09:12.8159131+00:00",
  validFrom: "2022-04-20T10:00:00.25+00:00",
  validUntil: "2022-05-20T10:00:00+00:00",
  pstnDialOutEnabled: true,
});
const PAGE = JSON.stringify({
  value: Array.from({ length: 30 }, (_, i) => ({ rawId: USER + (10 + i), role: "Attendee" })),
});

let answer = { status: 200, body: ROOM };
const httpClient = {
  async sendRequest(request) {
    const headers = answer.body ? { "content-type": "application/json; charset=utf-8" } : {};
    return {
      request,
      status: answer.status,
      headers: createHttpHeaders(headers),
      bodyAsText: answer.body || undefined,
    };
  },
};
const client = new RoomsClient("endpoint=https://contoso.communication.azure.com/;accesskey=pw==", {
  httpClient,
});
const now = new Date("2026-11-24T12:00:00Z");
const until = new Date(now.getTime() + 30 * 86400000);
const people = [0, 1, 2].map((i) => ({ id: { communicationUserId: `8:acs:r_${i}` } }));

const cases = [
  ["get", async () => {
    answer = { status: 200, body: ROOM };
    await client.getRoom(ROOM_ID);
  }],
  ["create", async () => {
    answer = { status: 201, body: ROOM };
    await client.createRoom({ validUntil: until, participants: people });
  }],
  ["update", async () => {
    answer = { status: 200, body: ROOM };
    await client.updateRoom(ROOM_ID, { validFrom: now });
  }],
  ["delete", async () => {
    answer = { status: 204, body: "" };
    await client.deleteRoom(ROOM_ID);
  }],
  ["list_participants_30", async () => {
    answer = { status: 200, body: PAGE };
    const page = await client.listParticipants(ROOM_ID).byPage().next();
    if (page.value.length !== 30) throw new Error("expected 30 participants");
  }],
];

const rounds = Number(process.argv[2] ?? 21);
const samples = new Map(cases.map(([name]) => [name, []]));
for (const [, run] of cases) for (let i = 0; i < 200; ++i) await run(); // warm up the JIT
for (let r = 0; r < rounds; ++r) {
  for (const [name, run] of cases) {
    const n = 200;
    const start = process.cpuUsage(); // CPU time (µs): time spent descheduled does not count
    for (let i = 0; i < n; ++i) await run();
    const used = process.cpuUsage(start);
    samples.get(name).push(((used.user + used.system) * 1e3) / n);
  }
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [name] of cases) console.log(name, Math.round(median(samples.get(name))));
