# SPDX-License-Identifier: MIT
# acs_rooms benchmark helper: the official Python SDK (Debian's python3-azure, which ships
# azure-communication-rooms 1.0.0b3, api-version 2022-02-01) on the same work as ops_bench:
# get, create (3 participants), update, delete and a 30-participant listing, through an
# in-memory transport returning canned answers (no network). Prints "<operation> <ns per op>"
# lines, the median of interleaved rounds of CPU time. Run by ops_bench --python (see tools/bench.sh).
import datetime
import json
import logging
import statistics
import sys
import time

from azure.core.pipeline.transport import HttpResponse, HttpTransport

from azure.communication.rooms import RoomParticipant, RoomsClient
from azure.communication.rooms._shared.models import CommunicationUserIdentifier

ROOM_ID = "99117812428622880"
USER = "8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000018-0b3a-4d5e-8a1e-0000000000"


def participant(n):
    return {"communicationIdentifier": {"rawId": USER + str(n),
                                        "communicationUser": {"id": USER + str(n)}},
            "role": "Attendee"}


ROOM = json.dumps({"id": ROOM_ID, "createdDateTime": "2022-04-13T18:09:12.8159131+00:00",
                   "validFrom": "2022-04-20T10:00:00.25+00:00",
                   "validUntil": "2022-05-20T10:00:00+00:00", "roomJoinPolicy": "InviteOnly",
                   "participants": []}).encode()
PAGE = json.dumps({"participants": [participant(10 + i) for i in range(30)]}).encode()


class CannedResponse(HttpResponse):
    def __init__(self, request, status, body):
        super().__init__(request, None)
        self.status_code = status
        self.headers = {"Content-Type": "application/json; charset=utf-8"} if body else {}
        self.reason = "OK"
        self.content_type = self.headers.get("Content-Type")
        self._body = body

    def body(self):
        return self._body


class CannedTransport(HttpTransport):
    def __init__(self):
        self.status = 200
        self.body = ROOM

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send(self, request, **kwargs):
        return CannedResponse(request, self.status, self.body)


def main():
    # The SDK logs a warning per serialised time; silenced so it is not timed writing to stderr.
    logging.getLogger("azure").setLevel(logging.ERROR)
    transport = CannedTransport()
    client = RoomsClient.from_connection_string(
        "endpoint=https://contoso.communication.azure.com/;accesskey=pw==", transport=transport)
    now = datetime.datetime(2026, 11, 24, 12, 0, 0, tzinfo=datetime.timezone.utc)
    people = [RoomParticipant(communication_identifier=CommunicationUserIdentifier("8:acs:r_%d" % i))
              for i in range(3)]

    def answer(status, body):
        transport.status = status
        transport.body = body

    def get():
        answer(200, ROOM)
        client.get_room(ROOM_ID)

    def create():
        answer(201, ROOM)
        client.create_room(valid_until=now + datetime.timedelta(days=30), participants=people)

    def update():
        answer(200, ROOM)
        client.update_room(room_id=ROOM_ID, valid_from=now)

    def delete():
        answer(204, b"")
        client.delete_room(ROOM_ID)

    def list_participants():
        answer(200, PAGE)
        assert len(client.get_participants(ROOM_ID).participants) == 30

    cases = [("get", get), ("create", create), ("update", update), ("delete", delete),
             ("list_participants_30", list_participants)]
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    samples = {name: [] for name, _ in cases}
    for _, run in cases:
        run()
    for _ in range(rounds):
        for name, run in cases:
            n = 50
            start = time.thread_time_ns()
            for _ in range(n):
                run()
            samples[name].append((time.thread_time_ns() - start) / n)
    for name, _ in cases:
        print(name, round(statistics.median(samples[name])))


if __name__ == "__main__":
    main()
