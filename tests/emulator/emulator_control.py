# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator as a developer's tool - a stable start, the control API under
# /_emulator/, the request log, and --data-dir persistence (with a SIGKILL under load).
# Usage: python3 emulator_control.py <path-to-acs-rooms-emulator>
import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

KEY = base64.b64encode(b"control-plane-test-key-0123456789").decode()
VERSION = "2025-03-13"


def fail(message):
    print("FAIL:", message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Emulator:
    """The program on a free port; its stdout lines (after the first) are collected."""

    def __init__(self, binary, *flags, key=KEY, host="127.0.0.1"):
        self.program = subprocess.Popen(
            [binary, "--port", "0", "--host", host, "--access-key", key, *flags],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = []
        reader = threading.Thread(target=lambda: first.append(self.program.stdout.readline()))
        reader.start()
        reader.join(10)
        if not first or not first[0].startswith("endpoint=http://"):
            self.program.kill()
            fail(f"no connection string within 10 s: {first!r} {self.program.stderr.read()!r}")
        self.connection_string = first[0].strip()
        self.port = int(first[0][len("endpoint=http://"):].split("/", 1)[0].rsplit(":", 1)[1])
        self.lines = []
        self.collector = threading.Thread(target=self._collect, daemon=True)
        self.collector.start()

    def _collect(self):
        for line in self.program.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self):
        self.program.terminate()
        code = self.program.wait(10)
        self.collector.join(5)
        check(code == 0, f"expected exit 0 after SIGTERM, got {code}")
        return self.program.stderr.read()

    def kill(self):
        self.program.send_signal(signal.SIGKILL)
        self.program.wait(10)

    def request(self, method, path, body=None, headers=None, host="127.0.0.1"):
        connection = http.client.HTTPConnection(host, self.port, timeout=10)
        data = None if body is None else (body if isinstance(body, bytes) else
                                          json.dumps(body).encode())
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        try:
            return response.status, (json.loads(text) if text else None), response
        except ValueError:
            return response.status, text, response

    def signed(self, method, path, body=b"", key=KEY, client_request_id=None, extra=None):
        """A request signed as the service's HMAC scheme wants it."""
        date = email.utils.formatdate(usegmt=True)
        host = f"127.0.0.1:{self.port}"
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        text = f"{method}\n{path}\n{date};{host};{digest}"
        signature = base64.b64encode(
            hmac.new(base64.b64decode(key), text.encode(), hashlib.sha256).digest()).decode()
        headers = {"x-ms-date": date, "x-ms-content-sha256": digest, "Host": host,
                   "Content-Type": "application/json",
                   "Authorization": "HMAC-SHA256 SignedHeaders=x-ms-date;host;"
                                    f"x-ms-content-sha256&Signature={signature}"}
        if client_request_id:
            headers["x-ms-client-request-id"] = client_request_id
        headers.update(extra or {})
        return self.request(method, path, body or None, headers) + (text, signature)


def stable_start(binary):
    env = dict(os.environ, ACS_ROOMS_EMULATOR_ACCESS_KEY=KEY)
    for args, extra in ((["--access-key", KEY], {}), ([], {"env": env})):
        out = subprocess.run([binary, "--port", "18099", *args, "--print-connection-string"],
                             capture_output=True, text=True, timeout=10, **extra)
        check(out.returncode == 0 and
              out.stdout == f"endpoint=http://127.0.0.1:18099/;accesskey={KEY}\n",
              f"--print-connection-string: {out.returncode} {out.stdout!r} {out.stderr!r}")
    out = subprocess.run([binary, "--print-connection-string"], capture_output=True, text=True,
                         timeout=10)
    check(out.returncode == 2 and "--port" in out.stderr,
          f"--print-connection-string without --port: {out.returncode} {out.stderr!r}")
    # The served connection string is the printed one for the same flags.
    emu = Emulator(binary)
    try:
        printed = subprocess.run(
            [binary, "--port", str(emu.port), "--access-key", KEY, "--print-connection-string"],
            capture_output=True, text=True, timeout=10).stdout.strip()
        check(printed == emu.connection_string, f"{printed!r} != {emu.connection_string!r}")
    finally:
        emu.stop()


def control_api(binary):
    emu = Emulator(binary)
    try:
        status, health, _ = emu.request("GET", "/_emulator/health")
        check(status == 200 and health["status"] == "ok" and health["rooms"] == 0 and
              health["version"] and "2025-03-13" in health["apiVersions"], f"health: {health}")

        seed = {"rooms": [{"id": "12345678901234567", "validUntil": "2030-01-01T00:00:00Z",
                           "participants": [{"rawId": "8:acs:res_alice", "role": "Presenter"},
                                            {"rawId": "8:acs:res_bob"}]},
                          {"pstnDialOutEnabled": True, "validUntil": "2031-01-01T00:00:00Z"}]}
        status, seeded, _ = emu.request("POST", "/_emulator/seed", seed)
        check(status == 200 and len(seeded["seeded"]) == 2 and
              seeded["seeded"][0] == "12345678901234567", f"seed: {status} {seeded}")
        made = seeded["seeded"][1]
        status, state, _ = emu.request("GET", "/_emulator/state")
        rooms = {r["id"]: r for r in state["rooms"]}
        check(set(rooms) == {"12345678901234567", made}, f"state: {state}")
        first = rooms["12345678901234567"]
        check(first["validUntil"].startswith("2030-01-01T00:00:00") and
              first["participants"] == [{"rawId": "8:acs:res_alice", "role": "Presenter"},
                                        {"rawId": "8:acs:res_bob", "role": "Attendee"}],
              f"seeded room: {first}")
        check(rooms[made]["pstnDialOutEnabled"] is True, f"pstn: {rooms[made]}")

        # The seeded rooms are the service's: a signed GET finds them.
        status, room, _, _, _ = emu.signed("GET", f"/rooms/12345678901234567?api-version={VERSION}")
        check(status == 200 and room["id"] == "12345678901234567", f"signed get: {status} {room}")

        # A bad document loads nothing and says which entry is wrong.
        for bad, words in (({"rooms": [{"id": "98765432109876543"}, {"validFrom": "soon"}]},
                            "rooms[1].validFrom"),
                           ({"rooms": [{"id": "12345678901234567"}]}, "exists already"),
                           ({"rooms": [{"participants": [{"rawId": "nobody"}]}]},
                            "rooms[0].participants[0].rawId"),
                           ({"rooms": [{"participants": [{"rawId": "8:acs:r_x", "role": "Boss"}]}]},
                            "role must be"),
                           ({"room": []}, "\"rooms\" array")):
            status, body, _ = emu.request("POST", "/_emulator/seed", bad)
            check(status == 400 and body["error"]["code"] == "BadRequest" and
                  words in body["error"]["message"], f"bad seed {bad}: {status} {body}")
        status, body, _ = emu.request("POST", "/_emulator/seed", b"{not json")
        check(status == 400 and "not JSON" in body["error"]["message"], f"not json: {body}")
        status, state, _ = emu.request("GET", "/_emulator/state")
        check(len(state["rooms"]) == 2, f"a refused seed changed the state: {state}")

        # Faults: the plan round-trips, applies, and is used up.
        plan = {"faults": [{"kind": "answer", "status": 503, "headers": {"Retry-After": "3"},
                            "pathPrefix": "/rooms", "method": "GET", "times": 1},
                           {"kind": "slow", "delayMs": 1, "times": "forever"}]}
        status, body, _ = emu.request("PUT", "/_emulator/faults", plan)
        check(status == 200 and len(body["faults"]) == 2 and body["faults"][0]["status"] == 503
              and body["faults"][1]["times"] == "forever", f"put faults: {status} {body}")
        status, got, _ = emu.request("GET", "/_emulator/faults")
        check(got == body, f"get faults: {got} != {body}")
        status, _, response = emu.request("GET", f"/rooms?api-version={VERSION}")
        check(status == 503 and response.getheader("Retry-After") == "3", f"fault: {status}")
        status, got, _ = emu.request("GET", "/_emulator/faults")
        check(len(got["faults"]) == 1 and got["faults"][0]["kind"] == "slow",
              f"the used-up fault stayed: {got}")
        for bad in ({"faults": [{"kind": "explode"}]}, {"faults": [{"status": 42}]},
                    {"faults": [{"probability": 2}]}, {"faults": [{"pathPrefix": "rooms"}]},
                    {"faults": [{"headers": {"X": "a\r\nb"}}]}, {"faults": {}}):
            status, err, _ = emu.request("PUT", "/_emulator/faults", bad)
            check(status == 400 and err["error"]["code"] == "BadRequest",
                  f"bad plan {bad}: {status} {err}")
        status, got, _ = emu.request("GET", "/_emulator/faults")
        check(len(got["faults"]) == 1, f"a refused plan replaced the plan: {got}")
        emu.request("PUT", "/_emulator/faults", {"faults": []})

        # Clock: set (stops it), advance, offset, resume; rooms age out with it.
        status, clock, _ = emu.request("PUT", "/_emulator/clock", {"set": "2029-12-31T23:00:00Z"})
        check(status == 200 and clock["now"].startswith("2029-12-31T23:00:00") and
              not clock["running"], f"clock set: {clock}")
        status, clock, _ = emu.request("PUT", "/_emulator/clock", {"advanceMs": 7200000})
        check(clock["now"].startswith("2030-01-01T01:00:00"), f"clock advance: {clock}")
        status, state, _ = emu.request("GET", "/_emulator/state")
        check([r["id"] for r in state["rooms"]] == [made], f"the 2030 room did not expire: {state}")
        status, clock, _ = emu.request("PUT", "/_emulator/clock", {"resume": True})
        check(clock["running"] and isinstance(clock["offsetMs"], int), f"resume: {clock}")
        status, clock, _ = emu.request("PUT", "/_emulator/clock", {"offsetMs": 0})
        check(clock["running"] and clock["offsetMs"] == 0, f"offset: {clock}")
        for bad in ({"set": "yesterday"}, {"set": "1500-01-01T00:00:00Z"},
                    {"advanceMs": 10 ** 19}, {"advanceMs": "1"}, {"warp": 1},
                    {"set": "2030-01-01T00:00:00Z", "resume": True}):
            status, err, _ = emu.request("PUT", "/_emulator/clock", bad)
            check(status == 400 and err["error"]["code"] == "BadRequest", f"bad clock {bad}: {err}")

        # Reset empties; unknown paths and methods are the service's 404 and 405.
        status, state, _ = emu.request("POST", "/_emulator/reset")
        check(status == 200 and state == {"rooms": []}, f"reset: {status} {state}")
        check(emu.request("GET", "/_emulator/nothing")[0] == 404, "unknown control path")
        check(emu.request("DELETE", "/_emulator/state")[0] == 405, "wrong control method")

        # The request log: a signed request with its client request id; a bad signature's 401
        # with the string-to-sign the emulator computed, never the signature or key.
        status, _, _, _, _ = emu.signed("POST", f"/rooms?api-version={VERSION}", b"{}",
                                        client_request_id="trace-me-42")
        check(status == 201, f"signed create: {status}")
        wrong = base64.b64encode(b"another key entirely, not the emulator's").decode()
        status, err, _, text, signature = emu.signed("GET", f"/rooms?api-version={VERSION}",
                                                     key=wrong)
        check(status == 401, f"wrong key: {status}")
        status, log, _ = emu.request("GET", "/_emulator/requests?limit=2")
        check(status == 200 and len(log["requests"]) == 2, f"requests: {log}")
        created, refused = log["requests"]
        check(created["method"] == "POST" and created["status"] == 201 and
              created["clientRequestId"] == "trace-me-42" and
              created["target"] == f"/rooms?api-version={VERSION}", f"logged create: {created}")
        check(refused["status"] == 401 and refused["errorCode"] == "Unauthorized" and
              refused["stringToSign"] == text, f"logged 401: {refused}")
        for limit in ("0", "-1", "x", "100000"):
            check(emu.request("GET", f"/_emulator/requests?limit={limit}")[0] == 400,
                  f"limit={limit}")
    finally:
        stderr = emu.stop()
    out = "\n".join(emu.lines)
    check("POST /_emulator/seed 200" in out and "POST /rooms?api-version=" in out and
          "client-request-id=trace-me-42" in out, f"text log: {out}")
    check("the emulator signed" in out and text.replace("\n", "\\n") in out, "no string-to-sign")
    for secret in (signature, KEY, wrong):
        check(secret not in out and secret not in stderr and secret not in json.dumps(log),
              "a signature or key is in the log")
    check("GET /_emulator/state" not in out, "the control API's reads are logged")


def log_formats(binary):
    emu = Emulator(binary, "--log-format", "json")
    try:
        emu.request("GET", f"/rooms?api-version={VERSION}", headers={"x-ms-client-request-id": "j"})
    finally:
        emu.stop()
    entries = [json.loads(line) for line in emu.lines]
    check(len(entries) == 1 and entries[0]["status"] == 401 and
          entries[0]["clientRequestId"] == "j", f"json log: {emu.lines}")
    emu = Emulator(binary, "--quiet")
    try:
        emu.request("GET", f"/rooms?api-version={VERSION}")
    finally:
        emu.stop()
    check(emu.lines == [], f"--quiet printed {emu.lines}")


def off_loopback(binary):
    emu = Emulator(binary, host="0.0.0.0")
    try:
        status, err, response = emu.request("GET", "/_emulator/health")
        check(status == 401 and err["error"]["code"] == "Unauthorized" and
              response.getheader("WWW-Authenticate") == "Bearer", f"open off loopback: {status}")
        status, _, _ = emu.request("POST", "/_emulator/reset", headers={"Authorization": "Bearer x"})
        check(status == 401, f"a wrong bearer passed: {status}")
        status, health, _ = emu.request("GET", "/_emulator/health",
                                        headers={"Authorization": f"Bearer {KEY}"})
        check(status == 200 and health["status"] == "ok", f"bearer refused: {status}")
        status, _, _ = emu.request("POST", "/_emulator/seed", {"rooms": [{}]},
                                   headers={"Authorization": f"Bearer {KEY}"})
        check(status == 200, f"seed with the bearer: {status}")
    finally:
        emu.stop()


def persistence(binary):
    data = tempfile.mkdtemp(prefix="emulator-data-")
    emu = Emulator(binary, "--data-dir", data, "--quiet")
    acknowledged = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            try:
                status, room, _, _, _ = emu.signed("POST", f"/rooms?api-version={VERSION}", b"{}")
            except (OSError, http.client.HTTPException):
                return  # killed
            if status == 201:
                acknowledged.append(room["id"])

    try:
        emu.request("POST", "/_emulator/seed",
                    {"rooms": [{"id": "11111111111111111",
                                "participants": [{"rawId": "8:acs:res_carol", "role": "Consumer"}]}]})
        repeat = {"Repeatability-Request-ID": "5f1c7d1e-2b7a-4c55-9a3e-1d2f3a4b5c6d",
                  "Repeatability-First-Sent": email.utils.formatdate(usegmt=True)}
        status, first, _, _, _ = emu.signed("POST", f"/rooms?api-version={VERSION}", b"{}",
                                            extra=repeat)
        check(status == 201, f"repeatable create: {status}")
        worker = threading.Thread(target=load)
        worker.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        emu.kill()  # SIGKILL, mid-load
        stop.set()
        worker.join(10)
    finally:
        if emu.program.poll() is None:
            emu.kill()
    check(len(acknowledged) >= 40, f"only {len(acknowledged)} creates acknowledged in 20 s")
    restarted = Emulator(binary, "--data-dir", data, "--quiet")
    try:
        status, state, _ = restarted.request("GET", "/_emulator/state")
        ids = [r["id"] for r in state["rooms"]]
        ids.remove(first["id"])
        check(ids[0] == "11111111111111111" and
              state["rooms"][0]["participants"] == [{"rawId": "8:acs:res_carol", "role": "Consumer"}],
              f"the seeded room is not back: {state['rooms'][:1]}")
        # Every acknowledged create is back, in order; at most the one in flight besides.
        check(ids[1:1 + len(acknowledged)] == acknowledged and len(ids) - 1 - len(acknowledged) <= 1,
              f"{len(acknowledged)} acknowledged, {len(ids) - 1} restored")
        # The remembered request ids came back too: the create replays after the restart.
        status, again, response, _, _ = restarted.signed("POST", f"/rooms?api-version={VERSION}",
                                                         b"{}", extra=repeat)
        check(status == 201 and again["id"] == first["id"] and
              response.getheader("Repeatability-Result") == "accepted",
              f"no replay after a restart: {status} {again}")
    finally:
        restarted.stop()
    print(f"persistence: {len(acknowledged)} creates acknowledged before SIGKILL, "
          f"{len(ids) - 1} restored")

    # A torn or corrupt file is an error naming it, never an empty start.
    with open(os.path.join(data, "state.json"), "w") as f:
        f.write('{"rooms": [{"id": "1234')
    out = subprocess.run([binary, "--port", "0", "--data-dir", data], capture_output=True,
                         text=True, timeout=10)
    check(out.returncode == 1 and os.path.join(data, "state.json") in out.stderr and
          "not a saved state" in out.stderr, f"corrupt file: {out.returncode} {out.stderr!r}")
    blocker = os.path.join(data, "state.json", )
    os.remove(blocker)
    os.mkdir(blocker)  # unreadable as a file
    out = subprocess.run([binary, "--port", "0", "--data-dir", data], capture_output=True,
                         text=True, timeout=10)
    check(out.returncode == 1 and blocker in out.stderr, f"unreadable file: {out.stderr!r}")


def container_command(binary):
    """packaging/emulator.Dockerfile's ENTRYPOINT, as written, with a free port and a temporary
    data directory: it serves, and the control API asks for the bearer (it listens off loopback)."""
    dockerfile = os.path.join(os.path.dirname(__file__), "..", "..", "packaging",
                              "emulator.Dockerfile")
    with open(dockerfile) as f:
        entry = [line for line in f if line.startswith("ENTRYPOINT ")]
    check(len(entry) == 1, "the Dockerfile has no single ENTRYPOINT")
    command = json.loads(entry[0][len("ENTRYPOINT "):])
    check(command[0] == "acs-rooms-emulator" and "--data-dir" in command and "--port" in command,
          f"unexpected ENTRYPOINT {command}")
    args = command[1:]
    args[args.index("--port") + 1] = "0"
    args[args.index("--data-dir") + 1] = tempfile.mkdtemp(prefix="emulator-container-")
    host = args[args.index("--host") + 1]
    program = subprocess.Popen([binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=dict(os.environ, ACS_ROOMS_EMULATOR_ACCESS_KEY=KEY))
    emu = Emulator.__new__(Emulator)
    emu.program = program
    first = program.stdout.readline()
    check(first.startswith(f"endpoint=http://{host}:") and first.strip().endswith(KEY),
          f"the container's command line printed {first!r}")
    emu.port = int(first.split(":")[2].split("/")[0])
    emu.lines = []
    emu.collector = threading.Thread(target=emu._collect, daemon=True)
    emu.collector.start()
    try:
        check(emu.request("GET", "/_emulator/health")[0] == 401, "open control API off loopback")
        status, health, _ = emu.request("GET", "/_emulator/health",
                                        headers={"Authorization": f"Bearer {KEY}"})
        check(status == 200 and health["persistent"] is True, f"container health: {health}")
    finally:
        emu.stop()


def main():
    binary = sys.argv[1]
    container_command(binary)
    stable_start(binary)
    control_api(binary)
    log_formats(binary)
    off_loopback(binary)
    persistence(binary)
    print("emulator control: ok")


if __name__ == "__main__":
    main()
