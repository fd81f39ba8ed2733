#!/usr/bin/env python3
"""Make the files of the "teach it your handwriting" experiment from the real pen digits (README, docs/ink.md).

It stands in for users who correct their board for a while: of the validation writers (the project's writer split,
never trained on by the shipped model), every second one in ordinal order is a "teacher". A teacher's drawings
alternate, in file order, between what they teach (teach.jsonl) and what they write later (teachers-later.jsonl).
The other validation writers never teach (others.jsonl): they show what teaching one group does to everyone else.
The same rule is written in tests/EdgeDigits.Tooling.Tests/Training/TeachFineTuneTests.cs.

Usage:
  /usr/bin/python3 tools/train/teach_split.py ../shared/data/pen-digits/unipen-1a-dev.jsonl --out teach/
"""
import argparse
import hashlib
import json
import os


def writer_of(drawing_id):
    slash = drawing_id.rfind("/")
    return drawing_id if slash <= 0 else drawing_id[:slash]


def is_validation_writer(writer):
    return int.from_bytes(hashlib.sha256(writer.encode("utf-8")).digest()[:4], "big") % 4 == 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pen", help="unipen-1a-dev.jsonl")
    p.add_argument("--out", required=True, help="output directory")
    args = p.parse_args()
    with open(args.pen, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    drawings = [(json.loads(line)["id"], line) for line in lines]
    validation = sorted({writer_of(i) for i, _ in drawings if is_validation_writer(writer_of(i))})
    teachers = set(validation[0::2])
    seen = {}
    out = {"teach.jsonl": [], "teachers-later.jsonl": [], "others.jsonl": []}
    for drawing_id, line in drawings:
        w = writer_of(drawing_id)
        if w not in validation:
            continue
        if w in teachers:
            k = seen.get(w, 0)
            seen[w] = k + 1
            out["teach.jsonl" if k % 2 == 0 else "teachers-later.jsonl"].append(line)
        else:
            out["others.jsonl"].append(line)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in out.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
        print(f"{os.path.join(args.out, name)}: {len(rows)} drawings")
    print(f"{len(teachers)} teachers, {len(validation) - len(teachers)} other validation writers")


if __name__ == "__main__":
    main()
