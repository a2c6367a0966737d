"""PyTorch reference for bench/train.mjs: the TF-tutorial MNIST DCGAN, same step
(D and G, Adam(1e-4, 0.5), non-saturating loss), one thread.
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/train/pytorch_dcgan.py [batch] [steps]"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
batch = int(sys.argv[1]) if len(sys.argv) > 1 else 64
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10


class G(nn.Module):
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


class D(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 5, 2, 2)
        self.c2 = nn.Conv2d(64, 128, 5, 2, 2)
        self.fc = nn.Linear(7 * 7 * 128, 1)

    def forward(self, x):
        x = F.dropout(F.leaky_relu(self.c1(x), 0.3), 0.3, self.training)
        x = F.dropout(F.leaky_relu(self.c2(x), 0.3), 0.3, self.training)
        return self.fc(x.flatten(1))


g, d = G(), D()
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


for _ in range(2):
    step()
t0, c0 = time.perf_counter(), time.process_time()
for _ in range(steps):
    step()
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(f'{{"framework": "pytorch {torch.__version__}", "batch": {batch}, "imagesPerSec": {steps * batch / wall:.1f}, "imagesPerCpuSecond": {steps * batch / cpu:.1f}}}')
