#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# acs_rooms tools: writes the fuzz seed corpus tests/fuzz/corpus/<harness>/ from the JS SDK
# captures (tests/data/js/*.json) and the REST spec's examples (../spec/rooms/*/examples).
#
#   python3 tools/make_fuzz_corpus.py [--spec DIR]
#
# Seeds are named by the hash of their content, so running it again changes nothing unless the
# sources changed. Regression inputs (tests/fuzz/regressions/) are written by hand, not here.
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
HARNESSES = ["response", "connection_string", "raw_id", "time", "url", "base64", "emulator"]
TIME_RE = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")
AUTH_HEADERS = {"authorization", "x-ms-date", "x-ms-content-sha256", "host", "user-agent",
                "accept-encoding", "x-ms-client-request-id"}
SPEC_ROUTES = {  # operationId -> (method, path, body parameter, content type)
    "Rooms_Create": ("POST", "/rooms", "createRoomRequest", "application/json"),
    "Rooms_List": ("GET", "/rooms", None, None),
    "Rooms_Get": ("GET", "/rooms/{id}", None, None),
    "Rooms_Update": ("PATCH", "/rooms/{id}", "patchRoomRequest", "application/merge-patch+json"),
    "Rooms_Delete": ("DELETE", "/rooms/{id}", None, None),
    "Participants_List": ("GET", "/rooms/{id}/participants", None, None),
    "Participants_Update": ("PATCH", "/rooms/{id}/participants", "updateParticipantsRequest",
                            "application/merge-patch+json"),
}
CREATE_FIRST = "S POST /rooms?api-version=2025-03-13\nContent-Type: application/json\n\n{}"


def message(first_line, headers, body):
    lines = [first_line] + [f"{k}: {v}" for k, v in headers]
    return "\n".join(lines) + "\n\n" + (body or "")


def walk_strings(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((k, v))
            walk_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            walk_strings(v, out)


def collect(seeds, name, text):
    if text is not None and len(text.encode()) <= 8192:
        seeds[name].add(text)


def from_texts(seeds, texts):
    """Times, raw ids, URLs and base64 found anywhere in the texts."""
    for text in texts:
        for t in TIME_RE.findall(text):
            collect(seeds, "time", t)
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        pairs = []
        walk_strings(doc, pairs)
        for k, v in pairs:
            if k == "rawId" and isinstance(v, str):
                collect(seeds, "raw_id", v)
            if k == "participants" and isinstance(v, dict):
                for raw in v:
                    collect(seeds, "raw_id", raw)
            if k == "nextLink" and isinstance(v, str):
                collect(seeds, "url", v)


def shift_years(text):
    """Dates of the recordings are in the past for the emulator's clock (2026-01-01)."""
    return re.sub(r"\b20(1\d|2[0-5])-", "2026-", text)


def js_captures(seeds):
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "js", "*.json"))):
        with open(path, encoding="utf-8") as f:
            capture = json.load(f)
        collect(seeds, "connection_string", capture.get("connection_string"))
        key = re.search(r"accesskey=([^;]*)", capture.get("connection_string", ""))
        if key:
            collect(seeds, "base64", key.group(1))
        collect(seeds, "time", capture.get("now"))
        texts = []
        for ex in capture.get("exchanges", []):
            req, resp = ex["request"], ex["response"]
            collect(seeds, "url", req["url"])
            for k, v in req["headers"].items():
                if k in ("x-ms-date", "repeatability-first-sent"):
                    collect(seeds, "time", v)
                if k == "x-ms-content-sha256":
                    collect(seeds, "base64", v)
            headers = [(k, v) for k, v in resp.get("headers", {}).items()]
            collect(seeds, "response", message(str(resp["status"]), headers, resp.get("body", "")))
            texts += [req.get("body") or "", resp.get("body") or ""]
            # The same request for the emulator: signed, and with the bearer token.
            target = req["url"].split("://", 1)[1]
            target = target[target.find("/"):] if "/" in target else "/"
            target = re.sub(r"/rooms/[^/?]+", "/rooms/{id}", target)
            kept = [(k, v) for k, v in req["headers"].items()
                    if k not in AUTH_HEADERS and v != "<varies>"]
            body = shift_years(req.get("body") or "")
            signed = message(f"S {req['method']} {target}", kept, body)
            collect(seeds, "emulator", CREATE_FIRST + "\n===\n" + signed
                    if "{id}" in target else signed)
            collect(seeds, "emulator", message(
                f"R {req['method']} {target}", kept + [("Authorization", "Bearer fuzz-token")],
                body))
        from_texts(seeds, texts)


def spec_examples(seeds, spec_dir):
    for path in sorted(glob.glob(os.path.join(spec_dir, "*", "examples", "*.json"))):
        operation = os.path.splitext(os.path.basename(path))[0]
        version = os.path.basename(os.path.dirname(os.path.dirname(path)))
        with open(path, encoding="utf-8") as f:
            example = json.load(f)
        params = example.get("parameters", {})
        texts = []
        for status, resp in example.get("responses", {}).items():
            body = json.dumps(resp["body"], separators=(",", ":")) if "body" in resp else ""
            headers = [("Content-Type", "application/json")] if body else []
            headers += [(k, str(v)) for k, v in resp.get("headers", {}).items()]
            collect(seeds, "response", message(status, headers, body))
            texts.append(body)
        route = SPEC_ROUTES.get(operation)
        if route:
            method, path_, body_param, content_type = route
            body_value = next((v for k, v in params.items() if k == body_param
                               or (body_param and k.lower().endswith("request"))), None)
            body = shift_years(json.dumps(body_value)) if body_value is not None else ""
            headers = [("Content-Type", content_type)] if content_type and body else []
            request = message(f"S {method} {path_}?api-version={version}", headers, body)
            collect(seeds, "emulator", CREATE_FIRST + "\n===\n" + request
                    if "{id}" in path_ else request)
            texts.append(body)
        collect(seeds, "url", params.get("endpoint"))
        from_texts(seeds, texts)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", default=os.path.join(ROOT, "..", "..", "shared", "spec", "rooms"))
    spec = os.path.abspath(parser.parse_args().spec)
    if not os.path.isdir(spec):
        sys.exit(f"make_fuzz_corpus.py: no spec examples at {spec} (use --spec DIR)")
    seeds = {name: set() for name in HARNESSES}
    js_captures(seeds)
    spec_examples(seeds, spec)
    # Each reader also gets what its neighbours read: times for the URL splitter and so on.
    seeds["base64"] |= {"", "AA==", "AAA=", "AAAA"}
    seeds["connection_string"] |= {
        "ACCESSKEY=cHc=; Endpoint = http://localhost:8080 ;",
        "endpoint=https://[::1]:443/;accesskey=cHc=;extra=1",
        "endpoint=https://user@contoso.communication.azure.com/;accesskey=cHc=",
        "endpoint=https://contoso.communication.azure.com/;accesskey=not base64!"}
    seeds["time"] |= {"Tue, 24 Nov 2026 12:00:00 GMT", "1677-09-21T00:12:43.145Z",
                      "2262-04-11T23:47:16.854775807Z"}
    for name, texts in seeds.items():
        out = os.path.join(CORPUS, name)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        for text in sorted(texts):
            data = text.encode("utf-8")
            with open(os.path.join(out, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
                f.write(data)
        print(f"{name}: {len(texts)} seeds")


if __name__ == "__main__":
    main()
