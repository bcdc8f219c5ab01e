# A plain ES256 signer writing the same files as `leverup export badges`: per credential a
# .jwt (signed here), the .json and the .svg (sample bytes); per certificate the .html.
# Usage: python3 sign.py CREDENTIALS OUTDIR SAMPLE_CERT_DIR
import base64, glob, json, os, sys, time, uuid
import jwt
from cryptography.hazmat.primitives.asymmetric import ec
n, out, sample = int(sys.argv[1]), sys.argv[2], sys.argv[3]
stem = sorted(glob.glob(os.path.join(sample, "*.jwt")))[0][:-4]
tok = open(stem + ".jwt").read().strip()
body = tok.split(".")[1]
payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
js, svg = open(stem + ".json", "rb").read(), open(stem + ".svg", "rb").read()
html = open(os.path.join(sample, "certificate.html"), "rb").read()
key = ec.generate_private_key(ec.SECP256R1())
per_cert = 2  # the demo's average: 1.9 credentials per certificate
t = time.perf_counter()
for i in range(n):
    d = os.path.join(out, f"c{i // per_cert}")
    if i % per_cert == 0:
        os.makedirs(d, mode=0o700)
        with open(os.path.join(d, "certificate.html"), "wb") as f:
            f.write(html)
    payload["jti"] = f"urn:uuid:{uuid.uuid4()}"
    signed = jwt.encode(payload, key, algorithm="ES256", headers={"kid": "k1"})
    for ext, data in (("jwt", signed.encode()), ("json", js), ("svg", svg)):
        with open(os.path.join(d, f"{i % per_cert}.{ext}"), "wb") as f:
            f.write(data)
dt = time.perf_counter() - t
print(f"{n} credentials in {dt:.3f} s = {n/dt:.0f}/s")
