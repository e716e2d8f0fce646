#!/usr/bin/python3
"""PyTorch peer of the `models` bench suite: the same decoder shape, inputs and passes as ModelsBench.cs, using the
reference decoder of tests/fixtures/models/make_decoder_fixtures.py (HF semantics) on Debian's python3-torch.
Prints `peer <mode> <pass> <tokens/s>` lines."""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "models"))
from make_decoder_fixtures import decoder_forward  # noqa: E402


def opt(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


layers, hidden, batch, seq, steps, threads = (opt("--layers", 4), opt("--hidden", 256), opt("--batch", 16),
                                              opt("--seq", 64), opt("--steps", 10), opt("--threads", 1))
torch.set_num_threads(threads)
cfg = {"model_type": "llama", "vocab_size": 1000, "hidden_size": hidden, "intermediate_size": hidden * 11 // 4,
       "num_hidden_layers": layers, "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": hidden // 8,
       "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "tie_word_embeddings": True}
g = torch.Generator().manual_seed(0)
H, KV, D, I = 8, 4, hidden // 8, hidden * 11 // 4
p = {"model.embed_tokens.weight": torch.randn(1000, hidden, generator=g) * 0.02, "model.norm.weight": torch.ones(hidden)}
for i in range(layers):
    pre = f"model.layers.{i}."
    for name, shape in [("self_attn.q_proj", (H * D, hidden)), ("self_attn.k_proj", (KV * D, hidden)),
                        ("self_attn.v_proj", (KV * D, hidden)), ("self_attn.o_proj", (hidden, H * D)),
                        ("mlp.gate_proj", (I, hidden)), ("mlp.up_proj", (I, hidden)), ("mlp.down_proj", (hidden, I))]:
        p[pre + name + ".weight"] = torch.randn(*shape, generator=g) * 0.02
    p[pre + "input_layernorm.weight"] = torch.ones(hidden)
    p[pre + "post_attention_layernorm.weight"] = torch.ones(hidden)
for v in p.values():
    v.requires_grad_(True)
ids = torch.randint(0, 1000, (batch, seq), generator=g)
mask = torch.ones(batch, seq, dtype=torch.long)


def measure(step):
    step()
    step()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    return 1 / times[len(times) // 2]


for mode in ["causal", "bidirectional"]:
    def fwd():
        with torch.no_grad():
            decoder_forward(cfg, p, ids, mask, mode == "causal")

    def fwd_bwd():
        hs, _ = decoder_forward(cfg, p, ids, mask, mode == "causal")
        hs[-1].square().mean().backward()
        for v in p.values():
            v.grad = None

    print(f"peer {mode} forward {measure(fwd) * batch * seq:.0f}")
    print(f"peer {mode} forward+backward {measure(fwd_bwd) * batch * seq:.0f}")
