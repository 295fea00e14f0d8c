#!/usr/bin/env python3
"""private_key_jwt material for bench/run.sh (never part of the test suite).

  pkjwt.py keygen DIR                                   -> DIR/key.pem (P-256 private key), DIR/jwks.json
  pkjwt.py assertions KEY CLIENT_ID AUD COUNT           -> COUNT ES256 client assertions on stdout, one a line,
                                                           each with its own jti, valid for 290 s
  pkjwt.py start-requests BASE KEY CLIENT_ID USER N OUT -> N pending backchannel requests of the client,
                                                           their auth_req_ids appended to OUT

Needs the 'cryptography' package (pip install cryptography).
"""
import base64
import http.client
import json
import sys
import time
import urllib.parse
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

KID = "bench-1"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def keygen(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    with open(f"{folder}/key.pem", "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": "P-256", "kid": KID, "use": "sig", "alg": "ES256",
           "x": b64(numbers.x.to_bytes(32, "big")), "y": b64(numbers.y.to_bytes(32, "big"))}
    with open(f"{folder}/jwks.json", "w") as out:
        json.dump({"keys": [jwk]}, out)


def load(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def assertion(key, client_id, aud, now):
    header = b64(json.dumps({"alg": "ES256", "kid": KID, "typ": "JWT"}).encode())
    claims = b64(json.dumps({"iss": client_id, "sub": client_id, "aud": aud, "iat": now, "exp": now + 290,
                             "jti": uuid.uuid4().hex}).encode())
    signing_input = f"{header}.{claims}".encode()
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    return f"{header}.{claims}.{b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def assertions(key_path, client_id, aud, count):
    key, now = load(key_path), int(time.time())
    out = sys.stdout
    for _ in range(int(count)):
        out.write(assertion(key, client_id, aud, now) + "\n")


def start_requests(base, key_path, client_id, user, count, ids_path):
    key = load(key_path)
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    with open(ids_path, "a") as ids:
        for i in range(int(count)):
            # Distinct messages: identical pending requests are refused as duplicates (ADR 0005).
            body = urllib.parse.urlencode({
                "scope": "openid", "login_hint": user, "binding_message": f"Bench request {i}",
                "client_assertion_type": JWT_BEARER,
                "client_assertion": assertion(key, client_id, base + "/bc-authorize", int(time.time()))})
            connection.request("POST", "/bc-authorize", body, {"Content-Type": "application/x-www-form-urlencoded"})
            answer = connection.getresponse()
            payload = json.loads(answer.read())
            if answer.status != 200:
                sys.exit(f"bc-authorize with private_key_jwt failed: {answer.status} {payload}")
            ids.write(payload["auth_req_id"] + "\n")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"keygen": keygen, "assertions": assertions, "start-requests": start_requests}[command](*args)
