#!/usr/bin/python3
"""PyTorch peer of the `train` bench suite: the training steps of bench/Ablation.Bench/TrainBench.cs on the same
libtorch (Debian python3-torch 1.13), with the Llama decoder of base_peer.py (tied LM head), random token rows (no
padding), random init, full fine-tuning:

- contrastive: encode B queries and B positives + B hard negatives, mean pooling, L2 normalisation, InfoNCE (cosine /
  0.05, label i over [positives; negatives]);
- reconstruction: encode B queries and B documents, EOS-last pooling (the last state, not normalised); EBQ2D feeds e_Q
  as one soft input embedding in front of the document's token embeddings and the LM head reconstructs the document
  (shifted cross-entropy, the soft position ignored); EBD2Q the same from e_D to the query; loss 0.8·L_D2Q + 0.2·L_Q2D;

then backward, clipping at 1.0 and AdamW with decay on matrices only.

Run with Debian's interpreter:  /usr/bin/python3 scripts/benchmarks/train_peer.py --recipe experiments/base/tiny.json
Prints "peer <stage> <model> <dtype> steps/s <x> tokens/s <y> last_loss <z> cpu_s/step <c>" per run (c: CPU seconds of
the whole process, every thread, per timed step) and "peer peak_rss_mb <m>".
--malloc tuned applies the glibc settings our binding applies when it loads (src/Torch/NativeAllocator.cs).
"""
import argparse
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base_peer import Decoder, load_recipe  # noqa: E402  (same decoder as the base suite's peer)


def hidden(model, x):
    """Final-norm states of input embeddings x [B, T, H] under causal attention."""
    t = x.shape[1]
    cos, sin = model.cos[:t].to(x.dtype), model.sin[:t].to(x.dtype)
    for layer in model.layers:
        x = layer(x, cos, sin, model.mask[:t, :t])
    return model.norm(x)


def run(stage, m, vocab, dtype, a):
    torch.manual_seed(0)
    model = Decoder(m, vocab, max(a.query_len, a.doc_len) + 1)
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

    def ids(rows, length):
        return torch.randint(0, vocab, (rows, length), generator=g)

    def contrastive():
        q = F.normalize(hidden(model, model.embed_tokens(ids(a.batch, a.query_len))).mean(1), dim=-1)
        d = F.normalize(hidden(model, model.embed_tokens(ids(2 * a.batch, a.doc_len))).mean(1), dim=-1)
        scores = F.normalize(q.float(), dim=-1) @ F.normalize(d.float(), dim=-1).T / 0.05
        return F.cross_entropy(scores, torch.arange(a.batch))

    def decode(e, target):
        x = torch.cat([e.unsqueeze(1), model.embed_tokens(target)], 1)
        logits = F.linear(hidden(model, x), model.embed_tokens.weight)  # tied LM head
        labels = torch.cat([torch.full((target.shape[0], 1), -100), target], 1)
        return F.cross_entropy(logits[:, :-1].reshape(-1, vocab).float(), labels[:, 1:].reshape(-1), ignore_index=-100)

    def reconstruction():
        q, d = ids(a.batch, a.query_len), ids(a.batch, a.doc_len)
        e_q = hidden(model, model.embed_tokens(q))[:, -1]
        e_d = hidden(model, model.embed_tokens(d))[:, -1]
        return 0.8 * decode(e_d, q) + 0.2 * decode(e_q, d)

    objective = {"contrastive": contrastive, "reconstruction": reconstruction}[stage]

    def step():
        nonlocal loss
        loss = objective()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(a.warmup):
        step()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        step()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if stage == "contrastive":
        tokens = a.batch * a.query_len + 2 * a.batch * a.doc_len
    else:
        tokens = 2 * a.batch * (a.query_len + a.doc_len + 1)
    return a.steps / elapsed, a.steps * tokens / elapsed, cpu / a.steps, float(loss)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipe", default="experiments/base/tiny.json")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--query-len", type=int, default=16)
    p.add_argument("--doc-len", type=int, default=32)
    p.add_argument("--threads", type=int, default=1)  # our binding's default: torch intra-op 1, OpenBLAS all cores
    p.add_argument("--stages", default="contrastive,reconstruction")
    p.add_argument("--models", default="tiny-base,llama-4x256")
    p.add_argument("--dtypes", default="float32,bfloat16")
    p.add_argument("--malloc", choices=["default", "tuned"], default="default")
    a = p.parse_args()
    if a.malloc == "tuned":
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 256 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 30)    # M_TRIM_THRESHOLD
    torch.set_num_threads(a.threads)
    r = load_recipe(a.recipe)
    tiny = r["model"]
    shapes = {"tiny-base": tiny,
              "llama-4x256": dict(tiny, hidden_size=256, num_attention_heads=4, num_key_value_heads=2, intermediate_size=704)}
    for stage in a.stages.split(","):
        for name in a.models.split(","):
            for dtype in a.dtypes.split(","):
                sps, tps, cpu, loss = run(stage, shapes[name], r["tokenizer"]["vocab_size"], getattr(torch, dtype), a)
                print(f"peer {stage} {name} {dtype} steps/s {sps:.3f} tokens/s {tps:.0f} last_loss {loss:.4f} cpu_s/step {cpu:.4f}",
                      flush=True)
    print(f"peer peak_rss_mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
