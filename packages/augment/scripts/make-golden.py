#!/usr/bin/python3
"""Writes src/golden/torchvision.json: outputs of torchvision 0.14's functional
transforms on small float images, for the golden tests of @ganforge/augment.

Run with Debian's python (torch 1.13, torchvision 0.14):
    /usr/bin/python3 packages/augment/scripts/make-golden.py

Conventions (ours -> torchvision):
  affine(x, {angle: a, ...})      == F.affine(x, angle=-a, ..., fill=[fill])   (ours turns counter-clockwise)
  rotate(x, a)                     == F.rotate(x, a, fill=[fill])
  elasticTransform(x, d_pixels)    == F.elastic_transform(x, d_pixels / (W/2, H/2), fill=[fill])
Images are NHWC here and NCHW for torch; per-image parameters are applied image by image.
"""
import json
import os
import tempfile

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

assert torchvision.__version__.startswith("0.14"), torchvision.__version__
torch.manual_seed(0)

MODES = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}
SHAPES = {"a": (2, 5, 7, 1), "b": (2, 6, 4, 3), "c": (1, 8, 8, 2)}
inputs = {k: torch.rand(s, dtype=torch.float32) for k, s in SHAPES.items()}
cases = []


def r(t):
    return [float(f"{v:.7g}") for v in t.reshape(-1).tolist()]


def nchw(x):
    return x.permute(0, 3, 1, 2).contiguous()


def nhwc(x):
    return x.permute(0, 2, 3, 1).contiguous()


def per_image(key, fn):
    """fn(image CHW, index) -> CHW; returns NHWC stacked."""
    x = nchw(inputs[key])
    return nhwc(torch.stack([fn(x[n], n) for n in range(x.shape[0])]))


def add(name, key, args, out):
    cases.append({"name": name, "input": key, "args": args, "shape": list(out.shape), "expected": r(out)})


for key in SHAPES:
    add("horizontalFlip", key, {}, nhwc(F.hflip(nchw(inputs[key]))))
    add("verticalFlip", key, {}, nhwc(F.vflip(nchw(inputs[key]))))

affine_grid = [
    (0, [0, 0], 1.0, [0, 0], "bilinear", 0),
    (30, [0, 0], 1.0, [0, 0], "bilinear", 0),
    (-45, [1, -2], 1.0, [0, 0], "bilinear", 0),
    (90, [0, 0], 1.0, [0, 0], "bilinear", 0.5),
    (137, [2.5, 0.5], 0.8, [0, 0], "bilinear", 0),
    (10, [0, 0], 1.3, [10, 0], "bilinear", 0.25),
    (-20, [-1, 1], 0.9, [5, -8], "bilinear", 0),
    (0, [1.5, -0.5], 1.0, [0, 0], "bilinear", 1.0),
    (25, [0, 0], 1.1, [0, 0], "nearest", 0),
    (-70, [1, 1], 0.85, [7, 3], "nearest", 0.5),
    (13, [-2, 0], 1.2, [0, 0], "nearest", 0),
]
for key in SHAPES:
    for angle, translate, scale, shear, mode, fill in affine_grid:
        out = nhwc(F.affine(nchw(inputs[key]), angle=-angle, translate=translate, scale=scale, shear=shear,
                            interpolation=MODES[mode], fill=[float(fill)]))
        add("affine", key, {"angle": angle, "translate": translate, "scale": scale, "shear": shear,
                            "interpolation": mode, "fill": fill}, out)
    # per-image parameters
    n = SHAPES[key][0]
    angles = [15.0, -40.0][:n]
    scales = [1.0, 0.75][:n]
    out = per_image(key, lambda img, i: F.affine(img, angle=-angles[i], translate=[1, 0], scale=scales[i],
                                                  shear=[0.0, 0.0], interpolation=MODES["bilinear"], fill=[0.0]))
    add("affine", key, {"angle": angles, "translate": [1, 0], "scale": scales, "shear": [0, 0],
                        "interpolation": "bilinear", "fill": 0}, out)

for key in SHAPES:
    for angle, mode, fill in [(15, "bilinear", 0), (-60, "bilinear", 0.3), (180, "bilinear", 0), (33, "nearest", 0.2)]:
        out = nhwc(F.rotate(nchw(inputs[key]), angle, interpolation=MODES[mode], fill=[float(fill)]))
        add("rotate", key, {"angle": angle, "interpolation": mode, "fill": fill}, out)
    out = nhwc(F.rotate(nchw(inputs[key]), 40, interpolation=MODES["bilinear"], fill=[0.0], center=[1, 2]))
    add("rotate", key, {"angle": 40, "interpolation": "bilinear", "fill": 0, "center": [1, 2]}, out)

for key in SHAPES:
    for top, left, h, w in [(1, 2, 3, 4), (-1, -2, 4, 5), (3, 3, 5, 5), (0, 0, 2, 2)]:
        add("crop", key, {"top": top, "left": left, "height": h, "width": w},
            nhwc(F.crop(nchw(inputs[key]), top, left, h, w)))
    n = SHAPES[key][0]
    tops, lefts = [1, -1][:n], [0, 2][:n]
    add("crop", key, {"top": tops, "left": lefts, "height": 3, "width": 4},
        per_image(key, lambda img, i: F.crop(img, tops[i], lefts[i], 3, 4)))

for key in SHAPES:
    for padding in [1, [2, 1], [1, 2, 3, 0]]:
        for mode in ["constant", "edge", "reflect", "symmetric"]:
            fill = 0.25 if mode == "constant" else 0
            add("pad", key, {"padding": padding, "mode": mode, "fill": fill},
                nhwc(F.pad(nchw(inputs[key]), padding, fill=fill, padding_mode=mode)))

for key in SHAPES:
    for size in [[3, 4], [10, 14], [5, 7], 4, [9, 5]]:
        for mode in ["bilinear", "nearest"]:
            out = nhwc(F.resize(nchw(inputs[key]), size if isinstance(size, list) else [size],
                                interpolation=MODES[mode], antialias=False))
            add("resize", key, {"size": size, "interpolation": mode}, out)

for key in ["a", "b"]:  # torchvision's colour ops take 1 or 3 channels
    for factor in [0.0, 0.5, 1.7]:
        add("adjustBrightness", key, {"factor": factor}, nhwc(F.adjust_brightness(nchw(inputs[key]), factor)))
    for gamma, gain in [(0.5, 1.0), (2.0, 0.8), (1.3, 1.2)]:
        add("adjustGamma", key, {"gamma": gamma, "gain": gain}, nhwc(F.adjust_gamma(nchw(inputs[key]), gamma, gain)))
for key in ["a", "b"]:
    for factor in [0.0, 0.5, 1.5]:
        add("adjustContrast", key, {"factor": factor}, nhwc(F.adjust_contrast(nchw(inputs[key]), factor)))
    add("adjustContrast", key, {"factor": [0.3, 2.0]},
        per_image(key, lambda img, i: F.adjust_contrast(img, [0.3, 2.0][i])))
    add("adjustBrightness", key, {"factor": [0.3, 2.0]},
        per_image(key, lambda img, i: F.adjust_brightness(img, [0.3, 2.0][i])))
for factor in [0.0, 0.5, 2.0]:
    add("adjustSaturation", "b", {"factor": factor}, nhwc(F.adjust_saturation(nchw(inputs["b"]), factor)))

for key in SHAPES:
    for ks, sigma in [(3, 1.0), ([5, 3], [1.5, 0.7]), (5, None), ([1, 3], [1.0, 0.5])]:
        kl = ks if isinstance(ks, list) else [ks, ks]
        sl = None if sigma is None else (sigma if isinstance(sigma, list) else [sigma, sigma])
        out = nhwc(F.gaussian_blur(nchw(inputs[key]), kl, sl))
        args = {"kernelSize": ks}
        if sl is not None:
            args["sigma"] = sl[0]
            args["sigmaY"] = sl[1]
        add("gaussianBlur", key, args, out)

for key in SHAPES:
    n, h, w, _ = SHAPES[key]
    disp = (torch.rand(1, h, w, 2) * 2 - 1) * 0.4
    pixels = disp * torch.tensor([w / 2, h / 2])
    for mode, fill in [("bilinear", 0), ("bilinear", 0.5), ("nearest", 0)]:
        out = nhwc(F.elastic_transform(nchw(inputs[key]), disp, interpolation=MODES[mode], fill=[float(fill)]))
        add("elasticTransform", key, {"displacement": r(pixels), "displacementShape": list(pixels.shape),
                                      "interpolation": mode, "fill": fill}, out)

data = {
    "generator": "packages/augment/scripts/make-golden.py",
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "inputs": {k: {"shape": list(SHAPES[k]), "values": r(v)} for k, v in inputs.items()},
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "golden", "torchvision.json")
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
with os.fdopen(fd, "w") as fh:
    json.dump(data, fh, separators=(",", ":"))
os.replace(tmp, path)
print(f"wrote {len(cases)} cases to {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")
