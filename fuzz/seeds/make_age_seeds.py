#!/usr/bin/env python3
"""Writes the age_import seeds: locket exports encrypted the way age does, under the fuzz
target's passphrase, with small scrypt work factors so that the fuzzer runs fast.

A small age v1 writer (https://age-encryption.org/v1): a scrypt stanza wrapping a random file
key, the header MAC, and the STREAM payload in 64 KiB chunks. Run from this directory:
    python3 make_age_seeds.py      (needs the `cryptography` package)
"""
import base64, hashlib, hmac, os
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

PASSPHRASE = b"fuzzing passphrase"  # the one in fuzz/checks/age_import.rs


def b64(data):
    return base64.b64encode(data).rstrip(b"=")


def hkdf(ikm, salt, info, length=32):
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out, i = out + block, i + 1
    return out[:length]


def encrypt(plaintext, log_n):
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap = hashlib.scrypt(PASSPHRASE, salt=b"age-encryption.org/v1/scrypt" + salt,
                          n=1 << log_n, r=8, p=1, maxmem=1 << 30, dklen=32)
    body = ChaCha20Poly1305(wrap).encrypt(bytes(12), file_key, None)
    header = b"age-encryption.org/v1\n-> scrypt %s %d\n%s\n---" % (b64(salt), log_n, b64(body))
    mac = hmac.new(hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    key = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[i:i + 65536] for i in range(0, len(plaintext), 65536)] or [b""]
    payload = b"".join(
        key.encrypt(i.to_bytes(11, "big") + (b"\x01" if i == len(chunks) - 1 else b"\x00"), c, None)
        for i, c in enumerate(chunks))
    return header + b" " + b64(mac) + b"\n" + nonce + payload


def armor(data):
    text = base64.b64encode(data)
    lines = b"\n".join(text[i:i + 64] for i in range(0, len(text), 64))
    return b"-----BEGIN AGE ENCRYPTED FILE-----\n" + lines + b"\n-----END AGE ENCRYPTED FILE-----\n"


export = (b'{"format": "locket-export", "version": 1, "secrets": [{"name": "api-key", '
          b'"value": "fuzz-value", "allowed_domains": ["api.example.com"]}, {"name": "bin", '
          b'"value_base64": "AAEC"}]}')
seeds = {
    "export-binary-logn4.age": encrypt(export, 4),
    "export-armored-logn4.age": armor(encrypt(export, 4)),
    "empty-armored-logn2.age": armor(encrypt(b"", 2)),
    "not-json-logn2.age": encrypt(b"NAME=value\n", 2),
}
for name, data in seeds.items():
    with open(os.path.join("age_import", name), "wb") as f:
        f.write(data)
