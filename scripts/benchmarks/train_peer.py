#!/usr/bin/python3
"""PyTorch peer of the `train` bench suite: the contrastive training step of bench/Ablation.Bench/TrainBench.cs
on the same libtorch (Debian python3-torch 1.13): the Llama decoder of base_peer.py without the LM head, encode
B queries and B positives + B hard negatives (random token rows, no padding), mean pooling, L2 normalisation,
InfoNCE (cosine / 0.05, label i over [positives; negatives]), backward, clipping at 1.0, AdamW with decay on
matrices only. Full fine-tuning.

Run with Debian's interpreter:  /usr/bin/python3 scripts/benchmarks/train_peer.py --recipe experiments/base/tiny.json
Prints one line per model and dtype: "peer <model> <dtype> steps/s <x> tokens/s <y> last_loss <z>".
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base_peer import Decoder, load_recipe  # noqa: E402  (same decoder as the base suite's peer)


def hidden(model, ids):
    t = ids.shape[1]
    x = model.embed_tokens(ids)
    cos, sin = model.cos[:t].to(x.dtype), model.sin[:t].to(x.dtype)
    for layer in model.layers:
        x = layer(x, cos, sin, model.mask[:t, :t])
    return model.norm(x)


def run(m, vocab, dtype, a):
    torch.manual_seed(0)
    seq = max(a.query_len, a.doc_len)
    model = Decoder(m, vocab, seq)
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2:
                p.normal_(0.0, m["initializer_range"])
    model = model.to(dtype)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": plain, "weight_decay": 0.0}], lr=1e-4)
    g = torch.Generator().manual_seed(0)
    loss = None

    def encode(rows, length):
        ids = torch.randint(0, vocab, (rows, length), generator=g)
        return F.normalize(hidden(model, ids).mean(1), dim=-1)

    def step():
        nonlocal loss
        q = encode(a.batch, a.query_len)
        d = encode(2 * a.batch, a.doc_len)
        scores = F.normalize(q.float(), dim=-1) @ F.normalize(d.float(), dim=-1).T / 0.05
        loss = F.cross_entropy(scores, torch.arange(a.batch))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    elapsed = time.perf_counter() - start
    tokens = a.batch * a.query_len + 2 * a.batch * a.doc_len
    return a.steps / elapsed, a.steps * tokens / elapsed, float(loss)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipe", default="experiments/base/tiny.json")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--query-len", type=int, default=16)
    p.add_argument("--doc-len", type=int, default=32)
    p.add_argument("--threads", type=int, default=1)  # our binding's default: torch intra-op 1, OpenBLAS all cores
    p.add_argument("--dtypes", default="float32,bfloat16")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    r = load_recipe(a.recipe)
    tiny = r["model"]
    wide = dict(tiny, hidden_size=256, num_attention_heads=4, num_key_value_heads=2, intermediate_size=704)
    for name, m in [("tiny-base", tiny), ("llama-4x256", wide)]:
        for dtype in a.dtypes.split(","):
            sps, tps, loss = run(m, r["tokenizer"]["vocab_size"], getattr(torch, dtype), a)
            print(f"peer {name} {dtype} steps/s {sps:.3f} tokens/s {tps:.0f} last_loss {loss:.4f}", flush=True)


if __name__ == "__main__":
    main()
