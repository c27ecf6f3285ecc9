#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Capture what Debian's azure-communication-rooms 1.0.0b3 (api-version 2022-02-01) sends.

Drives the SDK through an in-memory azure.core transport with a frozen clock and fixed ids, and
writes one JSON file per scenario to tests/data/py/ (or to the directory given as argv[1]):
the SDK's call, each request it sent (method, URL, headers, body), the canned answer it got,
and what the SDK returned or raised. tests/integration/py_replay_test.cpp replays them through our
client. The output is byte-stable: run it twice and diff.

Run with Debian's interpreter: /usr/bin/python3 tests/py/capture_v2022.py [OUT_DIR]
               /usr/bin/python3 tests/py/capture_v2022.py --check  (exit 1 if tests/data/py differs)
"""
import datetime as _dt
import json
import pathlib
import sys
import uuid

from azure.core.pipeline.transport import HttpResponse, HttpTransport

import azure.communication.rooms as rooms_pkg
from azure.communication.rooms import RoomParticipant, RoomsClient, RoleType, RoomJoinPolicy
from azure.communication.rooms import _rooms_client as rooms_client_module
from azure.communication.rooms._shared import policy as hmac_policy_module
from azure.communication.rooms._shared.models import CommunicationUserIdentifier, UnknownIdentifier

ENDPOINT = "https://contoso.communication.azure.com/"
ACCESS_KEY = "cHJvb2YtYWdhaW5zdC10aGUtb3JhY2xlLWtleQ=="  # base64 of a made-up test key
CONNECTION_STRING = "endpoint=" + ENDPOINT + ";accesskey=" + ACCESS_KEY
NOW = _dt.datetime(2022, 5, 26, 5, 46, 17, 815000)  # naive UTC, as datetime.utcnow() gives
REPEATABILITY_ID = "6f0c2cc4-7a3e-4a8e-9d1b-1c2d3e4f5a6b"
CLIENT_REQUEST_ID = "0b8c0a52-2e58-4c3f-8d5a-6a7b8c9d0e1f"
ROOM_ID = "99117812428622880"
USER = "8:acs:db75ed0c-e801-41a3-99a4-66a0a119a06c_00000010-ce28-064a-83fe-084822000"
PHONE = "4:+14255550123"
# The SDK fills these with the platform and Python versions: kept as present, not as values.
VARYING_HEADERS = {"user-agent"}


class _FrozenDateTime(_dt.datetime):
    @classmethod
    def utcnow(cls):
        return NOW

    @classmethod
    def now(cls, tz=None):
        return NOW.replace(tzinfo=_dt.timezone.utc).astimezone(tz) if tz else NOW


class _FixedUuid:
    """Stands in for the uuid module where the SDK draws ids."""

    def __init__(self, value):
        self.value = uuid.UUID(value)

    def uuid1(self, *args, **kwargs):
        return self.value

    def uuid4(self):
        return self.value


def freeze():
    rooms_client_module.datetime = _FrozenDateTime
    rooms_client_module.uuid = _FixedUuid(REPEATABILITY_ID)
    hmac_policy_module.get_current_utc_time = lambda: NOW.strftime("%a, %d %b %Y %H:%M:%S GMT")
    from azure.core.pipeline.policies import _universal  # the x-ms-client-request-id source

    _universal.uuid = _FixedUuid(CLIENT_REQUEST_ID)


class _Response(HttpResponse):
    def __init__(self, request, status, headers, body):
        super().__init__(request, None)
        self.status_code = status
        self.headers = dict(headers)
        self.reason = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
                       404: "Not Found"}.get(status, "")
        self.content_type = self.headers.get("Content-Type")
        self._body = body.encode("utf-8")

    def body(self):
        return self._body


class ScriptedTransport(HttpTransport):
    """Answers each request with the next canned answer and records the exchange."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.exchanges = []

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send(self, request, **kwargs):
        status, headers, body = self.answers.pop(0)
        sent = request.body
        if isinstance(sent, bytes):
            sent = sent.decode("utf-8")
        recorded_headers = {}
        for name, value in sorted(request.headers.items(), key=lambda kv: kv[0].lower()):
            lower = name.lower()
            recorded_headers[lower] = "<varies>" if lower in VARYING_HEADERS else value
        self.exchanges.append({
            "request": {"method": request.method, "url": request.url,
                        "headers": recorded_headers, "body": sent if sent else None},
            "response": {"status": status, "headers": headers, "body": body if body else None},
        })
        return _Response(request, status, headers, body)


def rfc3339_ms(value):
    """A datetime as our client formats it: UTC, milliseconds, 'Z'."""
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def participant_json(p):
    role = p.role.value if hasattr(p.role, "value") else p.role
    return {"raw_id": p.communication_identifier.raw_id, "role": role}


def room_json(r):
    policy = r.room_join_policy
    return {"id": r.id, "created_on": rfc3339_ms(r.created_on),
            "valid_from": rfc3339_ms(r.valid_from), "valid_until": rfc3339_ms(r.valid_until),
            "room_join_policy": policy.value if hasattr(policy, "value") else policy,
            "participants": [participant_json(p) for p in r.participants or []]}


def wire_participant(raw_id, role):
    ident = {"rawId": raw_id}
    if raw_id.startswith("8:acs:"):
        ident["communicationUser"] = {"id": raw_id}
    out = {"communicationIdentifier": ident}
    if role is not None:
        out["role"] = role
    return out


def wire_room(valid_from, valid_until, policy, roster):
    return json.dumps({"id": ROOM_ID, "createdDateTime": "2022-05-26T05:46:17.8159131+00:00",
                       "validFrom": valid_from, "validUntil": valid_until,
                       "roomJoinPolicy": policy,
                       "participants": [wire_participant(*p) for p in roster]})


def wire_roster(roster):
    return json.dumps({"participants": [wire_participant(*p) for p in roster]})


def wire_error(status, code, message, target=None):
    err = {"code": code, "message": message}
    if target:
        err["target"] = target
    return (status, {"Content-Type": "application/json; charset=utf-8", "x-ms-error-code": code},
            json.dumps({"error": err}))


JSON = {"Content-Type": "application/json; charset=utf-8"}
ROSTER = [(USER + "111", "Presenter"), (USER + "222", "Attendee"), (USER + "333", "Consumer"),
          (PHONE, "Attendee")]
FROM, UNTIL = "2022-05-30T00:00:00.250+00:00", "2022-06-30T00:00:00+00:00"


def scenario(name, description, operation, args, answers, call):
    return {"name": name, "description": description, "operation": operation, "args": args,
            "answers": answers, "call": call}


def user(n):
    return CommunicationUserIdentifier(USER + n)


def scenarios():
    from_dt = _dt.datetime(2022, 5, 30, 0, 0, 0, 250000, tzinfo=_dt.timezone.utc)
    until_dt = _dt.datetime(2022, 6, 30, tzinfo=_dt.timezone.utc)
    later_dt = _dt.datetime(2022, 7, 30, 12, 30, tzinfo=_dt.timezone.utc)
    everyone = [
        RoomParticipant(communication_identifier=user("111"), role=RoleType.PRESENTER),
        RoomParticipant(communication_identifier=user("222"), role=RoleType.ATTENDEE),
        RoomParticipant(communication_identifier=user("333"), role=RoleType.CONSUMER),
        RoomParticipant(communication_identifier=UnknownIdentifier(PHONE), role="Attendee"),
    ]
    roster_args = [{"raw_id": USER + n, "role": r} for n, r in
                   (("111", "Presenter"), ("222", "Attendee"), ("333", "Consumer"))]
    roster_args.append({"raw_id": PHONE, "role": "Attendee"})
    return [
        scenario("create_all_fields", "create_room with valid_from (milliseconds), valid_until, "
                 "InviteOnly and four participants (three ACS users, one raw id)",
                 "create_room",
                 {"valid_from": rfc3339_ms(from_dt), "valid_until": rfc3339_ms(until_dt),
                  "room_join_policy": "InviteOnly", "participants": roster_args},
                 [(201, JSON, wire_room(FROM, UNTIL, "InviteOnly", ROSTER))],
                 lambda c: c.create_room(valid_from=from_dt, valid_until=until_dt,
                                         room_join_policy=RoomJoinPolicy.INVITE_ONLY,
                                         participants=everyone)),
        scenario("create_empty", "create_room with no arguments", "create_room", {},
                 [(201, JSON, wire_room("2022-05-26T05:46:17.815+00:00",
                                        "2022-11-22T05:46:17.815+00:00", "InviteOnly", []))],
                 lambda c: c.create_room()),
        scenario("get_room", "get_room of a room with two participants", "get_room",
                 {"room_id": ROOM_ID},
                 [(200, JSON, wire_room(FROM, UNTIL, "CommunicationServiceUsers", ROSTER[:2]))],
                 lambda c: c.get_room(room_id=ROOM_ID)),
        scenario("update_room", "update_room changing valid_until and the join policy",
                 "update_room",
                 {"room_id": ROOM_ID, "valid_until": rfc3339_ms(later_dt),
                  "room_join_policy": "CommunicationServiceUsers"},
                 [(200, JSON, wire_room(FROM, "2022-07-30T12:30:00+00:00",
                                        "CommunicationServiceUsers", ROSTER[:1]))],
                 lambda c: c.update_room(room_id=ROOM_ID, valid_until=later_dt,
                                         room_join_policy="CommunicationServiceUsers")),
        scenario("update_room_roster", "update_room replacing the roster (a room field in this "
                 "version)", "update_room",
                 {"room_id": ROOM_ID, "participants": [{"raw_id": USER + "666",
                                                        "role": "Presenter"}]},
                 [(200, JSON, wire_room(FROM, UNTIL, "InviteOnly",
                                        [(USER + "666", "Presenter")]))],
                 lambda c: c.update_room(room_id=ROOM_ID, participants=[
                     RoomParticipant(communication_identifier=user("666"),
                                     role=RoleType.PRESENTER)])),
        scenario("delete_room", "delete_room", "delete_room", {"room_id": ROOM_ID},
                 [(204, {}, "")], lambda c: c.delete_room(room_id=ROOM_ID)),
        scenario("add_participants", "add_participants: two Attendees", "add_participants",
                 {"room_id": ROOM_ID, "participants": [
                     {"raw_id": USER + "444", "role": "Attendee"},
                     {"raw_id": USER + "555", "role": "Attendee"}]},
                 [(200, JSON, wire_roster(ROSTER[:1] + [(USER + "444", "Attendee"),
                                                       (USER + "555", "Attendee")]))],
                 lambda c: c.add_participants(room_id=ROOM_ID, participants=[
                     RoomParticipant(communication_identifier=user("444"), role=RoleType.ATTENDEE),
                     RoomParticipant(communication_identifier=user("555"),
                                     role=RoleType.ATTENDEE)])),
        scenario("update_participants", "update_participants: one Attendee becomes a Consumer",
                 "update_participants",
                 {"room_id": ROOM_ID, "participants": [{"raw_id": USER + "444",
                                                        "role": "Consumer"}]},
                 [(200, JSON, wire_roster(ROSTER[:1] + [(USER + "444", "Consumer")]))],
                 lambda c: c.update_participants(room_id=ROOM_ID, participants=[
                     RoomParticipant(communication_identifier=user("444"),
                                     role=RoleType.CONSUMER)])),
        scenario("remove_participants", "remove_participants: one ACS user and one raw id",
                 "remove_participants",
                 {"room_id": ROOM_ID, "participants": [{"raw_id": USER + "444"},
                                                       {"raw_id": PHONE}]},
                 [(200, JSON, wire_roster(ROSTER[:1]))],
                 lambda c: c.remove_participants(room_id=ROOM_ID, communication_identifiers=[
                     user("444"), UnknownIdentifier(PHONE)])),
        scenario("get_participants", "get_participants of a room with three", "get_participants",
                 {"room_id": ROOM_ID}, [(200, JSON, wire_roster(ROSTER[:3]))],
                 lambda c: c.get_participants(room_id=ROOM_ID)),
        scenario("get_room_404", "get_room of an unknown room", "get_room",
                 {"room_id": "99999999999999999"},
                 [wire_error(404, "NotFound", "The room does not exist.")],
                 lambda c: c.get_room(room_id="99999999999999999")),
        scenario("create_400", "create_room with valid_until before valid_from", "create_room",
                 {"valid_from": rfc3339_ms(until_dt), "valid_until": rfc3339_ms(from_dt)},
                 [wire_error(400, "BadRequest", "ValidUntil must be after ValidFrom.",
                             "validUntil")],
                 lambda c: c.create_room(valid_from=until_dt, valid_until=from_dt)),
    ]


def result_json(value):
    if value is None:
        return None
    if hasattr(value, "room_join_policy"):
        return room_json(value)
    return [participant_json(p) for p in value.participants]


def capture(s):
    transport = ScriptedTransport(s["answers"])
    client = RoomsClient.from_connection_string(CONNECTION_STRING, transport=transport,
                                                retry_total=0)
    out = {"name": s["name"], "description": s["description"],
           "sdk": "azure-communication-rooms " + rooms_pkg._version.VERSION + " (Debian)",
           "connection_string": CONNECTION_STRING, "now": rfc3339_ms(NOW),
           "api_version": "2022-02-01", "operation": s["operation"], "args": s["args"]}
    try:
        out["result"] = result_json(s["call"](client))
    except Exception as e:  # the SDK's error, as it reports it
        err = getattr(e, "error", None)
        out["error"] = {"type": type(e).__name__, "status": getattr(e, "status_code", None),
                        "code": getattr(err, "code", None),
                        "message": getattr(err, "message", None)}
    out["exchanges"] = transport.exchanges
    return out


def main():
    committed = pathlib.Path(__file__).resolve().parent.parent / "data" / "py"
    check = sys.argv[1:] == ["--check"]
    out_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 and not check else committed
    freeze()
    texts = {s["name"] + ".json": json.dumps(capture(s), indent=2, ensure_ascii=False) + "\n"
             for s in scenarios()}
    if check:
        stale = sorted(name for name, text in texts.items()
                       if not (committed / name).is_file()
                       or (committed / name).read_text(encoding="utf-8") != text)
        extra = sorted(p.name for p in committed.glob("*.json") if p.name not in texts)
        for name in stale:
            print("differs from a fresh capture: tests/data/py/" + name)
        for name in extra:
            print("not made by this script: tests/data/py/" + name)
        return 1 if stale or extra else 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
