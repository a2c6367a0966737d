"""Golden values for @ganforge/normalize from PyTorch 1.13 / torchvision 0.14.

Run with Debian's interpreter (torch is installed there):
    /usr/bin/python3 packages/normalize/scripts/make-golden.py
Writes src/golden/torch.json (atomically). The input is defined by a formula
that src/golden.test.ts reproduces exactly.
"""
import json
import math
import os
import tempfile

import numpy as np
import torch
import torchvision.transforms.functional as TF

N, H, W, C = 5, 3, 4, 3
# bytes[n, h, w, c] = (n * 53 + h * 29 + w * 17 + c * 71 + (n * h * w) % 7) % 256
idx = np.indices((N, H, W, C))
n, h, w, c = idx
bytes_nhwc = ((n * 53 + h * 29 + w * 17 + c * 71 + (n * h * w) % 7) % 256).astype(np.uint8)

# torchvision ToTensor on each HWC uint8 image -> CHW float32 in [0, 1]
unit_nchw = torch.stack([TF.to_tensor(img) for img in bytes_nhwc])
unit_nhwc = unit_nchw.permute(0, 2, 3, 1).contiguous()

mean = unit_nchw.mean(dim=(0, 2, 3))
std_biased = unit_nchw.permute(1, 0, 2, 3).reshape(C, -1).std(dim=1, unbiased=False)
std_unbiased = unit_nchw.permute(1, 0, 2, 3).reshape(C, -1).std(dim=1, unbiased=True)
# float64 references for the stats (torch float32 reductions have their own rounding)
u64 = unit_nhwc.double().reshape(-1, C)
mean64 = u64.mean(0)
std64 = u64.std(0, unbiased=False)
std64_unbiased = u64.std(0, unbiased=True)

imagenet_mean = [0.485, 0.456, 0.406]
imagenet_std = [0.229, 0.224, 0.225]
normalized_nchw = torch.stack([TF.normalize(img, imagenet_mean, imagenet_std) for img in unit_nchw])
normalized_nhwc = normalized_nchw.permute(0, 2, 3, 1).contiguous()

# the torchvision "[-1, 1]" recipe: Normalize(0.5, 0.5) after ToTensor
symmetric_nhwc = torch.stack([TF.normalize(img, [0.5] * C, [0.5] * C) for img in unit_nchw]).permute(0, 2, 3, 1)

golden = {
    "shape": [N, H, W, C],
    "bytes": bytes_nhwc.reshape(-1).tolist(),
    "unit": unit_nhwc.reshape(-1).tolist(),
    "symmetric": symmetric_nhwc.reshape(-1).tolist(),
    "mean": mean64.tolist(),
    "std": std64.tolist(),
    "stdUnbiased": std64_unbiased.tolist(),
    "torchFloat32Mean": mean.tolist(),
    "torchFloat32Std": std_biased.tolist(),
    "torchFloat32StdUnbiased": std_unbiased.tolist(),
    "imagenetMean": imagenet_mean,
    "imagenetStd": imagenet_std,
    "imagenetNormalized": normalized_nhwc.reshape(-1).tolist(),
    "versions": {"torch": torch.__version__, "torchvision": __import__("torchvision").__version__},
}
out = os.path.join(os.path.dirname(__file__), "..", "src", "golden", "torch.json")
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out), suffix=".tmp")
with os.fdopen(fd, "w") as f:
    json.dump(golden, f)
os.chmod(tmp, 0o644)
os.replace(tmp, out)
print("wrote", os.path.normpath(out))
