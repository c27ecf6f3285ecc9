#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The classic Rooms quickstart, as written for azure-communication-rooms 1.0.0b3.

That SDK (Debian 12's python3-azure) speaks the retired api-version 2022-02-01: RoomJoinPolicy,
RoleType, add_participants / update_participants / remove_participants and get_participants.
The flow: create a room valid for a month with three participants, get it, extend it by a
month, add two participants as Attendees, remove one, list the participants, delete the room.

The connection string comes from ACS_CONNECTION_STRING (or
COMMUNICATION_SAMPLES_CONNECTION_STRING). The SDK always uses https://, so against
acs-rooms-emulator run the emulator with --tls --tls-cert-out cert.pem and set
REQUESTS_CA_BUNDLE=cert.pem. The users are made-up ids: the Identity service is not involved.
"""
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.communication.identity import CommunicationUserIdentifier
from azure.communication.rooms import RoleType, RoomJoinPolicy, RoomParticipant, RoomsClient


def made_up_user():
    return CommunicationUserIdentifier(
        "8:acs:00000000-0000-0000-0000-000000000000_" + str(uuid.uuid4()))


def print_room(what, room):
    print(f"{what} room {room.id}")
    print(f"  valid from  {room.valid_from.isoformat()}")
    print(f"  valid until {room.valid_until.isoformat()}")
    print(f"  join policy {room.room_join_policy}")
    for p in room.participants or []:
        print(f"  {p.communication_identifier.raw_id}  {p.role}")


def main():
    connection_string = (os.environ.get("ACS_CONNECTION_STRING")
                         or os.environ.get("COMMUNICATION_SAMPLES_CONNECTION_STRING"))
    if not connection_string:
        print("Set ACS_CONNECTION_STRING to a Communication Services connection string.",
              file=sys.stderr)
        return 2
    client = RoomsClient.from_connection_string(connection_string)
    presenter, attendee, consumer = made_up_user(), made_up_user(), made_up_user()

    # 1. A room valid for a month, open to its participants only.
    valid_from = datetime.now(timezone.utc)
    valid_until = valid_from + timedelta(days=30)
    room = client.create_room(
        valid_from=valid_from,
        valid_until=valid_until,
        room_join_policy=RoomJoinPolicy.INVITE_ONLY,
        participants=[
            RoomParticipant(communication_identifier=presenter, role=RoleType.PRESENTER),
            RoomParticipant(communication_identifier=attendee, role=RoleType.ATTENDEE),
            RoomParticipant(communication_identifier=consumer, role=RoleType.CONSUMER),
        ])
    print_room("Created", room)
    room_id = room.id
    try:
        # 2. Read it back.
        print_room("Got", client.get_room(room_id=room_id))

        # 3. Extend it by a month.
        updated = client.update_room(room_id=room_id, valid_until=valid_until + timedelta(days=30))
        print_room("Updated", updated)

        # 4. Add two participants as Attendees, then remove one.
        newcomers = [made_up_user(), made_up_user()]
        client.add_participants(room_id=room_id, participants=[
            RoomParticipant(communication_identifier=u, role=RoleType.ATTENDEE) for u in newcomers])
        print(f"Added {len(newcomers)} participants as Attendees")
        client.remove_participants(room_id=room_id, communication_identifiers=[newcomers[0]])
        print(f"Removed {newcomers[0].raw_id}")

        roster = client.get_participants(room_id=room_id)
        print(f"Room {room_id} has {len(roster.participants)} participants:")
        for p in roster.participants:
            print(f"  {p.communication_identifier.raw_id}  {p.role}")
    except HttpResponseError as e:
        print(f"Rooms call failed: {e.message}", file=sys.stderr)
        client.delete_room(room_id=room_id)
        return 1

    # 5. Delete it; it is gone afterwards.
    client.delete_room(room_id=room_id)
    print(f"Deleted room {room_id}")
    try:
        client.get_room(room_id=room_id)
        print("The deleted room is still there", file=sys.stderr)
        return 1
    except ResourceNotFoundError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
