#!/usr/bin/env python3
"""Converts Firefox's CTKnownLogs.h (or the TSV transcription of its production logs kept beside
this script) into Chrome's v3 log_list.json format, the format pkixj embeds and
`pkixj ct update` reads.

    python3 ctknownlogs_to_json.py CTKnownLogs.h      > log_list.json
    python3 ctknownlogs_to_json.py CTKnownLogs-X.tsv  > log_list.json

Mapping (the inverse of Firefox's generator, docs/ct.md, "Log list"): Admissible -> state "usable",
Retired -> state "retired", both with the header's timestamp; Tiled -> the operator's
"tiled_logs"; operators in the header's order; log_list_timestamp = kCTExpirationTime - 10 weeks
(Firefox's list expires 10 weeks after it was generated). #ifdef DEBUG test logs are left out.
The header carries no URL, MMD or temporal interval, so none are written. Every key is checked
(a P-256 point on the curve, or an RSA SubjectPublicKeyInfo) and log_id = SHA-256(key).
"""
import base64, datetime, hashlib, json, re, sys

P = 2**256 - 2**224 + 2**192 + 2**96 - 1
B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
EC_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")


def on_curve(point):
    if len(point) != 65 or point[0] != 4:
        return False
    x = int.from_bytes(point[1:33], "big")
    y = int.from_bytes(point[33:], "big")
    return x < P and y < P and (y * y - (x * x * x - 3 * x + B)) % P == 0


def from_tsv(text):
    expiry_us, operators, logs = None, None, []
    for line in text.splitlines():
        if line.startswith("# kCTExpirationTime = "):
            expiry_us = int(line.split("=")[1])
        elif line.startswith("# operators: "):
            operators = line[len("# operators: "):].split("|")
        elif line and not line.startswith("#"):
            name, state, fmt, ts, op, point = line.split("\t")
            logs.append((name, state, fmt, int(ts), int(op), EC_PREFIX + bytes.fromhex("04" + point)))
    return expiry_us, operators, logs


def from_header(text):
    text = re.sub(r"#ifdef DEBUG.*?#endif[^\n]*\n", "", text, flags=re.S)
    expiry_us = int(re.search(r"kCTExpirationTime = INT64_C\((\d+)\)", text).group(1))
    logs = []
    for m in re.finditer(r'\{("(?:[^"\\]|\\.)*"),\s*CTLogState::(\w+),\s*CTLogFormat::(\w+),\s*'
                         r'(\d+),\s*(?://[^\n]*\n\s*)?(\d+),\s*(?://[^\n]*\n\s*)?((?:"[^"]*"\s*)+),\s*(\d+)\}',
                         text):
        key = b"".join(bytes.fromhex(s.replace("\\x", "")) for s in re.findall(r'"([^"]*)"', m.group(7)))
        assert len(key) == int(m.group(8)), m.group(1)
        logs.append((json.loads(m.group(1)), m.group(2), m.group(3), int(m.group(4)), int(m.group(5)), key))
    operators = [json.loads(n) for n, _ in
                 re.findall(r'\{("(?:[^"\\]|\\.)*"),\s*(\d+)\}', text.split("kCTLogOperatorList")[1])]
    return expiry_us, operators, logs


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(path):
    text = open(path, encoding="utf-8").read()
    expiry_us, operators, logs = (from_header if path.endswith(".h") else from_tsv)(text)
    out_ops = [{"name": n, "email": [], "logs": [], "tiled_logs": []} for n in operators]
    for name, state, fmt, ts, op, key in logs:
        if key.startswith(EC_PREFIX) and not on_curve(key[len(EC_PREFIX):]):
            sys.exit("%s: key is not a P-256 point on the curve" % name)
        entry = {
            "description": name,
            "log_id": base64.b64encode(hashlib.sha256(key).digest()).decode(),
            "key": base64.b64encode(key).decode(),
            "state": {{"Admissible": "usable", "Retired": "retired"}[state]: {"timestamp": iso(ts)}},
        }
        out_ops[op]["tiled_logs" if fmt == "Tiled" else "logs"].append(entry)
    generated_ms = expiry_us // 1000 - 10 * 7 * 24 * 3600 * 1000
    doc = {
        "version": "firefox-ctknownlogs-" + iso(generated_ms)[:10],
        "log_list_timestamp": iso(generated_ms),
        "operators": out_ops,
    }
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
