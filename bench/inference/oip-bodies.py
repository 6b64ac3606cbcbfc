"""Writes the two bodies of the /v2 benchmark: the same FP32 [1, 3, S, S] tensor as JSON and as binary
tensor data (JSON header + little-endian floats, binary output asked for), as tritonclient builds them.
Usage: python3 oip-bodies.py SIZE OUT_DIR  (prints the binary body's header length)"""
import json
import struct
import sys

size, out = int(sys.argv[1]), sys.argv[2]
values = [((i * 37) % 255) / 255.0 for i in range(3 * size * size)]
shape = [1, 3, size, size]
with open(f"{out}/oip-json.body", "w") as f:
    json.dump({"inputs": [{"name": "input", "shape": shape, "datatype": "FP32", "data": values}]}, f)
tensor = struct.pack(f"<{len(values)}f", *values)
header = json.dumps({"inputs": [{"name": "input", "shape": shape, "datatype": "FP32",
                                 "parameters": {"binary_data_size": len(tensor)}}],
                     "outputs": [{"name": "probabilities", "parameters": {"binary_data": True}}]}).encode()
with open(f"{out}/oip-binary.body", "wb") as f:
    f.write(header + tensor)
print(len(header))
