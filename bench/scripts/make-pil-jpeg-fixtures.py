#!/usr/bin/env python3
"""Writes tests/Spar.Tests/Drawing/Fixtures/pil_*: JPEGs and what Pillow makes of them, the reference for
TurboJpegTests (spar's JPEG path must give PIL's pixels and bytes when libjpeg-turbo is installed).

Run with Debian's Pillow 9.4 (apt-get install python3-pil; the version the official SPAR vectors were drawn with):
    /usr/bin/python3 bench/scripts/make-pil-jpeg-fixtures.py
"""
import io
import math
import os

from PIL import Image

out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Spar.Tests", "Drawing", "Fixtures")
os.makedirs(out, exist_ok=True)


def photo(w, h, seed):
    """Smooth shading, sensor-like noise and a hard-edged coloured box: what chroma upsampling gets wrong."""
    img = Image.new("RGB", (w, h))
    px = img.load()
    s = seed
    for y in range(h):
        for x in range(w):
            s ^= (s << 13) & 0xFFFFFFFF
            s ^= s >> 17
            s ^= (s << 5) & 0xFFFFFFFF
            n = (s & 7) - 4
            box = 20 < x < 60 and 10 < y < 40
            c = lambda v: max(0, min(255, v))
            if box:
                px[x, y] = (c(200 + n), c(40 + n), c(60 + n))
            else:
                px[x, y] = (c(x * 255 // w + n), c(y * 200 // h + 30 + n + int(20 * math.sin(x / 9))), c(128 + n))
    return img


def save(img, name, **kw):
    path = os.path.join(out, name)
    img.save(path, **kw)
    return path


original = photo(97, 61, 777)  # odd size: partial MCUs at the right and bottom edges
save(original, "pil_photo.png")

# What PIL decodes from JPEGs of several kinds (4:2:0 and 4:4:4, progressive, grey).
for name, kw in [("pil_q90_420.jpg", dict(quality=90)),
                 ("pil_q95_444.jpg", dict(quality=95, subsampling=0)),
                 ("pil_q85_progressive.jpg", dict(quality=85, progressive=True))]:
    path = save(original, name, **kw)
    Image.open(path).convert("RGB").save(path[:-4] + ".decoded.png")
grey = original.convert("L")
path = save(grey, "pil_grey.jpg", quality=90)
Image.open(path).convert("RGB").save(path[:-4] + ".decoded.png")

# What PIL writes by default (quality 75, 4:2:0) and at quality 95: spar's encoder must write the same bytes.
for q in (75, 95):
    buf = io.BytesIO()
    original.save(buf, format="JPEG", quality=q)
    with open(os.path.join(out, f"pil_photo.q{q}.jpg"), "wb") as f:
        f.write(buf.getvalue())
print("written to", os.path.abspath(out))
