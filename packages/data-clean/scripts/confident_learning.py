"""Confident learning (Northcutt, Jiang and Chuang, JAIR 2021) written out in numpy.

The reference for `findLabelIssues`' goldens. The `cleanlab` Python package cannot be installed
here (only the npm registry and Debian apt are reachable), so this module writes out the
algorithm of cleanlab 2.x (`cleanlab.filter.find_label_issues`, `cleanlab.count`,
`cleanlab.rank`, `cleanlab.dataset`) as the paper and cleanlab's documentation describe it:

- per-class thresholds t_k = mean of p(k | x) over the examples labelled k (at least 2e-6);
- the confident joint C[i][j]: examples labelled i whose p(j | x) >= t_j - 1e-6 (the argmax
  among several such classes), the diagonal at least 1, then calibrated so that row i sums to
  the count of label i and the whole to n, rounded per row preserving the row total;
- prune_by_noise_rate: for every given label k and other class j, the C[k][j] examples labelled
  k with the largest margin p(j | x) - p(k | x); prune_by_class: the n_k - C[k][k] examples
  labelled k with the smallest p(k | x); both: the intersection; confident_learning: the
  off-diagonal examples of the confident joint. Examples whose argmax is their given label
  (given label favoured by 1e-6) are never issues;
- ranking by self-confidence p(label | x) or normalized margin (p(label) - max other + 1) / 2;
- joint = calibrated C / n, noise matrix P(given i | true j) = C[i][j] / sum_i C[i][j] (noise
  rates clipped to [0, 0.9999], columns renormalised), per-class label quality
  1 - p(true != k | given k), and overall label health 1 - (number of label issues) / n with the
  number counted as cleanlab's `num_label_issues` (off-diagonal examples of the uncalibrated
  confident joint that are not argmax-correct).

Ties: every sort here is stable (numpy's default quicksort is stable for the short arrays of
round_preserving_sum and may differ from this on long arrays with exactly tied scores).
"""
import numpy as np

FLOATING_POINT_COMPARISON = 1e-6
CONFIDENT_THRESHOLDS_LOWER_BOUND = 2e-6
TINY_VALUE = 1e-100
EPSILON = 1e-6


def round_preserving_sum(floats):
    floats = np.asarray(floats, dtype=float)
    ints = np.round(floats)  # half to even, as numpy
    orig_sum = np.round(np.sum(floats))
    int_sum = np.round(np.sum(ints))
    while abs(int_sum - orig_sum) > FLOATING_POINT_COMPARISON:
        diff = np.round(orig_sum - int_sum)
        increment = -1 if diff < 0 else 1
        changes = min(int(abs(diff)), len(floats))
        order = np.argsort(floats - ints, kind="stable")
        indices = (order[::-1] if increment == 1 else order)[:changes]
        for i in indices:
            ints[i] += increment
        int_sum = np.round(np.sum(ints))
    return ints.astype(int)


def round_preserving_row_totals(matrix):
    return np.array([round_preserving_sum(row) for row in matrix], dtype=int)


def label_counts(labels, k):
    return np.bincount(labels, minlength=k)


def confident_thresholds(labels, probs):
    k = probs.shape[1]
    present = set(np.unique(labels).tolist())
    t = np.array([probs[labels == c, c].mean() if c in present else 2.0 for c in range(k)])
    return np.maximum(t, CONFIDENT_THRESHOLDS_LOWER_BOUND)


def calibrate_confident_joint(cj, labels):
    k = len(cj)
    counts = label_counts(labels, k)
    calibrated = (cj.T / np.clip(cj.sum(axis=1), TINY_VALUE, None) * counts).T
    calibrated = calibrated / np.clip(calibrated.sum(), TINY_VALUE, None) * counts.sum()
    return round_preserving_row_totals(calibrated)


def compute_confident_joint(labels, probs, calibrate=True):
    n, k = probs.shape
    thresholds = confident_thresholds(labels, probs)
    confident = probs >= thresholds - 1e-6
    bins = confident.sum(axis=1)
    guess = np.where(bins > 1, probs.argmax(axis=1), confident.argmax(axis=1))
    rows = np.nonzero(bins > 0)[0]
    cj = np.zeros((k, k), dtype=int)
    for i in rows:
        cj[labels[i], guess[i]] += 1
    np.fill_diagonal(cj, np.maximum(cj.diagonal(), 1))
    off = rows[guess[rows] != labels[rows]]
    if calibrate:
        cj = calibrate_confident_joint(cj, labels)
    return cj, off, thresholds


def reduce_issues(probs, labels):
    p = probs.copy()
    p[np.arange(len(labels)), labels] += FLOATING_POINT_COMPARISON
    return p.argmax(axis=1) == labels


def reduce_prune_counts(m, frac_noise):
    new = m * frac_noise
    np.fill_diagonal(new, m.diagonal())
    np.fill_diagonal(new, m.diagonal() + np.sum(m - new, axis=0))
    return new.astype(int)


def keep_at_least_n_per_class(m, n, frac_noise):
    diagonal = np.diagonal(m).astype(float)
    new_diagonal = np.maximum(diagonal, n)
    diff = new_diagonal - diagonal
    per_col = np.maximum(np.count_nonzero(m, axis=0) - 1.0, 1.0)
    new = m - diff / per_col
    new[new < 0] = 0
    np.fill_diagonal(new, new_diagonal)
    new = reduce_prune_counts(new, frac_noise)
    return round_preserving_row_totals(new)


def self_confidence(labels, probs):
    return probs[np.arange(len(labels)), labels]


def normalized_margin(labels, probs):
    sc = self_confidence(labels, probs)
    other = probs.copy()
    other[np.arange(len(labels)), labels] = -np.inf
    return (sc - other.max(axis=1) + 1) / 2


def find_label_issues(labels, probs, filter_by="prune_by_noise_rate", rank_by="self_confidence",
                      min_examples_per_class=1, frac_noise=1.0):
    labels = np.asarray(labels)
    n, k = probs.shape
    counts = label_counts(labels, k)
    cj, off, thresholds = compute_confident_joint(labels, probs)
    mask = np.zeros(n, dtype=bool)
    if filter_by in ("prune_by_noise_rate", "prune_by_class", "both"):
        prune = keep_at_least_n_per_class(cj.T, min_examples_per_class, frac_noise)
        by_class = np.zeros(n, dtype=bool)
        by_count = np.zeros(n, dtype=bool)
        for c in range(k):
            idx = np.nonzero(labels == c)[0]
            if len(idx) <= min_examples_per_class:
                continue
            p = probs[idx]
            num_issues = len(idx) - prune[c, c]
            if num_issues >= 1:
                order = np.argsort(p[:, c], kind="stable")
                by_class[idx[order[:num_issues]]] = True
            for j in range(k):
                num = prune[j, c]
                if j != c and num > 0:
                    margin = p[:, j] - p[:, c]
                    order = np.argsort(-margin, kind="stable")
                    by_count[idx[order[:num]]] = True
        mask = {"prune_by_class": by_class, "prune_by_noise_rate": by_count, "both": by_class & by_count}[filter_by]
    elif filter_by == "confident_learning":
        mask[off] = True
    elif filter_by == "predicted_neq_given":
        mask = probs.argmax(axis=1) != labels
    mask = mask & ~reduce_issues(probs, labels)
    scores = self_confidence(labels, probs) if rank_by == "self_confidence" else normalized_margin(labels, probs)
    issues = np.nonzero(mask)[0]
    ranked = issues[np.argsort(scores[issues], kind="stable")]

    # Summaries (cleanlab.count.estimate_latent / estimate_joint, cleanlab.dataset).
    joint = cj / np.clip(float(cj.sum()), TINY_VALUE, None)
    true_counts = cj.sum(axis=0).astype(float)
    given_counts = cj.sum(axis=1).astype(float)
    noise = clip_noise_rates(cj / np.clip(true_counts, TINY_VALUE, None))
    inverse = clip_noise_rates(cj.T / np.clip(given_counts, TINY_VALUE, None))
    given_noise = joint.sum(axis=1) - joint.diagonal()
    true_noise = joint.sum(axis=0) - joint.diagonal()
    label_noise = given_noise / np.clip(joint.sum(axis=1), EPSILON, None)
    inverse_label_noise = true_noise / np.clip(joint.sum(axis=0), EPSILON, None)
    _, off_uncalibrated, _ = compute_confident_joint(labels, probs, calibrate=False)
    counted = np.zeros(n, dtype=bool)
    counted[off_uncalibrated] = True
    counted &= ~reduce_issues(probs, labels)
    num_label_issues = int(counted.sum())
    return {
        "issues": ranked.tolist(),
        "qualityScores": scores.tolist(),
        "thresholds": thresholds.tolist(),
        "confidentJoint": cj.tolist(),
        "joint": joint.tolist(),
        "noiseMatrix": noise.tolist(),
        "inverseNoiseMatrix": inverse.tolist(),
        "classes": {
            "labelIssues": np.round(given_noise * n).astype(int).tolist(),
            "inverseLabelIssues": np.round(true_noise * n).astype(int).tolist(),
            "labelNoise": label_noise.tolist(),
            "inverseLabelNoise": inverse_label_noise.tolist(),
            "labelQuality": (1 - label_noise).tolist(),
        },
        "numLabelIssues": num_label_issues,
        "health": 1 - num_label_issues / n,
        "jointTrace": float(np.trace(joint)),
        "counts": counts.tolist(),
    }


def clip_noise_rates(m):
    diagonal = np.diagonal(m).copy()
    m = np.clip(m, 0, 0.9999)
    np.fill_diagonal(m, diagonal)
    return m / np.clip(m.sum(axis=0), TINY_VALUE, None)
