#!/usr/bin/env python3
"""The course's flow, as the baseline: copy the class folders, move a ratio of each class to test, then
check the counts and the SHA-256 of every file against the source. Standard library only.

Usage: course_flow.py SOURCE OUT RATIO
"""
import hashlib
import os
import random
import shutil
import sys


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(source, out, ratio):
    train, test = os.path.join(out, "train"), os.path.join(out, "test")
    shutil.copytree(source, train)
    os.makedirs(test)
    rng = random.Random(42)
    for cls in sorted(os.listdir(train)):
        files = sorted(os.listdir(os.path.join(train, cls)))
        os.makedirs(os.path.join(test, cls))
        for name in rng.sample(files, round(len(files) * ratio)):
            shutil.move(os.path.join(train, cls, name), os.path.join(test, cls, name))
    problems = 0
    for cls in sorted(os.listdir(source)):
        originals = sorted(os.listdir(os.path.join(source, cls)))
        placed = {n: os.path.join(train, cls, n) for n in os.listdir(os.path.join(train, cls))}
        placed.update({n: os.path.join(test, cls, n) for n in os.listdir(os.path.join(test, cls))})
        if len(placed) != len(originals):
            problems += 1
        for name in originals:
            if name not in placed or sha256(placed[name]) != sha256(os.path.join(source, cls, name)):
                problems += 1
    print(f"checked {sum(len(os.listdir(os.path.join(source, c))) for c in os.listdir(source))} files, "
          f"{problems} problems")
    return problems


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1], sys.argv[2], float(sys.argv[3])) else 0)
