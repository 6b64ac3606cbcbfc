#!/usr/bin/env python3
"""Writes Fashion-MNIST (Debian package dataset-fashion-mnist) as a class-per-folder tree of 28x28 PNGs.

Standard library only. Usage: [LEVEL=6] make_dataset.py OUT_DIR (LEVEL: zlib level; another level writes the same
pictures as other bytes, new content for a store that holds the first)
"""
import gzip
import os
import struct
import sys
import zlib

SRC = "/usr/share/datasets/fashion-mnist"
CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def png(width, height, pixels):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, int(os.environ.get("LEVEL", "6")))) + chunk(b"IEND", b""))


def main(out):
    for part in ("train", "t10k"):
        with gzip.open(f"{SRC}/{part}-images-idx3-ubyte.gz") as f:
            _, n, h, w = struct.unpack(">IIII", f.read(16))
            images = f.read()
        with gzip.open(f"{SRC}/{part}-labels-idx1-ubyte.gz") as f:
            f.read(8)
            labels = f.read()
        for i in range(n):
            folder = os.path.join(out, CLASSES[labels[i]])
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{part}-{i:05d}.png"), "wb") as f:
                f.write(png(w, h, images[i * h * w:(i + 1) * h * w]))


if __name__ == "__main__":
    main(sys.argv[1])
