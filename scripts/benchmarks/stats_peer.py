#!/usr/bin/python3
"""scipy.stats.bootstrap peer of the "stats" benchmark suite (run by scripts/benchmarks/stats.sh).

BCa paired bootstrap, 10,000 resamples, of Spearman's rho on 10,000 pairs and of a mean of 100,000 items, with
vectorised statistics and batches so memory stays bounded. Prints "result scipy <case> seconds=...".
Usage: /usr/bin/python3 scripts/benchmarks/stats_peer.py [resamples] [pairs] [items]
"""
import sys, time
import numpy as np
import scipy, scipy.stats as st

B = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
items = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rng = np.random.default_rng(1)
x = rng.normal(size=pairs); y = 0.5 * x + rng.normal(size=pairs)
d = 0.01 + rng.normal(size=items)


def spearman(u, v, axis=-1):
    ru = st.rankdata(u, axis=axis); rv = st.rankdata(v, axis=axis)
    ru = ru - ru.mean(axis=axis, keepdims=True); rv = rv - rv.mean(axis=axis, keepdims=True)
    return (ru * rv).sum(axis=axis) / np.sqrt((ru * ru).sum(axis=axis) * (rv * rv).sum(axis=axis))


def measure(name, fn):
    t = time.perf_counter(); r = fn(); s = time.perf_counter() - t
    ci = r.confidence_interval
    print(f"result scipy {name} seconds={s:.3f} bca=[{ci.low:.5f},{ci.high:.5f}] (scipy {scipy.__version__})", flush=True)


measure(f"spearman_bca n={pairs} B={B}", lambda: st.bootstrap((x, y), spearman, paired=True, vectorized=True, n_resamples=B,
                                                              batch=200, method="BCa", random_state=rng))
measure(f"mean_bca n={items} B={B}", lambda: st.bootstrap((d,), np.mean, vectorized=True, n_resamples=B, batch=100,
                                                          method="BCa", random_state=rng))
