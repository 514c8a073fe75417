#!/usr/bin/env python3
"""Seeds the fuzz corpora from the conformance vectors' recorded answers.

    python3 seed.py ../../tests/conformance corpus

writes corpus/endpoints/seed-* in the layout `src/lib.rs::response_from_bytes` decodes (status,
headers, body) and corpus/csv/seed-* with every CSV body. Existing files are left alone.
"""
import base64
import glob
import hashlib
import json
import os
import sys

# Must match HEADER_NAMES in src/lib.rs.
HEADER_NAMES = [
    "content-type", "Content-Type", "retry-after", "retry-after-ms", "x-request-id", "request-id",
    "x-amzn-requestid", "cf-ray", "date", "content-length", "CONTENT-TYPE", "X-Request-Id",
    "location", "Location",
]


def body_of(response):
    if "body_base64" in response:
        return base64.b64decode(response["body_base64"])
    if "body_text" in response:
        return response["body_text"].encode()
    if "body_json" in response:
        return json.dumps(response["body_json"]).encode()
    return None


def encode(status, headers, body):
    out = bytearray(status.to_bytes(2, "big"))
    pairs = []
    for name, value in headers.items():
        lower = [n.lower() for n in HEADER_NAMES]
        if name.lower() in lower:
            value = str(value).encode()[:255]
            pairs.append(bytes([lower.index(name.lower()), len(value)]) + value)
    pairs = pairs[:7]
    out.append(len(pairs))
    for p in pairs:
        out += p
    return bytes(out) + body


def write(directory, data):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "seed-" + hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def main(vectors, corpus):
    n = 0
    for file in sorted(glob.glob(os.path.join(vectors, "*.json"))):
        with open(file) as f:
            vector = json.load(f)
        for response in vector.get("responses", []):
            body = body_of(response)
            if body is None or "status" not in response:
                continue
            write(os.path.join(corpus, "endpoints"),
                  encode(response["status"], response.get("headers", {}), body))
            n += 1
            data = response.get("body_json", {})
            if isinstance(data, dict) and isinstance(data.get("data"), str):
                write(os.path.join(corpus, "csv"), data["data"].encode())
            elif isinstance(data, dict) and isinstance(data.get("data"), dict):
                for member in data["data"].values():
                    if isinstance(member, str):
                        write(os.path.join(corpus, "csv"), member.encode())
            elif "body_json" not in response:
                write(os.path.join(corpus, "csv"), body)
    print(f"seeded {n} answers from {vectors}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
