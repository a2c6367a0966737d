"""Writes fixtures/label-goldens.json: fixed label/probability sets and what confident learning
(scripts/confident_learning.py, cleanlab 2.x's algorithm written out in numpy) finds in them.
Run once from packages/data-clean: /usr/bin/python3 scripts/make-label-goldens.py
Probabilities are rounded to float32 so that a Tensor2D holds exactly the same numbers."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from confident_learning import find_label_issues  # noqa: E402

FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning", "predicted_neq_given"]
CAMEL = {"prune_by_noise_rate": "pruneByNoiseRate", "prune_by_class": "pruneByClass", "both": "both",
         "confident_learning": "confidentLearning", "predicted_neq_given": "predictedNeqGiven",
         "self_confidence": "selfConfidence", "normalized_margin": "normalizedMargin"}


def float32_rows(p):
    p = p.astype(np.float32)
    return p.astype(np.float64)


def synthetic(rng, n, k, noise, signal, missing=None, tiny_class=None):
    true = rng.integers(0, k if missing is None else k - 1, n)
    if tiny_class is not None:
        true[true == tiny_class] = (tiny_class + 1) % k
        true[0] = tiny_class
    given = true.copy()
    flip = rng.random(n) < noise
    given[flip] = (given[flip] + rng.integers(1, k, flip.sum())) % k
    if missing is not None:
        given[given == missing] = 0
    if tiny_class is not None:
        given[given == tiny_class] = (tiny_class + 2) % k
        given[0] = tiny_class
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), true] += signal * rng.random(n) * 2
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return given, float32_rows(p)


def case(name, labels, probs):
    runs = []
    for f in FILTERS:
        runs.append({"filterBy": CAMEL[f], "rankBy": "selfConfidence", "fracNoise": 1.0, "minExamplesPerClass": 1,
                     "result": find_label_issues(labels, probs, filter_by=f)})
    runs.append({"filterBy": "pruneByNoiseRate", "rankBy": "normalizedMargin", "fracNoise": 1.0, "minExamplesPerClass": 1,
                 "result": find_label_issues(labels, probs, rank_by="normalized_margin")})
    runs.append({"filterBy": "both", "rankBy": "normalizedMargin", "fracNoise": 0.5, "minExamplesPerClass": 3,
                 "result": find_label_issues(labels, probs, filter_by="both", rank_by="normalized_margin",
                                             frac_noise=0.5, min_examples_per_class=3)})
    scores = {}
    for run in runs:
        scores[run["rankBy"]] = run["result"].pop("qualityScores")
    # float32 values written in their shortest form (read back with Math.fround / a float32 tensor).
    rows = [[float(str(np.float32(v))) for v in row] for row in probs]
    return {"name": name, "labels": [int(x) for x in labels], "probabilities": rows, "qualityScores": scores, "runs": runs}


rng = np.random.default_rng(20211)
hand_labels = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 0])
hand_probs = float32_rows(np.array([
    [0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.1, 0.8, 0.1],
    [0.2, 0.7, 0.1], [0.1, 0.6, 0.3], [0.6, 0.3, 0.1],
    [0.1, 0.1, 0.8], [0.2, 0.2, 0.6], [0.05, 0.05, 0.9], [0.3, 0.3, 0.4],
]))
cases = [case("hand 10x3", hand_labels, hand_probs)]
for name, args in [
    ("binary 60", dict(n=60, k=2, noise=0.15, signal=2.0)),
    ("3 classes 90", dict(n=90, k=3, noise=0.1, signal=2.5)),
    ("5 classes 300", dict(n=300, k=5, noise=0.2, signal=2.0)),
    ("10 classes 1000", dict(n=1000, k=10, noise=0.05, signal=3.0)),
    ("4 classes, class 3 never given", dict(n=120, k=4, noise=0.1, signal=2.0, missing=3)),
    ("6 classes, class 2 given once", dict(n=150, k=6, noise=0.1, signal=2.0, tiny_class=2)),
]:
    labels, probs = synthetic(rng, **args)
    cases.append(case(name, labels, probs))

out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "label-goldens.json")
with open(out, "w") as f:
    json.dump({"source": "scripts/make-label-goldens.py (cleanlab 2.x's algorithm in numpy, scripts/confident_learning.py)",
               "cases": cases}, f, separators=(",", ":"))
print(out, os.path.getsize(out), "bytes;", sum(len(c["runs"]) for c in cases), "runs;",
      [(c["name"], len(c["runs"][0]["result"]["issues"])) for c in cases])
