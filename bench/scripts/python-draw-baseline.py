#!/usr/bin/env python3
"""The official Python path for one marked image, timed on this machine: PIL decode + convert("RGB"), four Pillow
box outlines (format.md §4.2, the spatial_imagination_oo markers of Spar.Benchmarks' DrawThroughput), PIL JPEG save
at its default quality 75. One or more processes, like a data loader's workers. Prints images/s.

Needs Debian's Pillow (apt-get install python3-pil: 9.4, the version of the official vectors):
    /usr/bin/python3 bench/scripts/python-draw-baseline.py SAMPLES_DIR [IMAGES=400] [PROCESSES=1]
(SAMPLES_DIR: the JPEGs of `Spar.Benchmarks drawsamples DIR`, the same inputs as spar's drawbench; cycled.)
"""
import io
import os
import resource
import sys
import time
from multiprocessing import Pool

from PIL import Image, ImageDraw

BOXES = [("red", (120, 200, 380, 610)), ("blue", (450, 150, 700, 520)),
         ("green", (600, 600, 950, 980)), ("yellow", (30, 40, 200, 300))]


def one(data):
    img = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = img.size
    draw = ImageDraw.Draw(img)
    e = 20 * 7 / 8
    for colour, (x1, y1, x2, y2) in BOXES:
        box = (int(x1 / 1000.0 * w - e), int(y1 / 1000.0 * h - e), int(x2 / 1000.0 * w + e), int(y2 / 1000.0 * h + e))
        draw.rectangle(box, outline=colour, width=20)
    out = io.BytesIO()
    img.save(out, format="JPEG")
    return out.tell()


def run(n, samples):
    return sum(one(samples[i % len(samples)]) for i in range(n))


if __name__ == "__main__":
    folder = sys.argv[1]
    images = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    processes = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    data = [open(os.path.join(folder, f), "rb").read() for f in sorted(os.listdir(folder)) if f.endswith(".jpg")]
    run(16, data)  # warm-up
    start = time.perf_counter()
    if processes == 1:
        total = run(images, data)
    else:
        with Pool(processes) as pool:
            total = sum(pool.starmap(run, [(images // processes, data)] * processes))
    wall = time.perf_counter() - start
    print(f"python PIL processes={processes} images={images}: {images / wall:.1f} images/s "
          f"(wall {wall:.2f} s, {wall / images * 1000 * processes:.2f} ms per image per process, output {total / images / 1024:.0f} KiB; "
          f"peak RSS {max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024:.0f} MB per process)")
