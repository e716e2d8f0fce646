#!/usr/bin/env python3
"""Writes a synthetic grid results folder in the layout of docs/results-layout.md (grid.json, cells/<id>/cell.json,
metrics.json, scores/<task>.csv, train-metrics.csv, DONE), for the report benchmark and for trying `ablation report`.

Task types cycle through retrieval, reranking, sts, classification, clustering and pair classification. Design d
(d = 0 is the baseline) shifts every per-item score by d * effect; each seed adds independent per-item noise.
Pure standard library, deterministic for a given --seed.

usage: make_synthetic_grid.py OUT [--designs 12] [--seeds 5] [--tasks 40] [--items 1000] [--effect 0.002] [--seed 0] [--missing 0]
"""
import argparse, json, math, os, random

TYPES = [("retrieval", "ndcg_at_10", "query", True), ("reranking", "map", "query", True), ("sts", "cosine_spearman", "pair", False),
         ("classification", "accuracy", "item", True), ("clustering", "v_measure", "item", False),
         ("pair_classification", "max_ap", "pair", False)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out"); p.add_argument("--designs", type=int, default=12); p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--tasks", type=int, default=40); p.add_argument("--items", type=int, default=1000)
    p.add_argument("--effect", type=float, default=0.002); p.add_argument("--seed", type=int, default=0)
    p.add_argument("--missing", type=int, default=0, help="leave this many cells without DONE")
    a = p.parse_args()
    rng = random.Random(a.seed)
    designs = ["baseline"] + [f"design-{d:02d}" for d in range(1, a.designs)]
    tasks = [(f"Task{t:03d}{TYPES[t % len(TYPES)][0].title().replace('_', '')}",) + TYPES[t % len(TYPES)] for t in range(a.tasks)]
    # Per task, the items' latent difficulty (shared by every cell: the same test items).
    latent = {t[0]: [rng.random() for _ in range(a.items)] for t in tasks}
    cells = []
    for d, design in enumerate(designs):
        for s in range(1, a.seeds + 1):
            cells.append({"id": f"c{d:02d}s{s}", "design": design, "seed": s})
    os.makedirs(os.path.join(a.out, "cells"), exist_ok=True)
    grid = {"format": 1, "name": os.path.basename(os.path.abspath(a.out)), "source": "synthetic", "baseline": "baseline",
            "designs": {d: {"pooling": d} for d in designs}, "cells": cells, "evaluation": {"suite": "synthetic"}}
    json.dump(grid, open(os.path.join(a.out, "grid.json"), "w"), indent=2)
    for index, cell in enumerate(cells):
        d = designs.index(cell["design"])
        folder = os.path.join(a.out, "cells", cell["id"])
        os.makedirs(os.path.join(folder, "scores"), exist_ok=True)
        json.dump({"format": 1, "id": cell["id"], "design": cell["design"], "seed": cell["seed"], "grid": grid["name"]},
                  open(os.path.join(folder, "cell.json"), "w"))
        crng = random.Random(a.seed * 1_000_003 + index)
        metrics = {}
        for name, typ, main, unit, decomposable in tasks:
            shift = d * a.effect
            rows = write_scores(os.path.join(folder, "scores", name + ".csv"), typ, main, latent[name], shift, crng)
            metrics[name] = {"type": typ, "split": "test", "main_score_name": main, "main_score": rows, "unit": unit,
                             "n_items": a.items, "dropped_items": 0, "scores_file": f"scores/{name}.csv",
                             "decomposable": [main] if decomposable else [], "evaluation_time": 0.0, "scores": {main: rows}}
        json.dump({"model": folder, "suite": "synthetic", "harness_version": "synthetic", "tasks": metrics},
                  open(os.path.join(folder, "metrics.json"), "w"), indent=1)
        with open(os.path.join(folder, "train-metrics.csv"), "w") as f:
            f.write("stage,step,loss,lr,grad_norm,tokens_per_s,seconds\n")
            for step in range(1, 101):
                loss = 2.0 * math.exp(-step / (30 + 3 * d)) + 0.3 + crng.gauss(0, 0.03)
                f.write(f"contrastive,{step},{loss:.5f},0.0005,1.0,1000,{step * 0.1:.1f}\n")
        if index >= len(cells) - a.missing:
            continue
        json.dump({"finished": "synthetic", "seconds": 0}, open(os.path.join(folder, "DONE"), "w"))


def write_scores(path, typ, main, latent, shift, rng):
    """Writes one scores file; returns the mean of the main column for decomposable tasks (else None)."""
    n = len(latent)
    with open(path, "w") as f:
        if typ in ("retrieval", "reranking"):
            f.write(f"id,{main}\n")
            vals = [min(1.0, max(0.0, x + shift + rng.gauss(0, 0.15))) for x in latent]
            f.writelines(f"i{i},{v!r}\n" for i, v in enumerate(vals))
            return sum(vals) / n
        if typ == "classification":
            f.write("id,label,accuracy\n")
            vals = [1 if rng.random() < min(1.0, max(0.0, 0.3 + 0.5 * x + shift)) else 0 for x in latent]
            f.writelines(f"i{i},c{i % 5},{v}\n" for i, v in enumerate(vals))
            return sum(vals) / n
        if typ == "sts":
            f.write("id,gold,cosine,manhattan,euclidean\n")
            for i, x in enumerate(latent):
                c = x * (1 + 20 * shift) + rng.gauss(0, 0.3)
                f.write(f"i{i},{x!r},{c!r},{-3 * c!r},{-c!r}\n")
            return None
        if typ == "clustering":
            f.write("id,label,cluster\n")
            for i, x in enumerate(latent):
                label = int(x * 8)
                cluster = label if rng.random() < 0.5 + 10 * shift else rng.randrange(8)
                f.write(f"i{i},l{label},{cluster}\n")
            return None
        f.write("id,label,cosine,dot,euclidean,manhattan,cosine_correct\n")
        for i, x in enumerate(latent):
            label = 1 if x > 0.5 else 0
            c = label * (0.5 + 10 * shift) + rng.gauss(0, 0.5)
            f.write(f"i{i},{label},{c!r},{c!r},{-c!r},{-2 * c!r},{int((c > 0.25) == label)}\n")
        return None


if __name__ == "__main__":
    main()
