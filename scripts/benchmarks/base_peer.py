#!/usr/bin/python3
"""PyTorch peer of the `base` bench suite: the same Llama-architecture decoder (RMSNorm, rotary embeddings,
grouped-query attention, SwiGLU MLP, tied embeddings) and the same training step as
src/Harness/Pretraining (forward, cross-entropy, backward, global-norm clipping, AdamW, warmup+cosine rate),
on the same libtorch as our binding (Debian python3-torch 1.13). Written from the architecture's definition,
not copied from transformers.

Run with Debian's interpreter:  /usr/bin/python3 scripts/benchmarks/base_peer.py --recipe experiments/base/tiny.json
Prints one line per dtype: "peer <dtype> steps/s <x> tokens/s <y>".
"""
import argparse
import json
import math
import re
import time

import torch
import torch.nn.functional as F


def load_recipe(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)  # the recipe allows // comments
    return json.loads(text)


class RmsNorm(torch.nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(variance + self.eps)).to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Layer(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        h, self.heads, self.kv = m["hidden_size"], m["num_attention_heads"], m["num_key_value_heads"]
        self.hd = h // self.heads
        self.q_proj = torch.nn.Linear(h, self.heads * self.hd, bias=False)
        self.k_proj = torch.nn.Linear(h, self.kv * self.hd, bias=False)
        self.v_proj = torch.nn.Linear(h, self.kv * self.hd, bias=False)
        self.o_proj = torch.nn.Linear(self.heads * self.hd, h, bias=False)
        self.gate_proj = torch.nn.Linear(h, m["intermediate_size"], bias=False)
        self.up_proj = torch.nn.Linear(h, m["intermediate_size"], bias=False)
        self.down_proj = torch.nn.Linear(m["intermediate_size"], h, bias=False)
        self.input_layernorm = RmsNorm(h, m["rms_norm_eps"])
        self.post_attention_layernorm = RmsNorm(h, m["rms_norm_eps"])

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        a = self.input_layernorm(x)
        q = self.q_proj(a).view(b, t, self.heads, self.hd).transpose(1, 2)
        k = self.k_proj(a).view(b, t, self.kv, self.hd).transpose(1, 2)
        v = self.v_proj(a).view(b, t, self.kv, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv
        k = k.repeat_interleave(groups, dim=1)
        v = v.repeat_interleave(groups, dim=1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.hd)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        attn = torch.softmax(scores.float(), dim=-1).to(q.dtype) @ v
        x = x + self.o_proj(attn.transpose(1, 2).reshape(b, t, -1))
        m = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(m)) * self.up_proj(m))


class Decoder(torch.nn.Module):
    def __init__(self, m, vocab, seq):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(vocab, m["hidden_size"])
        self.layers = torch.nn.ModuleList(Layer(m) for _ in range(m["num_hidden_layers"]))
        self.norm = RmsNorm(m["hidden_size"], m["rms_norm_eps"])
        hd = m["hidden_size"] // m["num_attention_heads"]
        inv = 1.0 / (m["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
        ang = torch.arange(seq, dtype=torch.float64)[:, None] * inv[None, :]
        ang = torch.cat((ang, ang), dim=-1)
        self.register_buffer("cos", ang.cos().float(), persistent=False)
        self.register_buffer("sin", ang.sin().float(), persistent=False)
        self.register_buffer("mask", torch.ones(seq, seq, dtype=torch.bool).tril(), persistent=False)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.embed_tokens(ids)
        cos, sin = self.cos[:t].to(x.dtype), self.sin[:t].to(x.dtype)
        for layer in self.layers:
            x = layer(x, cos, sin, self.mask[:t, :t])
        return F.linear(self.norm(x), self.embed_tokens.weight)  # tied embeddings


def lr_at(step, r):
    t = r["training"]
    peak, warm, total = t["learning_rate"], t["warmup_steps"], t["steps"]
    if step < warm:
        return peak * step / max(1, warm)
    f = 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / max(1, total - warm))))
    return peak * (f * (1 - t["min_lr_ratio"]) + t["min_lr_ratio"])


def run(r, dtype, steps, warmup):
    t, m = r["training"], r["model"]
    vocab, seq, batch = r["tokenizer"]["vocab_size"], t["seq_length"], t["batch_size"]
    torch.manual_seed(t["seed"])
    model = Decoder(m, vocab, seq)
    with torch.no_grad():  # the harness's initialisation: N(0, initializer_range) matrices, unit norm weights
        for n, p in model.named_parameters():
            if p.dim() >= 2:
                p.normal_(0.0, m["initializer_range"])
    model = model.to(dtype)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    plain = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": t["weight_decay"]}, {"params": plain, "weight_decay": 0.0}],
                            lr=t["learning_rate"], betas=(t["adam_beta1"], t["adam_beta2"]), eps=t["adam_epsilon"])
    g = torch.Generator().manual_seed(0)
    data = torch.randint(0, vocab, (warmup + steps, batch, seq + 1), generator=g)
    loss = None

    def step(i):
        nonlocal loss
        for group in opt.param_groups:
            group["lr"] = lr_at(i, r)
        rows = data[i]
        logits = model(rows[:, :-1])
        loss = F.cross_entropy(logits.float().reshape(-1, vocab), rows[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if t["max_grad_norm"] is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), t["max_grad_norm"])
        opt.step()

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(warmup, warmup + steps):
        step(i)
    elapsed = time.perf_counter() - start
    return steps / elapsed, steps * batch * seq / elapsed, float(loss)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipe", default="experiments/base/tiny.json")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)  # our binding's default: torch intra-op 1, OpenBLAS all cores
    p.add_argument("--dtypes", default="float32,bfloat16")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    r = load_recipe(a.recipe)
    for name in a.dtypes.split(","):
        sps, tps, loss = run(r, getattr(torch, name), a.steps, a.warmup)
        print(f"peer {name} steps/s {sps:.3f} tokens/s {tps:.0f} last_loss {loss:.4f}", flush=True)


if __name__ == "__main__":
    main()
