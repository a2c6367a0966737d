"""PyTorch reference for bench/gan-train/train.mjs: the same DCGAN step (D and G,
Adam(1e-4, 0.5), non-saturating loss, both losses from the pre-update networks) on the
same models as @ganforge/gan-layers' presets:
- tutorial: the TF-tutorial MNIST DCGAN (tutorialDcgan());
- seed: the small Keras-example DCGAN (seedDcgan()).

Standalone:
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/gan-train/pytorch_dcgan.py --preset seed --batch 64 --steps 10 --threads 1
Served (what train.mjs does, so both frameworks are timed alternately in one run): with
--serve it reads lines "<steps> <threads>" on stdin and answers each with one JSON line.
For PyTorch's real speed on Debian, run with
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread (train.mjs sets it when present)."""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class TutorialG(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(100, 7 * 7 * 256, bias=False)
        self.bn0 = nn.BatchNorm1d(7 * 7 * 256)
        self.c1 = nn.ConvTranspose2d(256, 128, 5, 1, 2, bias=False)
        self.bn1 = nn.BatchNorm2d(128)
        self.c2 = nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.c3 = nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1, bias=False)

    def forward(self, z):
        x = F.leaky_relu(self.bn0(self.fc(z)), 0.3).view(-1, 256, 7, 7)
        x = F.leaky_relu(self.bn1(self.c1(x)), 0.3)
        x = F.leaky_relu(self.bn2(self.c2(x)), 0.3)
        return torch.tanh(self.c3(x))


class TutorialD(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 5, 2, 2)
        self.c2 = nn.Conv2d(64, 128, 5, 2, 2)
        self.fc = nn.Linear(7 * 7 * 128, 1)

    def forward(self, x):
        x = F.dropout(F.leaky_relu(self.c1(x), 0.3), 0.3, self.training)
        x = F.dropout(F.leaky_relu(self.c2(x), 0.3), 0.3, self.training)
        return self.fc(x.flatten(1))


class SeedG(nn.Module):
    """Dense 7*7*128 (no bias) -> BN -> LReLU 0.2 -> ConvT 64 k4 s2 (no bias) -> BN -> LReLU -> ConvT 1 k4 s2 -> tanh."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(100, 7 * 7 * 128, bias=False)
        self.bn0 = nn.BatchNorm1d(7 * 7 * 128, eps=1e-3, momentum=0.01)
        self.c1 = nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64, eps=1e-3, momentum=0.01)
        self.c2 = nn.ConvTranspose2d(64, 1, 4, 2, 1)

    def forward(self, z):
        x = F.leaky_relu(self.bn0(self.fc(z)), 0.2).view(-1, 128, 7, 7)
        x = F.leaky_relu(self.bn1(self.c1(x)), 0.2)
        return torch.tanh(self.c2(x))


class SeedD(nn.Module):
    """Conv 64 k4 s2 -> LReLU 0.2 -> Dropout 0.3 -> Flatten -> Dense 1."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 4, 2, 1)
        self.fc = nn.Linear(14 * 14 * 64, 1)

    def forward(self, x):
        x = F.dropout(F.leaky_relu(self.c1(x), 0.2), 0.3, self.training)
        return self.fc(x.flatten(1))


PRESETS = {'tutorial': (TutorialG, TutorialD), 'seed': (SeedG, SeedD)}


def make_step(preset, batch):
    make_g, make_d = PRESETS[preset]
    g, d = make_g(), make_d()
    og = torch.optim.Adam(g.parameters(), 1e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 1e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, 1, 28, 28) * 2 - 1

    def step():
        fake = g(torch.randn(batch, 100))
        og.zero_grad()
        F.softplus(-d(fake)).mean().backward()
        og.step()
        od.zero_grad()
        (F.softplus(-d(real)).mean() + F.softplus(d(fake.detach())).mean()).backward()
        od.step()

    return step


def timed(step, batch, steps, threads):
    torch.set_num_threads(threads)
    step()  # one warm-up step at this thread count
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        'framework': f'pytorch {torch.__version__}',
        'batch': batch,
        'threads': threads,
        'steps': steps,
        'imagesPerSec': round(steps * batch / wall, 2),
        'imagesPerCpuSecond': round(steps * batch / cpu, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--preset', choices=sorted(PRESETS), default='tutorial')
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--serve', action='store_true')
    args = parser.parse_args()
    torch.manual_seed(0)
    step = make_step(args.preset, args.batch)
    torch.set_num_threads(args.threads)
    for _ in range(2):
        step()
    if not args.serve:
        print(json.dumps({'preset': args.preset, **timed(step, args.batch, args.steps, args.threads)}))
        return
    print(json.dumps({'ready': True, 'framework': f'pytorch {torch.__version__}'}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        steps, threads = (int(v) for v in line.split())
        print(json.dumps({'preset': args.preset, **timed(step, args.batch, steps, threads)}), flush=True)


if __name__ == '__main__':
    main()
