"""What a user would run instead of inference-service: Flask + PyTorch serving the same kind of CNN as the
benchmark's model (vision ArchitectureSpec.cnn at 32x32x3, 3 classes: conv 3x3 32/64/128, each + batch norm + ReLU +
max-pool 2x2, flatten, dense 128 ReLU, dropout, dense 3; random weights, eval mode). POST /predict with a PNG body
answers the class probabilities as JSON, decoded and scaled to 32x32 RGB as Sightline does.

Run with Debian's python3 (python3-flask, python3-torch, python3-pil):  /usr/bin/python3 flask_server.py PORT
"""
import io
import sys

import numpy as np
import torch
from flask import Flask, jsonify, request
from PIL import Image

torch.set_num_threads(1)
torch.manual_seed(1)
CLASSES = ["a", "b", "c"]
layers, c_in, side = [], 3, 32
for filters in (32, 64, 128):
    layers += [torch.nn.Conv2d(c_in, filters, 3, padding=1), torch.nn.BatchNorm2d(filters), torch.nn.ReLU(),
               torch.nn.MaxPool2d(2, 2)]
    c_in, side = filters, side // 2
layers += [torch.nn.Flatten(), torch.nn.Linear(c_in * side * side, 128), torch.nn.ReLU(), torch.nn.Dropout(0.25),
           torch.nn.Linear(128, len(CLASSES))]
model = torch.nn.Sequential(*layers).eval()
app = Flask(__name__)


@app.post("/predict")
def predict():
    image = Image.open(io.BytesIO(request.get_data())).convert("RGB").resize((32, 32))
    x = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1).unsqueeze(0)
    with torch.inference_mode():
        p = torch.softmax(model(x), dim=1)[0].tolist()
    best = max(range(len(CLASSES)), key=p.__getitem__)
    return jsonify(label=CLASSES[best], probabilities=dict(zip(CLASSES, p)))


if __name__ == "__main__":
    import logging
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request, as Sightline
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
