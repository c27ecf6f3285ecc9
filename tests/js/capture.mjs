// Oracle capture: drives the official @azure/communication-rooms JS SDK through an
// in-memory HttpClient with a frozen clock and writes one JSON file per scenario
// into ../data/js/. No network is used. See ../data/js/README.md for the format.
//
// Usage (from tests/js):  npm ci && node capture.mjs

import { createHash, createHmac } from "node:crypto";
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------
// Frozen clock. Installed before the SDK is loaded. `new Date()` and
// `Date.now()` return NOW; `new Date(x, ...)` behaves normally.
// ---------------------------------------------------------------------------
const NOW = "2022-04-13T18:09:12.451Z";
const RealDate = globalThis.Date;
const FROZEN_MS = RealDate.parse(NOW);

class FrozenDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) {
      super(FROZEN_MS);
    } else {
      super(...args);
    }
  }
  static now() {
    return FROZEN_MS;
  }
}
globalThis.Date = FrozenDate;

const { RoomsClient } = await import("@azure/communication-rooms");
const { createHttpHeaders, isRestError } = await import("@azure/core-rest-pipeline");
const { getIdentifierRawId } = await import("@azure/communication-common");

// ---------------------------------------------------------------------------
// Constants shared by the scenarios
// ---------------------------------------------------------------------------
const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(HERE, "..", "data", "js");

const DEFAULT_API_VERSION = "2025-03-13";
const ENDPOINT = "https://contoso.communication.azure.com/";
const CONNECTION_STRING = `endpoint=${ENDPOINT};accesskey=pw==`;
const HOST = "https://contoso.communication.azure.com";
const OTHER_HOST = "https://westus.contoso.communication.azure.com";
const PLACEHOLDER = "<varies>";

const JSON_CT = "application/json; charset=utf-8";
const ROOM_ID = "99117812428622880";

// Plausible ACS user ids: 8:acs:<resource id>_<user id>
const RESOURCE = "bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd";
const user = (n) => `8:acs:${RESOURCE}_00000018-0b3a-4d5e-8a1e-${String(n).padStart(12, "0")}`;

const ROOM_MAIN = {
  id: ROOM_ID,
  createdAt: "2022-04-13T18:09:12.8159131+00:00",
  validFrom: "2022-04-20T10:00:00.25+00:00",
  validUntil: "2022-05-20T10:00:00.125+00:00",
  pstnDialOutEnabled: true,
};

const ROOM_DEFAULTS = {
  id: "99199690362660524",
  createdAt: "2022-04-13T18:09:12.8159131Z",
  validFrom: "2022-04-13T18:09:12.7935461+00:00",
  validUntil: "2022-10-10T18:09:12.7935461+00:00",
  pstnDialOutEnabled: false,
};

const ROOM_PSTN_FALSE = {
  id: "9945622662646513",
  createdAt: "2022-04-13T18:09:12.733428+00:00",
  validFrom: "2022-04-13T18:09:12.7012345+00:00",
  validUntil: "2022-10-10T18:09:12.7012345+00:00",
  pstnDialOutEnabled: false,
};

const json = (v) => JSON.stringify(v);

const okJson = (status, bodyObj, extraHeaders = {}) => ({
  status,
  headers: { "content-type": JSON_CT, ...extraHeaders },
  body: json(bodyObj),
});

const created = (room) =>
  okJson(201, room, { location: room.id, "repeatability-result": "accepted" });

const errorResponse = (status, code, message, details) => ({
  status,
  headers: { "content-type": JSON_CT, "x-ms-error-code": code },
  body: json({ error: details ? { code, message, details } : { code, message } }),
});

// ---------------------------------------------------------------------------
// Scenarios. `responses` are the canned answers, consumed in request order.
// ---------------------------------------------------------------------------
const scenarios = [
  {
    name: "create_all_options",
    description:
      "createRoom with validFrom/validUntil (milliseconds), pstnDialOutEnabled true and five participants (Presenter, Attendee, Consumer, Collaborator, no role)",
    operation: "create_room",
    args: {
      valid_from: "2022-04-20T10:00:00.250Z",
      valid_until: "2022-05-20T10:00:00.125Z",
      pstn_dial_out_enabled: true,
      participants: [
        { raw_id: user(1), role: "Presenter" },
        { raw_id: user(2), role: "Attendee" },
        { raw_id: user(3), role: "Consumer" },
        { raw_id: user(4), role: "Collaborator" },
        { raw_id: user(5) },
      ],
    },
    responses: [created(ROOM_MAIN)],
  },
  {
    name: "create_empty",
    description: "createRoom() with no options at all; the service fills the defaults",
    operation: "create_room",
    args: {},
    responses: [created(ROOM_DEFAULTS)],
  },
  {
    name: "create_pstn_false",
    description: "createRoom with only pstnDialOutEnabled false (shows whether false is sent)",
    operation: "create_room",
    args: { pstn_dial_out_enabled: false },
    responses: [created(ROOM_PSTN_FALSE)],
  },
  {
    name: "get_room",
    description: "getRoom of an existing room",
    operation: "get_room",
    args: { room_id: ROOM_ID },
    responses: [okJson(200, ROOM_MAIN)],
  },
  {
    name: "get_room_escaped_id",
    description: "getRoom with a room id containing '/', ' ', '?', '#' and '%' (records how the SDK escapes it)",
    operation: "get_room",
    args: { room_id: "a/b c?d#e%f" },
    responses: [okJson(200, { ...ROOM_MAIN, id: "a/b c?d#e%f" })],
  },
  {
    name: "update_all",
    description: "updateRoom with validFrom, validUntil and pstnDialOutEnabled false",
    operation: "update_room",
    args: {
      room_id: ROOM_ID,
      valid_from: "2022-04-21T08:30:00.000Z",
      valid_until: "2022-06-01T23:59:59.999Z",
      pstn_dial_out_enabled: false,
    },
    responses: [
      okJson(200, {
        id: ROOM_ID,
        createdAt: ROOM_MAIN.createdAt,
        validFrom: "2022-04-21T08:30:00Z",
        validUntil: "2022-06-01T23:59:59.999+00:00",
        pstnDialOutEnabled: false,
      }),
    ],
  },
  {
    name: "update_one",
    description: "updateRoom with only validUntil",
    operation: "update_room",
    args: { room_id: ROOM_ID, valid_until: "2022-07-01T00:00:00.000Z" },
    responses: [
      okJson(200, {
        id: ROOM_ID,
        createdAt: ROOM_MAIN.createdAt,
        validFrom: ROOM_MAIN.validFrom,
        validUntil: "2022-07-01T00:00:00+00:00",
        pstnDialOutEnabled: true,
      }),
    ],
  },
  {
    name: "delete_room",
    description: "deleteRoom; the service answers 204 with no body",
    operation: "delete_room",
    args: { room_id: ROOM_ID },
    responses: [{ status: 204, headers: {}, body: null }],
  },
  {
    name: "list_rooms_two_pages",
    description: "listRooms over two pages; the first page's nextLink points to another host",
    operation: "list_rooms",
    args: {},
    responses: [
      okJson(200, {
        value: [
          ROOM_MAIN,
          {
            id: "99199690362660524",
            createdAt: "2022-04-12T07:01:02.1234567+00:00",
            validFrom: "2022-04-12T07:01:02.1234567+00:00",
            validUntil: "2022-10-09T07:01:02.1234567+00:00",
            pstnDialOutEnabled: false,
          },
        ],
        nextLink: `${OTHER_HOST}/rooms?nextLink=W3sidG9rZW4iOiJhYmMifV0&api-version=${DEFAULT_API_VERSION}`,
      }),
      okJson(200, {
        value: [
          {
            id: "999058871389949120",
            createdAt: "2022-04-01T00:00:00Z",
            validFrom: "2022-04-02T00:00:00Z",
            validUntil: "2022-09-28T00:00:00.5+00:00",
            pstnDialOutEnabled: true,
          },
        ],
      }),
    ],
  },
  {
    name: "list_rooms_empty",
    description: "listRooms when the resource has no rooms: one page with an empty value array",
    operation: "list_rooms",
    args: {},
    responses: [okJson(200, { value: [] })],
  },
  {
    name: "add_or_update_participants",
    description: "addOrUpdateParticipants with three participants, one without a role",
    operation: "add_or_update_participants",
    args: {
      room_id: ROOM_ID,
      participants: [
        { raw_id: user(6), role: "Consumer" },
        { raw_id: user(7) },
        { raw_id: user(1), role: "Collaborator" },
      ],
    },
    responses: [okJson(200, {})],
  },
  {
    name: "remove_participants",
    description: "removeParticipants with two participants (merge-patch null values)",
    operation: "remove_participants",
    args: {
      room_id: ROOM_ID,
      participants: [{ raw_id: user(2) }, { raw_id: user(3) }],
    },
    responses: [okJson(200, {})],
  },
  {
    name: "list_participants_two_pages",
    description: "listParticipants over two pages with several roles; the nextLink points to another host",
    operation: "list_participants",
    args: { room_id: ROOM_ID },
    responses: [
      okJson(200, {
        value: [
          { rawId: user(1), role: "Presenter" },
          { rawId: user(2), role: "Attendee" },
          { rawId: user(3), role: "Consumer" },
        ],
        nextLink: `${OTHER_HOST}/rooms/${ROOM_ID}/participants?nextLink=W3sidG9rZW4iOiJkZWYifV0&api-version=${DEFAULT_API_VERSION}`,
      }),
      okJson(200, {
        value: [
          { rawId: user(4), role: "Collaborator" },
          { rawId: "8:orgid:45ab2481-1c1c-4005-be24-0ffb879b1130", role: "Attendee" },
        ],
      }),
    ],
  },
  {
    name: "list_participants_empty",
    description: "listParticipants of a room without participants: one page with an empty value array",
    operation: "list_participants",
    args: { room_id: ROOM_ID },
    responses: [okJson(200, { value: [] })],
  },
  {
    name: "get_room_404",
    description: "getRoom of an unknown room: 404 NotFound error body and x-ms-error-code header",
    operation: "get_room",
    args: { room_id: "99999999999999999" },
    responses: [errorResponse(404, "NotFound", "The server cannot find the requested resource.")],
  },
  {
    name: "create_400_details",
    description: "createRoom with a too long validity: 400 BadRequest with a BadArgument detail",
    operation: "create_room",
    args: {
      valid_from: "2022-04-20T10:00:00.000Z",
      valid_until: "2022-12-31T10:00:00.000Z",
    },
    responses: [
      errorResponse(
        400,
        "BadRequest",
        "The request could not be understood by the server due to malformed syntax.",
        [
          {
            code: "BadArgument",
            message: "The time range is incorrect, or larger than 180 days.",
            target: "ValidUntil",
          },
        ],
      ),
    ],
  },
  {
    name: "key_long",
    description: "getRoom with a 48-byte access key and an endpoint on a non-default port (8443)",
    connection_string:
      "endpoint=https://contoso.communication.azure.com:8443/;accesskey=68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e",
    operation: "get_room",
    args: { room_id: ROOM_ID },
    responses: [okJson(200, ROOM_MAIN)],
  },
  {
    name: "get_room_v2023_06_14",
    description: "getRoom with the hidden apiVersion client option set to 2023-06-14 (response has no pstnDialOutEnabled)",
    api_version: "2023-06-14",
    operation: "get_room",
    args: { room_id: ROOM_ID },
    responses: [
      okJson(200, {
        id: ROOM_ID,
        createdAt: ROOM_MAIN.createdAt,
        validFrom: ROOM_MAIN.validFrom,
        validUntil: ROOM_MAIN.validUntil,
      }),
    ],
  },
  {
    name: "create_pstn_v2024_04_15",
    description: "createRoom with pstnDialOutEnabled true and the hidden apiVersion client option set to 2024-04-15",
    api_version: "2024-04-15",
    operation: "create_room",
    args: { pstn_dial_out_enabled: true },
    responses: [
      created({
        id: "9945622662646513",
        createdAt: "2022-04-13T18:09:12.733428+00:00",
        validFrom: "2022-04-13T18:09:12.7012345+00:00",
        validUntil: "2022-10-10T18:09:12.7012345+00:00",
        pstnDialOutEnabled: true,
      }),
    ],
  },
  {
    name: "list_rooms_v2024_04_15",
    description: "listRooms over two pages with the hidden apiVersion client option set to 2024-04-15 (nextLink carries the same version)",
    api_version: "2024-04-15",
    operation: "list_rooms",
    args: {},
    responses: [
      okJson(200, {
        value: [ROOM_MAIN],
        nextLink: `${HOST}/rooms?nextLink=W3sidG9rZW4iOiJnaGkifV0&api-version=2024-04-15`,
      }),
      okJson(200, { value: [ROOM_DEFAULTS] }),
    ],
  },
];

// ---------------------------------------------------------------------------
// In-memory HttpClient
// ---------------------------------------------------------------------------
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const USER_AGENT = /^azsdk-js-communication-rooms\/1\.2\.0 core-rest-pipeline\/1\.24\.0 Node\/\S+ \(.+\)$/;

function scrubHeader(name, value) {
  if (name === "repeatability-request-id" || name === "x-ms-client-request-id") {
    if (!UUID_V4.test(value)) throw new Error(`${name} is not a v4 uuid: ${value}`);
    return PLACEHOLDER;
  }
  if (name === "user-agent") {
    if (!USER_AGENT.test(value)) throw new Error(`unexpected user-agent: ${value}`);
    return PLACEHOLDER;
  }
  return value;
}

function recordRequest(request) {
  const headers = {};
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name in headers) throw new Error(`duplicate header ${name}`);
    headers[name] = scrubHeader(name, value);
  }
  let body = null;
  if (request.body !== undefined && request.body !== null) {
    if (typeof request.body !== "string") {
      throw new Error(`non-string request body: ${typeof request.body}`);
    }
    body = request.body;
  }
  return { method: request.method, url: request.url, headers, body };
}

// Independent HMAC check: what is on the wire must be what was signed.
// Path and query are taken verbatim from the URL string (not re-serialized).
function checkSignature(keyB64, rec, rawHeaders) {
  const u = new URL(rec.url);
  const afterAuthority = rec.url.slice(u.protocol.length + 2 + u.host.length);
  const pathAndQuery = afterAuthority === "" ? "/" : afterAuthority;
  const contentHash = createHash("sha256").update(rec.body ?? "", "utf8").digest("base64");
  const date = rawHeaders.get("x-ms-date");
  const host = rawHeaders.get("host");
  const sts = `${rec.method}\n${pathAndQuery}\n${date};${host};${contentHash}`;
  const sig = createHmac("sha256", Buffer.from(keyB64, "base64")).update(sts, "utf8").digest("base64");
  const expected = `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}`;
  if (rawHeaders.get("x-ms-content-sha256") !== contentHash) {
    throw new Error(`content hash mismatch for ${rec.method} ${rec.url}`);
  }
  if (rawHeaders.get("authorization") !== expected) {
    throw new Error(`signature mismatch for ${rec.method} ${rec.url}:\n${rawHeaders.get("authorization")}\n${expected}`);
  }
  if (host !== u.host) throw new Error(`host header ${host} != ${u.host}`);
}

function makeHttpClient(scenario, keyB64, exchanges) {
  let next = 0;
  return {
    async sendRequest(request) {
      const canned = scenario.responses[next++];
      if (!canned) throw new Error(`${scenario.name}: unexpected extra request ${request.method} ${request.url}`);
      const rec = recordRequest(request);
      checkSignature(keyB64, rec, request.headers);
      exchanges.push({
        request: rec,
        response: { status: canned.status, headers: canned.headers, body: canned.body },
      });
      return {
        request,
        status: canned.status,
        headers: createHttpHeaders(canned.headers),
        bodyAsText: canned.body ?? undefined,
      };
    },
    consumed: () => next,
  };
}

// ---------------------------------------------------------------------------
// Calling the SDK
// ---------------------------------------------------------------------------
function toDate(s) {
  const d = new Date(s);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== s) {
    throw new Error(`date argument must be in toISOString() form: ${s}`);
  }
  return d;
}

function roomOptions(args) {
  const o = {};
  if ("valid_from" in args) o.validFrom = toDate(args.valid_from);
  if ("valid_until" in args) o.validUntil = toDate(args.valid_until);
  if ("pstn_dial_out_enabled" in args) o.pstnDialOutEnabled = args.pstn_dial_out_enabled;
  if ("participants" in args) o.participants = args.participants.map(toSdkParticipant);
  return o;
}

function toSdkParticipant(p) {
  const r = { id: { communicationUserId: p.raw_id } };
  if ("role" in p) r.role = p.role;
  return r;
}

const iso = (d) => (d instanceof RealDate ? d.toISOString() : d ?? null);

function roomValue(room) {
  return {
    id: room.id,
    createdOn: iso(room.createdOn),
    validFrom: iso(room.validFrom),
    validUntil: iso(room.validUntil),
    pstnDialOutEnabled: room.pstnDialOutEnabled ?? null,
  };
}

function participantValue(p) {
  return { rawId: getIdentifierRawId(p.id), kind: p.id.kind, role: p.role };
}

async function collect(iter, map) {
  const out = [];
  for await (const item of iter) out.push(map(item));
  return out;
}

async function invoke(client, operation, args) {
  switch (operation) {
    case "create_room": {
      const opts = roomOptions(args);
      const room = Object.keys(opts).length === 0 ? await client.createRoom() : await client.createRoom(opts);
      return roomValue(room);
    }
    case "get_room":
      return roomValue(await client.getRoom(args.room_id));
    case "update_room": {
      const { room_id, ...rest } = args;
      return roomValue(await client.updateRoom(room_id, roomOptions(rest)));
    }
    case "delete_room":
      await client.deleteRoom(args.room_id);
      return null;
    case "list_rooms":
      return collect(client.listRooms(), roomValue);
    case "add_or_update_participants":
      await client.addOrUpdateParticipants(args.room_id, args.participants.map(toSdkParticipant));
      return null;
    case "remove_participants":
      await client.removeParticipants(
        args.room_id,
        args.participants.map((p) => ({ communicationUserId: p.raw_id })),
      );
      return null;
    case "list_participants":
      return collect(client.listParticipants(args.room_id), participantValue);
    default:
      throw new Error(`unknown operation ${operation}`);
  }
}

async function runScenario(scenario) {
  const connectionString = scenario.connection_string ?? CONNECTION_STRING;
  const apiVersion = scenario.api_version ?? DEFAULT_API_VERSION;
  const keyB64 = /accesskey=(.*)$/i.exec(connectionString)[1];
  const exchanges = [];
  const httpClient = makeHttpClient(scenario, keyB64, exchanges);
  const clientOptions = { httpClient };
  if (scenario.api_version) clientOptions.apiVersion = scenario.api_version;
  const client = new RoomsClient(connectionString, clientOptions);

  let outcome;
  try {
    outcome = { ok: true, value: await invoke(client, scenario.operation, scenario.args) };
  } catch (e) {
    if (!isRestError(e)) throw e;
    outcome = { ok: false, error: { status: e.statusCode, code: e.code, message: e.message } };
  }
  if (httpClient.consumed() !== scenario.responses.length) {
    throw new Error(`${scenario.name}: ${scenario.responses.length - httpClient.consumed()} canned responses unused`);
  }
  for (const ex of exchanges) {
    if (!ex.request.url.includes(`api-version=${apiVersion}`)) {
      throw new Error(`${scenario.name}: request without api-version=${apiVersion}: ${ex.request.url}`);
    }
  }

  return {
    name: scenario.name,
    description: scenario.description,
    connection_string: connectionString,
    now: NOW,
    api_version: apiVersion,
    operation: scenario.operation,
    args: scenario.args,
    exchanges,
    outcome,
  };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------
mkdirSync(OUT_DIR, { recursive: true });
const names = new Set(scenarios.map((s) => s.name));
if (names.size !== scenarios.length) throw new Error("duplicate scenario names");

// Remove captures of scenarios that no longer exist.
for (const f of readdirSync(OUT_DIR)) {
  if (f.endsWith(".json") && !names.has(f.slice(0, -5))) unlinkSync(join(OUT_DIR, f));
}

for (const scenario of scenarios) {
  const result = await runScenario(scenario);
  writeFileSync(join(OUT_DIR, `${scenario.name}.json`), JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${scenario.name}.json (${result.exchanges.length} exchange(s), ok=${result.outcome.ok})`);
}
console.log(`${scenarios.length} scenarios captured into ${OUT_DIR}`);
