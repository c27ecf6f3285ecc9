// SPDX-License-Identifier: MIT
// acs_rooms: the official @azure/communication-rooms JS SDK against acs-rooms-emulator.
//
// Usage: node emulator_flow.mjs "<connection string printed by acs-rooms-emulator>"
// The emulator must run with --page-size 2 so that listings span several pages.
// Exits non-zero on the first failed assertion.

import assert from "node:assert/strict";
import { RoomsClient } from "@azure/communication-rooms";

const connectionString = process.argv[2];
if (!connectionString) {
  console.error("usage: node emulator_flow.mjs <connection string>");
  process.exit(2);
}
const options = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
const client = new RoomsClient(connectionString, options);

const DAY = 24 * 60 * 60 * 1000;
const user = (n) => ({ communicationUserId: `8:acs:00000000-0000-0000-0000-000000000000_js-${n}` });

/** Runs `call`, expects it to fail with `status`, returns the parsed error body. */
async function expectFailure(what, status, call) {
  try {
    await call();
  } catch (e) {
    assert.equal(e.statusCode, status, `${what}: status`);
    const body = JSON.parse(e.response?.bodyAsText ?? "{}");
    assert.ok(body.error, `${what}: error envelope`);
    assert.equal(e.response.headers.get("x-ms-error-code"), body.error.code, `${what}: header`);
    console.log(`ok   ${what}: ${status} ${body.error.code}`);
    return body.error;
  }
  assert.fail(`${what}: expected HTTP ${status}, but the call succeeded`);
}

async function collectPages(iterator) {
  const pages = [];
  for await (const page of iterator.byPage()) {
    pages.push(page);
  }
  return pages;
}

// --- the full flow --------------------------------------------------------------------------
const validFrom = new Date(Date.now() - 60 * 1000);
const validUntil = new Date(validFrom.getTime() + 30 * DAY);
const room = await client.createRoom({
  validFrom,
  validUntil,
  pstnDialOutEnabled: true,
  participants: [
    { id: user(1), role: "Presenter" },
    { id: user(2), role: "Attendee" },
    { id: user(3), role: "Consumer" },
    { id: user(4), role: "Collaborator" },
    { id: user(5) },
  ],
});
assert.match(room.id, /^\d{14,20}$/);
assert.equal(room.validFrom.getTime(), validFrom.getTime());
assert.equal(room.validUntil.getTime(), validUntil.getTime());
assert.equal(room.pstnDialOutEnabled, true);
assert.ok(room.createdOn instanceof Date);
console.log(`ok   createRoom ${room.id}`);

const got = await client.getRoom(room.id);
assert.deepEqual(got, room);
console.log("ok   getRoom");

const extended = new Date(validFrom.getTime() + 60 * DAY);
const updated = await client.updateRoom(room.id, { validUntil: extended, pstnDialOutEnabled: false });
assert.equal(updated.validUntil.getTime(), extended.getTime());
assert.equal(updated.pstnDialOutEnabled, false);
assert.equal((await client.getRoom(room.id)).validUntil.getTime(), extended.getTime());
console.log("ok   updateRoom");

const others = [];
for (let i = 0; i < 4; ++i) {
  others.push((await client.createRoom()).id);
}
const roomPages = await collectPages(client.listRooms());
const listedIds = roomPages.flat().map((r) => r.id);
assert.ok(roomPages.length >= 3, `rooms over several pages (got ${roomPages.length})`);
assert.ok(roomPages.every((p) => p.length <= 2), "pages of at most 2");
for (const id of [room.id, ...others]) {
  assert.ok(listedIds.includes(id), `room ${id} listed`);
}
assert.equal(new Set(listedIds).size, listedIds.length, "no room listed twice");
console.log(`ok   listRooms: ${listedIds.length} rooms in ${roomPages.length} pages`);

await client.addOrUpdateParticipants(room.id, [
  { id: user(6), role: "Presenter" },
  { id: user(2), role: "Presenter" },
]);
await client.removeParticipants(room.id, [user(3), user(99)]);
const participantPages = await collectPages(client.listParticipants(room.id));
assert.ok(participantPages.length >= 3, "participants over several pages");
const roster = Object.fromEntries(
  participantPages.flat().map((p) => [p.id.communicationUserId, p.role]),
);
assert.deepEqual(roster, {
  [user(1).communicationUserId]: "Presenter",
  [user(2).communicationUserId]: "Presenter",
  [user(4).communicationUserId]: "Collaborator",
  [user(5).communicationUserId]: "Attendee",
  [user(6).communicationUserId]: "Presenter",
});
console.log(`ok   participants: ${Object.keys(roster).length} in ${participantPages.length} pages`);

await client.deleteRoom(room.id);
await expectFailure("getRoom after deleteRoom", 404, () => client.getRoom(room.id));
await client.deleteRoom(room.id); // deleting again is 204
console.log("ok   deleteRoom");

// --- failures -------------------------------------------------------------------------------
const wrongKey = connectionString.replace(/accesskey=.*/i, "accesskey=d3Jvbmcta2V5LXdyb25nLWtleQ==");
await expectFailure("wrong access key", 401, () =>
  new RoomsClient(wrongKey, options).getRoom(others[0]),
);

const tooLong = await expectFailure("range over 180 days", 400, () =>
  client.createRoom({ validFrom, validUntil: new Date(validFrom.getTime() + 200 * DAY) }),
);
assert.equal(tooLong.code, "BadRequest");
assert.equal(tooLong.details[0].code, "BadArgument");
assert.equal(tooLong.details[0].target, "ValidUntil");
assert.equal(tooLong.details[0].message, "The time range is incorrect, or larger than 180 days.");

const unknown = await expectFailure("unknown room", 404, () =>
  client.getRoom("12345678901234567"),
);
assert.equal(unknown.message, "The server cannot find the requested resource.");

const malformed = await expectFailure("malformed room id", 400, () =>
  client.getRoom("invalid_id"),
);
assert.equal(malformed.message, "Invalid room ID length.");

for (const id of others) {
  await client.deleteRoom(id);
}
console.log("all JS SDK checks passed");
