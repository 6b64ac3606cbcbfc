"""Writes a tiny TorchScript feature extractor (random weights) for the trainer's transfer tests.

Run with Debian's python3 (python3-torch): /usr/bin/python3 feature_extractor.py out.pt [channels]
(channels of its input, 3 unless given: 1 writes a module that refuses RGB images)
"""
import sys

import torch


class Features(torch.nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(channels, 8, 3, padding=1)
        self.norm1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.norm1(self.conv1(x)))
        x = torch.nn.functional.max_pool2d(x, 2)
        x = torch.relu(self.conv2(x))
        return torch.nn.functional.adaptive_avg_pool2d(x, 4)


channels = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.manual_seed(0)
model = Features(channels).eval()
torch.jit.trace(model, torch.zeros(1, channels, 16, 16)).save(sys.argv[1])
