# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator's fault flags - a request sees the configured status and Retry-After.
# Usage: python3 emulator_faults.py <path-to-acs-rooms-emulator>
import http.client
import subprocess
import sys
import threading


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def start(emulator, *flags):
    """Starts the program; returns it and the host:port from its first line."""
    program = subprocess.Popen([emulator, "--port", "0", *flags], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    first = []
    reader = threading.Thread(target=lambda: first.append(program.stdout.readline()))
    reader.start()
    reader.join(10)
    if not first or not first[0].startswith("endpoint=http://"):
        program.kill()
        fail("no connection string within 10 s")
    authority = first[0][len("endpoint=http://"):].split("/", 1)[0]
    return program, authority


def stop(program):
    program.terminate()
    code = program.wait(10)
    if code != 0:
        fail(f"expected exit 0 after SIGTERM, got {code}")
    return program.stderr.read()


def get(authority, method="GET", path="/rooms?api-version=2025-03-13"):
    host, port = authority.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, path, body=b"{}" if method == "POST" else None,
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def main():
    emulator = sys.argv[1]

    # Every request faulted: the status and Retry-After asked for, before authentication.
    program, authority = start(emulator, "--fault-rate", "1", "--fault-status", "503",
                               "--fault-retry-after", "7", "--fault-seed", "42",
                               "--latency-ms", "1")
    try:
        for _ in range(3):
            r = get(authority)
            if r.status != 503 or r.getheader("Retry-After") != "7" or \
                    r.getheader("x-ms-error-code") != "ServiceUnavailable":
                fail(f"expected 503 with Retry-After: 7, got {r.status} {r.getheaders()}")
    finally:
        banner = stop(program)
    if "--fault-seed 42" not in banner:
        fail(f"the banner does not name the seed: {banner!r}")

    # Only POST /rooms faulted: a GET reaches the service (401: it is not signed).
    program, authority = start(emulator, "--fault-rate", "1", "--fault-status", "429",
                               "--fault-method", "POST", "--fault-path", "/rooms")
    try:
        if get(authority).status != 401:
            fail("a GET was faulted though only POST should be")
        r = get(authority, "POST")
        if r.status != 429 or r.getheader("Retry-After") is not None:
            fail(f"expected 429 without Retry-After, got {r.status} {r.getheaders()}")
    finally:
        stop(program)

    # Bad fault flags are bad usage: exit 2.
    for flags in (["--fault-rate", "1.5"], ["--fault-status", "99"], ["--fault-path", "rooms"],
                  ["--latency-ms", "-1"], ["--fault-bogus", "1"]):
        code = subprocess.run([emulator, *flags], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=10).returncode
        if code != 2:
            fail(f"{flags}: expected exit 2, got {code}")
    print("ok: fault flags")


if __name__ == "__main__":
    main()
