"""Plain PyTorch next to Sightline on real pictures (Debian's dataset-fashion-mnist), the same draws as
FashionBench.java. Run with Debian's python3 (python3-torch, numpy):

  /usr/bin/python3 fashion.py accuracy BUDGET_S [THREADS]   the course's CNN (conv32-conv64-maxpool-dropout 0.25-
        dense 128-dropout 0.5), Adam 1e-3, batch 128, on the 60,000 training pictures; test accuracy on the 10,000
        official test pictures whenever another minute of training has passed, and at the budget
  /usr/bin/python3 fashion.py transfer A,B SEED...          base: that CNN, 3 epochs on the other 8 classes; per seed
        a 2-class task A vs B, 100 training pictures per class: its conv block frozen + Flatten, Dense 64 relu,
        Dropout 0.25, Dense 2; head 20 epochs (Adam 1e-3, batch 16), then all unfrozen 10 epochs at 2e-5 (a new
        Adam); the same network from scratch 30 epochs; last epoch, no selection; all 2,000 test pictures of A and B
"""
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

DIR = os.environ.get("FASHION_DIR", "/usr/share/datasets/fashion-mnist")
M = (1 << 64) - 1


def read(prefix):
    with gzip.open(os.path.join(DIR, prefix + "-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(DIR, prefix + "-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    x = torch.from_numpy((images.astype(np.float32) / 255.0 - 0.5) / 0.5)
    return x, torch.from_numpy(labels)


def mix(z):
    """splitmix64's finaliser, as FashionBench.mix."""
    z = (z + 0x9E3779B97F4A7C15) & M
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def draw(labels, pair, per_class, seed):
    out = []
    for c in pair:
        members = [i for i in range(len(labels)) if labels[i] == c]
        members.sort(key=lambda i: mix((seed * 1_000_003 + i) & M))
        out += members[:per_class]
    return torch.tensor(out)


def conv_block():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2))


def course_cnn(classes):
    return nn.Sequential(conv_block(), nn.Dropout(0.25), nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(),
                         nn.Dropout(0.5), nn.Linear(128, classes))


def head(classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(64 * 12 * 12, 64), nn.ReLU(), nn.Dropout(0.25), nn.Linear(64, classes))


def fit(model, x, y, epochs, batch, lr, params=None, frozen=None):
    optimizer = torch.optim.Adam(params if params is not None else model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        if frozen is not None:
            frozen.eval()
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()


def accuracy_of(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))
    return correct / len(x)


def accuracy_mode(budget, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x, y = read("train")
    tx, ty = read("t10k")
    model = course_cnn(10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    trained, epoch, next_report = 0.0, 0, 60.0
    while trained < budget:
        epoch += 1
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            start = time.perf_counter()
            model.train()
            idx = order[i:i + 128]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()
            trained += time.perf_counter() - start
            if trained >= next_report or trained >= budget:
                print(f"torch accuracy: epoch {epoch}, {trained:.0f} s of training: test {accuracy_of(model, tx, ty):.4f}",
                      flush=True)
                next_report += 60.0
                if trained >= budget:
                    break
    print(f"torch accuracy: budget {budget} s, torch {torch.__version__}, threads {threads}")


def transfer_mode(pair, seeds):
    torch.set_num_threads(2)
    x, y = read("train")
    tx, ty = read("t10k")
    others = [c for c in range(10) if c not in pair]
    torch.manual_seed(42)
    base_idx = torch.tensor([i for i in range(len(y)) if int(y[i]) in others])
    remap = {c: k for k, c in enumerate(others)}
    base = course_cnn(8)
    fit(base, x[base_idx], torch.tensor([remap[int(v)] for v in y[base_idx]]), 3, 128, 1e-3)
    test_idx = torch.tensor([i for i in range(len(ty)) if int(ty[i]) in pair])
    test_x, test_y = tx[test_idx], (ty[test_idx] == pair[1]).long()
    gains = []
    for seed in seeds:
        idx = draw(y.tolist(), pair, 100, seed)
        train_x, train_y = x[idx], (y[idx] == pair[1]).long()
        torch.manual_seed(seed)
        scratch = nn.Sequential(conv_block(), head(2))
        fit(scratch, train_x, train_y, 30, 16, 1e-3)
        s = accuracy_of(scratch, test_x, test_y)
        torch.manual_seed(seed)
        block = conv_block()
        block.load_state_dict(base[0].state_dict())
        for p in block.parameters():
            p.requires_grad = False
        model = nn.Sequential(block, head(2))
        fit(model, train_x, train_y, 20, 16, 1e-3, params=model[1].parameters(), frozen=block)
        for p in block.parameters():
            p.requires_grad = True
        fit(model, train_x, train_y, 10, 16, 2e-5)
        t = accuracy_of(model, test_x, test_y)
        gains.append(t - s)
        print(f"seed {seed}: scratch {s:.4f}  transfer {t:.4f}  gain {100 * (t - s):+.1f} points", flush=True)
    sd = statistics.stdev(gains) if len(gains) > 1 else 0.0
    print(f"torch transfer gain over {len(gains)} draws: {100 * statistics.mean(gains):+.1f} +- {100 * sd:.1f} points")


if __name__ == "__main__":
    if sys.argv[1] == "accuracy":
        accuracy_mode(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    else:
        transfer_mode([int(c) for c in sys.argv[2].split(",")], [int(s) for s in sys.argv[3:]])
