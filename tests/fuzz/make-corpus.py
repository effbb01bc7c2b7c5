#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/<target>/.

Each seed is a small real input: valid commands in JSON and CBOR (compact, pretty printed,
concatenated) and one of each class of bad input the decoders must refuse cleanly. The bytes
in front of each payload follow the input format described at the top of each fuzz_*.cpp.
Run it again after changing it; it rewrites the corpus deterministically.
"""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


# ---- a minimal CBOR encoder (RFC 8949), enough for the seeds ----
def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 0x100:
        return bytes([major << 5 | 24, n])
    if n < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    if n < 0x100000000:
        return bytes([major << 5 | 26]) + struct.pack(">I", n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float):
        return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode("utf-8", "surrogatepass")
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    if isinstance(v, Raw):
        return v.data
    raise TypeError(v)


class Raw:
    def __init__(self, data):
        self.data = data


def cmd(action, body=None, key=None, version=None, **extra):
    c = {"action": action}
    if body is not None:
        c["body"] = body
    if key is not None:
        c["key"] = key
    if version is not None:
        c["version"] = version
    c.update(extra)
    return c


KEY = "0fNwB2xq9aXc7JkLmPqR"

# ---- JSON streams ----
J_CALL = b'{"action":"echo","body":{"id":7},"key":"0fNwB2xq9aXc7JkLmPqR","version":1}\n'
JSON_STREAMS = {
    "call": J_CALL,
    "fire": b'{"action":"note","body":{"text":"hi"}}\n',
    "pretty": b'{\n  "action": "echo",\n  "body": {\n    "list": [1, 2.5, true, null, "x"]\n  },\n'
              b'  "key": "k1"\n}\n',
    "concatenated": b'{"action":"echo","key":"a"}{"action":"id","body":{"id":1},"key":"b"}'
                    b' {"action":"w.x","key":"c"}\r\n{"action":"ping"}\t{"action":"later","key":"d"}',
    "replies": b'{"action":"drs.response","body":5,"key":"x"}\n'
               b'{"action":"drs.error","body":"no","key":"y"}\n'
               b'{"action":"drs.exception","body":{"message":"m"},"key":"z"}\n',
    "builtins": b'{"action":"drs.ping","key":"p"}\n{"action":"drs.actions","key":"q","version":0}\n',
    "handlers": b'{"action":"refuse","key":"r1"}{"action":"crash","key":"r2"}'
                b'{"action":"dropped","key":"r3"}{"action":"chain","body":[1],"key":"r4"}'
                b'{"action":"nobody","key":"r5"}{"action":"later","body":"err","key":"r6"}',
    "service": b'{"action":"calc.add","body":{"a":1,"b":2},"key":"s1"}\n'
               b'{"action":"calc.greet","body":{"name":"x","loud":true},"key":"s2"}\n'
               b'{"action":"calc.scale","body":{"x":1.5,"factor":9007199254740993},"key":"s3"}\n'
               b'{"action":"calc.add","body":{"a":"one"},"key":"s4"}\n'
               b'{"action":"calc.echoMap","body":{"map":{"a":[1]}},"key":"s5"}\n'
               b'{"action":"calc.refuse","body":{"why":"no"},"key":"s6"}\n',
    "extra-fields": b'{"action":"echo","key":"e","trace":{"id":1},"version":"2"}\n',
    "big-integers": b'{"action":"echo","key":"n","body":[9223372036854775807,-9223372036854775808,'
                    b'9223372036854775808,18446744073709551616,1e400,-1e400,1e-400,-0,0.1]}\n',
    "version-float": b'{"action":"echo","key":"v","version":1.5}{"action":"echo","key":"w","version":1e300}',
    "duplicate-keys": b'{"action":"a","action":"echo","key":"k","key":"k2","body":1,"body":{"x":1}}\n',
    "key-is-object": b'{"action":"echo","key":{"a":1}}\n',
    "action-missing": b'{"body":{},"key":"m"}\n',
    "action-number": b'{"action":12,"key":"m"}\n',
    "not-object": b'[1,2,3]\n',
    "invalid-utf8": b'{"action":"echo","key":"u","body":"\xff\xfe\xc3\x28"}\n',
    "nul-bytes": b'{"action":"echo\x00","key":"z"}\x00\n',
    "lone-surrogate": b'{"action":"echo","key":"\\ud800","body":"\\udc00\\u0000"}\n',
    "escapes": b'{"action":"echo","key":"e\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9","body":"}{\\"]"}\n',
    "deep-nesting": b'{"action":"echo","key":"d","body":' + b"[" * 600 + b"]" * 600 + b"}\n",
    "deep-nesting-ok": b'{"action":"echo","key":"d","body":' + b"[" * 100 + b"]" * 100 + b"}\n",
    "truncated": b'{"action":"echo","key":"t","body":{"a":[1,2',
    "unbalanced": b'{"action":"echo"}}]\n',
    "trailing-garbage": J_CALL + b"garbage\n",
    "whitespace-only": b" \r\n\t \n",
    "then-cbor": J_CALL + cbor(cmd("echo", {"id": 2}, "c")),
}

# ---- CBOR items ----
C_CALL = cbor(cmd("echo", {"id": 7}, KEY, 1))
CBOR_ITEMS = {
    "call": C_CALL,
    "fire": cbor(cmd("note", {"text": "hi"})),
    "types": cbor(cmd("echo", [1, -1, 2.5, True, False, None, "x", b"\x00\x01",
                                {"n": -(2 ** 63)}, 2 ** 64 - 1], "t")),
    "tags": cbor(cmd("echo", Raw(b"\xc1\x1a\x5f\x00\x00\x00"), "tag")) ,
    "bignum": cbor(cmd("echo", Raw(b"\xc2\x49\x01" + b"\x00" * 8), "big")),
    "float-specials": cbor(cmd("echo", Raw(b"\x83\xf9\x7e\x00\xfa\x7f\x80\x00\x00\xfb"
                                            + struct.pack(">d", -0.0)), "f")),
    "non-string-keys": Raw(b"\xa3" + cbor("action") + cbor("echo") + cbor(1) + cbor(2)
                           + cbor(b"k") + cbor([1])).data,
    "key-is-map": cbor({"action": "echo", "key": {"a": 1}}),
    "action-missing": cbor({"body": 1, "key": "m"}),
    "duplicate-keys": Raw(b"\xa3" + cbor("action") + cbor("a") + cbor("action") + cbor("echo")
                          + cbor("key") + cbor("k")).data,
    "indefinite": b"\xbf" + cbor("action") + b"\x7f\x62ec\x62ho\xff" + cbor("body")
                  + b"\x9f\x01\x02\xff" + cbor("key") + cbor("i") + b"\xff",
    "invalid-utf8": Raw(b"\xa2" + cbor("action") + b"\x64ec\xff\xfe" + cbor("key") + cbor("u")).data,
    "truncated": C_CALL[:-3],
    "length-1gib": b"\xa1" + cbor("action") + b"\x7a\x40\x00\x00\x00" + b"echo",
    "length-2e64": b"\xa2" + cbor("action") + cbor("echo") + cbor("body") + b"\x9b" + b"\xff" * 8,
    "map-count-huge": b"\xbb\x7f\xff\xff\xff\xff\xff\xff\xff",
    "deep-nesting": b"\xa2" + cbor("action") + cbor("echo") + cbor("body") + b"\x81" * 600 + b"\x00",
    "deep-tags": b"\xa2" + cbor("action") + cbor("echo") + cbor("body") + b"\xc6" * 600 + b"\x00",
    "bad-head": b"\xa1" + cbor("action") + b"\x1c",
    "stray-break": b"\xa1" + cbor("action") + b"\xff",
    "not-a-map": cbor([1, 2, 3]),
    "simple-values": cbor(cmd("echo", Raw(b"\x84\xe0\xf7\xf8\x20\xf8\xff"), "s")),
    "replies": cbor(cmd("drs.response", 5, "x")) + cbor(cmd("drs.error", "no", "y")),
    "handlers": b"".join(cbor(cmd(a, b, k)) for a, b, k in [
        ("refuse", None, "r1"), ("crash", None, "r2"), ("later", {"x": 1}, "r3"),
        ("dropped", None, "r4"), ("calc.add", {"a": 1, "b": 2}, "r5"), ("drs.ping", None, "r6"),
        ("w.y", None, "r7"), ("nobody", None, "r8")]),
}


# Inputs the fuzzers once failed on, kept as seeds (see docs/fuzzing.md, "Last run").
REGRESSIONS = {
    # A CBOR float holding an integer above 2^53 comes back from JSON as an integer.
    ("fuzz_cbor", "regress-float-integer"): bytes.fromhex(
        "02a366616374696f6e646563686f64626f64798300fa5b5b5b000000636b65292c6166"),
    # A key holding a lone surrogate is answered under its UTF-8 form.
    ("fuzz_connection", "regress-lone-surrogate-key"): bytes.fromhex(
        "000202137b22616374696f6e223a2263616c632e616464222c22626f6479223a7b2261223a312c2262223a32"
        "7d2c226b6579223a225c75643830307331227d0a7b22616374696f6e223a2263616c632e6772656574222c22"
        "626f6479223a7b226e616d65223a2278222c226c6f7564223a747275657d2c226b276579223a227332227d0a"
        "7b22616374696f6e223a2263616c632e7363616c65222c22626f6479223a7b2278223a302e352c2266616374"
        "6f72223a393030373139393235343734303939337d2c226b6579223a227333227d0a7b22616374696f6e223a"
        "2263616c632e616464222c22626f6479223a7b2261223a226f6e65227d2c226b6579223a227334227d0a7b22"
        "616374696f6e223a2263616c632e6563686f4d6170222c22626f6479223a7b226d6170223a7b2261223a5b31"
        "5d7d7d2c226b6579223a227335227d0a7b22616374696f6e223a2263616c632e726566757365222c22626f64"
        "79223a7b22776879223a226e6f227d2c226b65790500223a227336227d0a2c22626f6479223a7b226e616d65"
        "223a2278222c226c6f7564223a747275657d2c226b6579223a227332227d0a7b226124242424242424315d7d"
        "7d2c226b6579223a227335227d0a7b22616374696f6e223a2263616c632e726566757365222c22626f647922"
        "3a7b22776879223a226e6f227d2c226b6579223a227336227d"),
}

def chunks(payload, sizes=()):
    """The chunking prefix of FuzzDrs::takeChunks: count, then each size minus one."""
    return bytes([len(sizes)] + [s - 1 for s in sizes]) + payload


def messages(items):
    """fuzz_connection's message framing: header (length << 1 | binary), then the bytes."""
    out = b""
    for data, binary in items:
        if len(data) < 127:
            out += bytes([len(data) << 1 | binary]) + data
        else:
            out += bytes([127 << 1 | binary]) + struct.pack(">H", len(data)) + data
    return out


def write(target, name, data):
    path = os.path.join(OUT, target)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for name, data in JSON_STREAMS.items():
        write("fuzz_jsonstream", name, b"\x00" + chunks(data, (1, 7, 30)))
    write("fuzz_jsonstream", "small-cap", b"\x03" + chunks(JSON_STREAMS["deep-nesting-ok"]))
    write("fuzz_jsonstream", "cbor-after-json", b"\x00" + chunks(JSON_STREAMS["then-cbor"], (5,)))

    seq = b"".join(CBOR_ITEMS[n] for n in ("call", "fire", "types", "indefinite"))
    write("fuzz_cbor", "stream-sequence", b"\x00" + chunks(seq, (1, 2, 9, 40)))
    write("fuzz_cbor", "stream-small-cap", b"\x04" + chunks(CBOR_ITEMS["length-1gib"]))
    write("fuzz_cbor", "stream-handlers", b"\x00" + chunks(CBOR_ITEMS["handlers"]))
    for name, data in CBOR_ITEMS.items():
        write("fuzz_cbor", "item-" + name, b"\x01" + data)
    for name in ("call", "types", "tags", "non-string-keys", "key-is-map", "indefinite",
                 "invalid-utf8", "truncated", "deep-nesting", "float-specials"):
        write("fuzz_cbor", "message-" + name, b"\x02" + CBOR_ITEMS[name])
    write("fuzz_cbor", "message-json", b"\x02 " + J_CALL)
    write("fuzz_cbor", "message-trailing", b"\x02" + C_CALL + b"\x00")

    for name in ("call", "concatenated", "handlers", "service", "builtins", "replies",
                 "invalid-utf8", "key-is-object", "deep-nesting", "duplicate-keys",
                 "big-integers", "then-cbor", "extra-fields"):
        write("fuzz_connection", "stream-json-" + name, b"\x00" + chunks(JSON_STREAMS[name], (3, 20)))
    for name in ("handlers", "types", "truncated", "length-1gib", "key-is-map", "indefinite",
                 "replies"):
        write("fuzz_connection", "stream-cbor-" + name, b"\x00" + chunks(CBOR_ITEMS[name], (2,)))
    write("fuzz_connection", "messages-json", b"\x01" + messages([
        (J_CALL, False), (b'{"action":"later","key":"l"}', False), (b"{bad", False),
        (b'{"action":"echo","key":"bin"}', True), (b"  ", False), (b'{"key":"nokey"}', False)]))
    for (target, name), data in REGRESSIONS.items():
        write(target, name, data)
    write("fuzz_connection", "messages-cbor", b"\x01" + messages([
        (CBOR_ITEMS["call"], True), (CBOR_ITEMS["handlers"], True), (CBOR_ITEMS["truncated"], True),
        (CBOR_ITEMS["key-is-map"], True), (CBOR_ITEMS["types"], True),
        (CBOR_ITEMS["deep-nesting"], True)]))


if __name__ == "__main__":
    main()
