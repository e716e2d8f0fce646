#!/usr/bin/python3
"""Peers for `Ablation.Bench eval`.
  eval_peer.py QUERIES DOCS DIM K        exact top-k by chunked matmul + torch.topk, merged across chunks
                                         (the way MTEB's search wrapper does it)
  eval_peer.py --probe CLASSES PER DIM   sklearn LogisticRegression(max_iter=100) fit, MTEB's probe"""
import os, resource, sys, time

if sys.argv[1] == "--probe":
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    classes, per, dim = (int(a) for a in sys.argv[2:5])
    rng = np.random.default_rng(7)
    centres = rng.uniform(-1, 1, size=(classes, dim))
    y = np.arange(classes * per) % classes
    x = 0.3 * centres[y] + rng.uniform(-1, 1, size=(len(y), dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    t = time.perf_counter()
    clf = LogisticRegression(max_iter=100).fit(x, y)
    print(f"sklearn probe fit classes={classes} n={len(y)} dim={dim}: {time.perf_counter() - t:.2f} s ({int(clf.n_iter_.max())} L-BFGS iterations)")
    sys.exit(0)

import torch

queries, docs, dim, k = (int(a) for a in sys.argv[1:5])
torch.manual_seed(7)
torch.set_num_threads(os.cpu_count() or 1)  # same thread count as ours (Parallel.For over cores)
q = torch.nn.functional.normalize(torch.randn(queries, dim), dim=1)
c = torch.nn.functional.normalize(torch.randn(docs, dim), dim=1)
chunk = 50_000

def search(q):
    best_s = torch.full((q.shape[0], 0), float("-inf")); best_i = torch.zeros((q.shape[0], 0), dtype=torch.long)
    for start in range(0, c.shape[0], chunk):
        s = q @ c[start:start + chunk].T
        top_s, top_i = torch.topk(s, min(k, s.shape[1]), dim=1)
        best_s = torch.cat([best_s, top_s], 1); best_i = torch.cat([best_i, top_i + start], 1)
        best_s, order = torch.topk(best_s, min(k, best_s.shape[1]), dim=1)
        best_i = torch.gather(best_i, 1, order)
    return best_s, best_i

search(q[:8])
t = time.perf_counter()
s, i = search(q)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"torch topk queries={queries} docs={docs} dim={dim} k={k} threads={torch.get_num_threads()}: {seconds:.3f} s, {queries / seconds:.1f} queries/s, peak RSS {peak:.0f} MiB")
