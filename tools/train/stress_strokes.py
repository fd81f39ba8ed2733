#!/usr/bin/env python3
"""Write "other pen" versions of a stroke file: the same drawings as a different touch panel or hand would give them.

The pen-digit set comes from tablets sampling at 100-200 Hz with clean coordinates. A board's touch controller is
polled more slowly, a finger moves faster, a resistive panel is noisy, a small screen has coarse integer pixels, and
people tilt and slant. Each output file is one such condition applied to every drawing (labels and ids kept, so
`edgedigits recognize FILE --single --writers Validation` reads them like the original):

  every2, every3, every4  every m-th point of each stroke (and its last): a panel sampled at 1/m of the tablet's rate
  int100                  the drawing 100 px tall on a 320x240 canvas, coordinates rounded to whole pixels
  jitter1, jitter2        int100 plus Gaussian noise of 1 and 2 px per coordinate (1 % and 2 % of the height)
  dense1px                int100 resampled every pixel along each segment, as a fast-polled panel reports it
  small40                 the drawing 40 px tall on a 320x240 canvas, whole pixels (a digit drawn small)
  hires                   the drawing 1,500 px tall on a 4000x3000 canvas (a high-resolution digitizer)
  rot10                   rotated by 10 degrees, clockwise or counter-clockwise at random, about the canvas centre
  slant15                 sheared by 15 degrees, forward or backward at random

These are stress conditions for measurement (docs/ink.md, "Other pens"), not training data; the random draws come
from one generator seeded by --seed, so the same file and seed give byte-identical output.

Usage:
  /usr/bin/python3 tools/train/stress_strokes.py ../shared/data/pen-digits/unipen-1a-dev.jsonl --out stress/
  dotnet run --project tools/EdgeDigits.Cli -- recognize stress/every4.jsonl --single --writers Validation
"""
import argparse
import json
import math
import os
import random


def bounds(strokes):
    xs = [p[0] for s in strokes for p in s]
    ys = [p[1] for s in strokes for p in s]
    return min(xs), min(ys), max(xs), max(ys)


def place(strokes, size, cx, cy):
    """Scale the drawing so its larger side is `size` px and centre its box on (cx, cy)."""
    x0, y0, x1, y1 = bounds(strokes)
    k = size / max(1e-9, max(x1 - x0, y1 - y0))
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return [[[cx + (x - mx) * k, cy + (y - my) * k] for x, y in s] for s in strokes]


def whole(strokes):
    return [[[round(x), round(y)] for x, y in s] for s in strokes]


def every(strokes, m):
    return [s[::m] + ([s[-1]] if (len(s) - 1) % m else []) for s in strokes]


def dense(strokes):
    out = []
    for s in strokes:
        d = []
        for a, b in zip(s, s[1:]):
            n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1])))
            d.extend([round(a[0] + (b[0] - a[0]) * t / n), round(a[1] + (b[1] - a[1]) * t / n)] for t in range(n))
        d.append([round(s[-1][0]), round(s[-1][1])])
        out.append(d)
    return out


def conditions(drawing, rng):
    """(name, canvas width, canvas height, strokes) of every condition, in a fixed order of random draws."""
    st = drawing["strokes"]
    w, h = drawing["canvas"]["width"], drawing["canvas"]["height"]
    cx, cy = w / 2, h / 2
    big = place(st, 100, 160, 120)
    out = [("every2", w, h, every(st, 2)), ("every3", w, h, every(st, 3)), ("every4", w, h, every(st, 4)),
           ("int100", 320, 240, whole(big))]
    for name, sigma in (("jitter1", 1.0), ("jitter2", 2.0)):
        out.append((name, 320, 240, [[[round(x + rng.gauss(0, sigma)), round(y + rng.gauss(0, sigma))] for x, y in s] for s in big]))
    out.append(("dense1px", 320, 240, dense(big)))
    out.append(("small40", 320, 240, whole(place(st, 40, 160, 120))))
    out.append(("hires", 4000, 3000, place(st, 1500, 2000, 1500)))
    a = math.radians(rng.choice([-1, 1]) * 10)
    c, s_ = math.cos(a), math.sin(a)
    out.append(("rot10", w, h, [[[cx + (x - cx) * c - (y - cy) * s_, cy + (x - cx) * s_ + (y - cy) * c] for x, y in s] for s in st]))
    shear = math.tan(math.radians(rng.choice([-1, 1]) * 15))
    out.append(("slant15", w, h, [[[x + (y - cy) * shear, y] for x, y in s] for s in st]))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("strokes", help="a labelled stroke file (.jsonl), e.g. unipen-1a-dev.jsonl")
    p.add_argument("--out", required=True, help="output directory (one .jsonl per condition, overwritten)")
    p.add_argument("--seed", type=int, default=5, help="seed of the noise, rotation and slant draws")
    args = p.parse_args()
    rng = random.Random(args.seed)
    files = {}
    with open(args.strokes, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            drawing = json.loads(line)
            if not drawing.get("strokes") or not any(drawing["strokes"]):
                raise SystemExit(f"error: {args.strokes}:{number}: a drawing without points")
            for name, w, h, strokes in conditions(drawing, rng):
                record = {"id": drawing.get("id"), "canvas": {"width": w, "height": h}, "strokes": strokes, "label": drawing.get("label")}
                files.setdefault(name, []).append(json.dumps(record))
    os.makedirs(args.out, exist_ok=True)
    for name, records in files.items():
        with open(os.path.join(args.out, name + ".jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(records) + "\n")
    print(f"wrote {len(files)} files of {len(next(iter(files.values())))} drawings to {args.out}")


if __name__ == "__main__":
    main()
