#!/usr/bin/python3
"""Turns torchvision's MobileNetV2 (or ResNet-18) into a feature-extractor TorchScript file the trainer takes as a
transfer-learning base, and prints the file's SHA-256 for the backbone allow-list (decision 086).

Offline, the ImageNet weights come from a file the user supplies, e.g. torchvision's mobilenet_v2-b0353104.pth
(https://download.pytorch.org/models/mobilenet_v2-b0353104.pth); --random-weights writes an untrained network
for tests. Needs Debian's python3 with python3-torch and python3-torchvision (apt-get install -y python3-torchvision).

The module written:
  input   float32 N x 3 x S x S, RGB scaled to 0..1 and then normalised with ImageNet's mean (0.485, 0.456, 0.406)
          and std (0.229, 0.224, 0.225) -- what the trainer feeds every TorchScript base (Backbones.IMAGENET_*);
          S is free (the trainer's default is 224; 96..224 all work, the features are pooled)
  output  float32 N x 1280 (mobilenet_v2) or N x 512 (resnet18): the convolutional features, global-average
          pooled; no classifier ("no top"). The trainer adds its head (flatten, dense 64 relu, dropout 0.25,
          dense N) and trains it with Adam while the base stays frozen.
It is traced in eval mode, so batch norm keeps ImageNet's running statistics, also when fine-tuned.

Usage:
  /usr/bin/python3 tools/backbone/export_mobilenet_v2.py --weights mobilenet_v2-b0353104.pth /srv/backbones/mnv2.pt
  /usr/bin/python3 tools/backbone/export_mobilenet_v2.py --random-weights /tmp/mnv2-random.pt
"""
import argparse
import hashlib
import os
import re
import sys

try:
    import torch
    import torchvision
except ImportError as missing:
    sys.exit(f"{missing}: install Debian's python3-torch and python3-torchvision and run /usr/bin/python3")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Features(torch.nn.Module):
    """The network's convolutional part followed by a global average pool and a flatten."""

    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        x = self.body(x)
        return torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1)


def build(arch, weights):
    network = getattr(torchvision.models, arch)()  # torchvision 0.14: no weights unless loaded below
    if weights is not None:
        name = os.path.basename(weights)
        # torchvision names its files <arch>-<first 8 hex digits of their SHA-256>.pth; check it as torch.hub does
        tag = re.search(r"-([0-9a-f]{8,})\.pth$", name)
        actual = sha256_of(weights)
        if tag and not actual.startswith(tag.group(1)):
            sys.exit(f"{name}: its SHA-256 {actual} does not start with {tag.group(1)}, as the name says: "
                     "a damaged or different file")
        # weights_only: a .pth is a pickle, which could run code; only tensors are read
        state = torch.load(weights, map_location="cpu", weights_only=True)
        network.load_state_dict(state)
    if arch == "mobilenet_v2":
        body = network.features
    else:  # resnet: everything before the average pool and the classifier
        body = torch.nn.Sequential(*list(network.children())[:-2])
    return Features(body).eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="TorchScript file to write (.pt)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weights", help="torchvision state dict with ImageNet weights, e.g. mobilenet_v2-b0353104.pth")
    source.add_argument("--random-weights", action="store_true", help="untrained network (tests only)")
    parser.add_argument("--arch", choices=["mobilenet_v2", "resnet18"], default="mobilenet_v2")
    parser.add_argument("--image-size", type=int, default=224, help="side of the example image traced with (224)")
    args = parser.parse_args()
    if not 32 <= args.image_size <= 1024:
        sys.exit("--image-size must be 32..1024")
    torch.manual_seed(0)
    model = build(args.arch, None if args.random_weights else args.weights)
    example = torch.zeros(1, 3, args.image_size, args.image_size)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        features = traced(example).shape
    traced.save(args.output)

    digest = sha256_of(args.output)
    folder = os.path.dirname(os.path.abspath(args.output))
    print(f"wrote {args.output}: {args.arch} features, input 1x3x{args.image_size}x{args.image_size} ImageNet-normalised"
          f" RGB, output {tuple(features)}{' (RANDOM weights: for tests only)' if args.random_weights else ''}")
    print(f"sha256 {digest}")
    print("allow it on the trainer (decision 086), as a file:")
    print("  sightline.trainer.backbones.file.enabled=true")
    print(f"  sightline.trainer.backbones.file.folders={folder}")
    print("or served from a mirror, pinned:")
    print(f"  sightline.trainer.backbones.url.pins=https://<mirror>/{os.path.basename(args.output)}#sha256={digest}")
    print("then, the course's recipe (frozen base, dense 64 relu, dropout 0.25, dense N; Adam 1e-4):")
    print(f"  sightline train -m <model> -d <dataset> --arch transfer --base-model {os.path.abspath(args.output)}"
          f" --base-model-sha256 {digest} --lr 1e-4 --schedule constant --epochs 10")


if __name__ == "__main__":
    main()
