#!/usr/bin/env python3
"""Golden values for @ganforge/gan-metrics' tests, from the reference formulas, on fixed random
features (float32-representable, so the JS side holds exactly the same inputs). Run once:

    /usr/bin/python3 packages/gan-metrics/scripts/make-goldens.py   (Debian python3-scipy, numpy)

Writes src/golden/metrics.json. The formulas below are written out from:
- FID: pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm of sigma1 @ sigma2, np.cov rowvar=False);
- KID: torch-fidelity's polynomial_kernel / mmd2 ('unbiased') / kid_features_to_metric (mean, np.std);
- precision/recall, density/coverage: the reference `prdc` package (clovaai/generative-evaluation-prdc),
  compute_prdc with Euclidean pairwise distances and get_kth_value(k + 1);
- classifier score: the Inception Score of Salimans et al.'s code (consecutive splits).
"""
import json
import os

import numpy as np
from scipy import linalg
from scipy.spatial.distance import cdist


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def fid(act1, act2, eps=1e-6):
    mu1, mu2 = np.mean(act1, axis=0), np.mean(act2, axis=0)
    sigma1, sigma2 = np.cov(act1, rowvar=False), np.cov(act2, rowvar=False)
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError('Imaginary component {}'.format(np.max(np.abs(covmean.imag))))
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean), mu1, sigma1


def polynomial_kernel(X, Y, degree=3, gamma=None, coef0=1):
    if gamma is None:
        gamma = 1.0 / X.shape[1]
    return (np.matmul(X, Y.T) * gamma + coef0) ** degree


def mmd2(K_XX, K_XY, K_YY):
    m = K_XX.shape[0]
    diag_X = np.diagonal(K_XX)
    diag_Y = np.diagonal(K_YY)
    Kt_XX_sums = K_XX.sum(axis=1) - diag_X
    Kt_YY_sums = K_YY.sum(axis=1) - diag_Y
    K_XY_sums_0 = K_XY.sum(axis=0)
    Kt_XX_sum = Kt_XX_sums.sum()
    Kt_YY_sum = Kt_YY_sums.sum()
    K_XY_sum = K_XY_sums_0.sum()
    value = (Kt_XX_sum + Kt_YY_sum) / (m * (m - 1))
    value -= 2 * K_XY_sum / (m * m)
    return float(value)


def polynomial_mmd(f1, f2, degree=3, gamma=None, coef0=1):
    return mmd2(polynomial_kernel(f1, f1, degree, gamma, coef0), polynomial_kernel(f1, f2, degree, gamma, coef0), polynomial_kernel(f2, f2, degree, gamma, coef0))


def kth_value(unsorted, k, axis=-1):
    indices = np.argpartition(unsorted, k, axis=axis)[..., :k]
    k_smallests = np.take_along_axis(unsorted, indices, axis=axis)
    return k_smallests.max(axis=axis)


def nn_distances(x, k):
    return kth_value(cdist(x, x, 'euclidean'), k + 1)


def prdc(real, fake, k):
    real_r = nn_distances(real, k)
    fake_r = nn_distances(fake, k)
    d = cdist(real, fake, 'euclidean')
    precision = (d < np.expand_dims(real_r, axis=1)).any(axis=0).mean()
    recall = (d < np.expand_dims(fake_r, axis=0)).any(axis=1).mean()
    density = (1.0 / float(k)) * (d < np.expand_dims(real_r, axis=1)).sum(axis=0).mean()
    coverage = (d.min(axis=1) < real_r).mean()
    return dict(precision=float(precision), recall=float(recall), density=float(density), coverage=float(coverage))


def inception_score(preds, splits):
    scores = []
    n = preds.shape[0]
    for i in range(splits):
        part = preds[(i * n // splits):((i + 1) * n // splits), :]
        kl = part * (np.log(part) - np.log(np.expand_dims(np.mean(part, 0), 0)))
        kl = np.mean(np.sum(kl, 1))
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))


rng = np.random.RandomState(12)
out = {'generator': 'scripts/make-goldens.py', 'numpy': np.__version__, 'scipy': __import__('scipy').__version__}

# Feature sets: correlated Gaussians, the fake ones shifted and rescaled.
cases = []
for name, d, n_real, n_fake in [('d16', 16, 400, 300), ('d64', 64, 600, 500)]:
    mix = rng.randn(d, d) / np.sqrt(d)
    real = f32(rng.randn(n_real, d) @ mix * 2.0 + 0.5)
    fake = f32((rng.randn(n_fake, d) * 1.2 + 0.3) @ (mix + 0.1 * rng.randn(d, d) / np.sqrt(d)) * 2.0 + 0.4)
    value, mu_real, sigma_real = fid(real, fake)
    case = dict(name=name, real=real.tolist(), fake=fake.tolist(), shapeReal=[n_real, d], shapeFake=[n_fake, d])
    case['fid'] = value
    case['fidSame'] = fid(real, real)[0]
    case['meanReal'] = mu_real.tolist()
    case['covarianceReal'] = sigma_real.ravel().tolist()
    # KID: equal-size sets for the full-set value, and torch-fidelity's subset loop with recorded subsets.
    m = min(n_real, n_fake)
    case['kidFull'] = polynomial_mmd(fake[:m], real[:m])
    subset_rng = np.random.RandomState(2020)
    subsets = []
    for _ in range(5):
        fi = subset_rng.choice(n_fake, 100, replace=False)
        ri = subset_rng.choice(n_real, 100, replace=False)
        subsets.append(dict(fake=fi.tolist(), real=ri.tolist(), mmd=polynomial_mmd(fake[fi], real[ri])))
    values = np.array([s['mmd'] for s in subsets])
    case['kidSubsets'] = subsets
    case['kidMean'] = float(np.mean(values))
    case['kidStd'] = float(np.std(values))
    case['kidDegree2Gamma05'] = polynomial_mmd(fake[:m], real[:m], degree=2, gamma=0.5, coef0=0.25)
    case['prdc3'] = prdc(real, fake, 3)
    case['prdc5'] = prdc(real, fake, 5)
    cases.append(case)
out['cases'] = cases

logits = f32(rng.randn(250, 10) * 2.5)
probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
probabilities = f32(probabilities / probabilities.sum(axis=1, keepdims=True))
mean, std = inception_score(probabilities, 10)
top = probabilities.argmax(axis=1)
counts = np.bincount(top, minlength=10)
hist = counts / len(top)
out['classes'] = dict(
    probabilities=probabilities.tolist(),
    classifierScoreMean=mean,
    classifierScoreStd=std,
    classCounts=counts.tolist(),
    classHistogram=hist.tolist(),
    classesCovered=int((hist >= 0.05).sum()),
    classEntropy=float(-(hist[hist > 0] * np.log(hist[hist > 0])).sum()),
    confidentShare=float((probabilities.max(axis=1) >= 0.9).mean()),
)

path = os.path.join(os.path.dirname(__file__), '..', 'src', 'golden', 'metrics.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('wrote', path, {c['name']: (c['fid'], c['kidFull'], c['prdc3'], c['prdc5']) for c in cases}, mean, std)
