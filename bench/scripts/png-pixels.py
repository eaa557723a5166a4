#!/usr/bin/env python3
"""Compares the pixels of the PNG files two folders have in common (standard library only: zlib + the five PNG
filters, so it depends on neither spar's nor ImageSharp's code). For encoder changes that keep pixels but change bytes
(issue 25: 16-bit depth/mask PNGs). Prints one line per folder pair and exits 1 if any image's pixels differ.
Usage: bench/scripts/png-pixels.py DIR_A DIR_B"""
import hashlib, os, struct, sys, zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT": idat.append(body)
        pos += 12 + n
    w, h, depth, colour, _, _, interlace = ihdr
    assert interlace == 0, f"{path}: interlaced"
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    bpp = max(1, channels * depth // 8)
    stride = (w * channels * depth + 7) // 8
    raw = zlib.decompress(b"".join(idat))
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line; prev = line
    return hashlib.sha256(struct.pack(">IIBB", w, h, depth, colour) + bytes(out)).hexdigest()


a, b = sys.argv[1], sys.argv[2]
same = diff = bytes_differ = 0
for root, _, files in os.walk(a):
    for name in sorted(files):
        if not name.endswith(".png"): continue
        pa = os.path.join(root, name); pb = os.path.join(b, os.path.relpath(pa, a))
        if not os.path.exists(pb): continue
        if open(pa, "rb").read() != open(pb, "rb").read(): bytes_differ += 1
        if pixels(pa) == pixels(pb): same += 1
        else: diff += 1; print(f"pixels differ: {os.path.relpath(pa, a)}")
print(f"{a} vs {b}: {same + diff} PNGs in common, {bytes_differ} with different bytes, {diff} with different pixels")
sys.exit(1 if diff else 0)
