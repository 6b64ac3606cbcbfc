"""The same data and the same architecture as Sightline's default CNN at 64 px (vision ArchitectureSpec.cnn:
conv 3x3 32/64/128, each + batch norm + ReLU + max-pool 2x2, flatten, dense 128 ReLU, dropout 0.25, dense N),
Xavier init, Adam 1e-3, cross-entropy, batch order shuffled per epoch. With --make-data it first writes the data
set both sides read. Prints img/s per epoch of the training pass and the median of epochs 2..n.

Run with Debian's python3 (python3-torch):  /usr/bin/python3 bench.py DATA_DIR EPOCHS BATCH THREADS [--make-data N]
"""
import os
import statistics
import sys
import time

import numpy as np
import torch

data, epochs, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(42)

if "--make-data" in sys.argv:
    n = int(sys.argv[sys.argv.index("--make-data") + 1])
    classes, channels, size = 10, 3, 64
    rng = np.random.default_rng(7)
    labels = rng.integers(0, classes, n).astype(np.int32)
    images = rng.normal(0, 0.5, (n, channels, size, size)).astype(np.float32)
    for i, label in enumerate(labels):  # a class-dependent bright square, so there is something to learn
        y, x = 4 + 5 * (label // 4), 4 + 12 * (label % 4)
        images[i, :, y:y + 8, x:x + 8] += 1.5
    os.makedirs(data, exist_ok=True)
    np.array([n, channels, size, classes], dtype="<i4").tofile(os.path.join(data, "header.i32"))
    images.astype("<f4").tofile(os.path.join(data, "images.f32"))
    labels.astype("<i4").tofile(os.path.join(data, "labels.i32"))

n, channels, size, classes = np.fromfile(os.path.join(data, "header.i32"), dtype="<i4")
x = torch.from_numpy(np.fromfile(os.path.join(data, "images.f32"), dtype="<f4").reshape(n, channels, size, size))
y = torch.from_numpy(np.fromfile(os.path.join(data, "labels.i32"), dtype="<i4").astype(np.int64))

layers, c_in, side = [], int(channels), int(size)
for filters in (32, 64, 128):
    layers += [torch.nn.Conv2d(c_in, filters, 3, padding=1), torch.nn.BatchNorm2d(filters), torch.nn.ReLU(),
               torch.nn.MaxPool2d(2, 2)]
    c_in, side = filters, side // 2
layers += [torch.nn.Flatten(), torch.nn.Linear(c_in * side * side, 128), torch.nn.ReLU(), torch.nn.Dropout(0.25),
           torch.nn.Linear(128, int(classes))]
model = torch.nn.Sequential(*layers)
for m in model.modules():
    if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
        torch.nn.init.xavier_uniform_(m.weight)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
rates = []
for epoch in range(1, epochs + 1):
    model.train()
    order = torch.randperm(int(n))
    start = time.perf_counter()
    total = 0.0
    for i in range(0, int(n), batch):
        idx = order[i:i + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    rate = int(n) / (time.perf_counter() - start)
    rates.append(rate)
    print(f"torch epoch {epoch}: {rate:.1f} img/s, train loss {total / int(n):.4f}")
print(f"torch median img/s (epochs 2-{epochs}): {statistics.median(rates[1:]):.1f}, threads {threads},"
      f" torch {torch.__version__}, BLAS {os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')}")
