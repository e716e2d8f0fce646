#!/usr/bin/python3
# PyTorch peer of the `engine` bench suite (bench/Ablation.Bench/Engine): the same Llama-style model, batch,
# optimizer and thread settings on Debian's python3-torch (same libtorch 1.13 as our binding). Prints the
# same `key value` lines. Run by scripts/benchmarks/engine.sh; alone:
#   /usr/bin/python3 scripts/benchmarks/engine_peer.py [--steps 8] [--warmup 2] [--dtype float32|bfloat16] [--threads N]
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--steps", type=int, default=8)
p.add_argument("--warmup", type=int, default=2)
p.add_argument("--dtype", default="float32")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--malloc", choices=["default", "tuned"], default="default",
               help="tuned: the glibc settings our binding applies (NativeAllocator.cs), for a like-for-like run")
args = p.parse_args()
if args.malloc == "tuned":
    import ctypes
    libc = ctypes.CDLL("libc.so.6")
    libc.mallopt(-3, 256 << 20)  # M_MMAP_THRESHOLD
    libc.mallopt(-1, 1 << 30)    # M_TRIM_THRESHOLD
torch.set_num_threads(args.threads)
dtype = torch.bfloat16 if args.dtype == "bfloat16" else torch.float32
name = lambda t: "bf16" if t == torch.bfloat16 else "f32"
print(f"threads torch intra-op threads {torch.get_num_threads()}")


def matmul(t):
    n, reps = 1024, 20
    a, b = torch.randn(n, n).to(t), torch.randn(n, n).to(t)
    for _ in range(3):
        a @ b
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    print(f"matmul_{name(t)}_gflops {2 * n ** 3 / statistics.median(times) / 1e9:.1f}")


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        h = x.float()
        return (h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


def rotate_half(x):
    a, b = x.chunk(2, -1)
    return torch.cat([-b, a], -1)


class Layer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.heads = heads
        self.input_layernorm = RMSNorm(hidden)
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(hidden, hidden, bias=False) for _ in range(4))
        self.post_attention_layernorm = RMSNorm(hidden)
        self.gate_proj = nn.Linear(hidden, ffn, bias=False)
        self.up_proj = nn.Linear(hidden, ffn, bias=False)
        self.down_proj = nn.Linear(ffn, hidden, bias=False)

    def forward(self, x, cos, sin):
        b, t, d = x.shape
        h = self.input_layernorm(x)
        q, k, v = (proj(h).view(b, t, self.heads, d // self.heads).transpose(1, 2) for proj in (self.q_proj, self.k_proj, self.v_proj))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        attn = F._scaled_dot_product_attention(q, k, v, None, 0.0, False, True)[0]
        x = x + self.o_proj(attn.transpose(1, 2).reshape(b, t, d))
        m = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(m)) * self.up_proj(m))


class Llama(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, ffn, max_length):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, hidden)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn) for _ in range(layers))
        self.norm = RMSNorm(hidden)
        self.lm_head = nn.Linear(hidden, vocab, bias=False)
        head_dim = hidden // heads
        inv_freq = 1.0 / (10000.0 ** (torch.arange(0, head_dim, 2).float() / head_dim))
        angles = torch.outer(torch.arange(max_length).float(), inv_freq)
        both = torch.cat([angles, angles], -1)
        self.register_buffer("cos", both.cos(), persistent=False)
        self.register_buffer("sin", both.sin(), persistent=False)

    def forward(self, ids):
        x = self.embed_tokens(ids)
        t = ids.shape[1]
        cos, sin = self.cos[:t].to(x.dtype), self.sin[:t].to(x.dtype)
        for layer in self.layers:
            x = layer(x, cos, sin)
        return self.lm_head(self.norm(x))


def training():
    batch, length, vocab = 16, 128, 4096
    torch.manual_seed(0)
    model = Llama(vocab, 256, 4, 4, 688, length).to(dtype)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    tokens = torch.randint(0, vocab, (batch, length + 1))
    inputs, targets = tokens[:, :-1], tokens[:, 1:].reshape(-1)
    times = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(inputs).view(-1, vocab).float(), targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        last = loss.item()
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"train_{name(dtype)}_step_ms {median * 1000:.1f}")
    print(f"train_{name(dtype)}_tokens_per_s {batch * length / median:.0f}")
    print(f"train_{name(dtype)}_last_loss {last:.4f}")
    print(f"train_params {sum(p.numel() for p in model.parameters())}")


matmul(torch.float32)
matmul(torch.bfloat16)
training()
