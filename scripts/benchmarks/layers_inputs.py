#!/usr/bin/python3
"""Inputs for scripts/benchmarks/layers.sh: a 24-layer random Llama checkpoint and synthetic STS suites of growing size.

    /usr/bin/python3 scripts/benchmarks/layers_inputs.py OUT_DIR [SIZES...]

Writes OUT_DIR/deep24 (config.json, model.safetensors written by hand, the embed-tiny test tokenizer) and
OUT_DIR/suite-<n> (one STS task of n sentence pairs). numpy only; seeded, so every run gets the same inputs.
"""
import json
import os
import shutil
import struct
import sys

import numpy as np

out = sys.argv[1]
sizes = [int(s) for s in sys.argv[2:]] or [250, 1000, 4000]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tokenizer_dir = os.path.join(root, "tests", "fixtures", "models", "embed-tiny")

layers, hidden, heads, kv, inter, vocab = 24, 64, 4, 2, 128, 400
head_dim = hidden // heads
rng = np.random.default_rng(24)
tensors = {"model.embed_tokens.weight": (vocab, hidden), "model.norm.weight": (hidden,)}
for i in range(layers):
    p = f"model.layers.{i}."
    tensors.update({
        p + "self_attn.q_proj.weight": (heads * head_dim, hidden), p + "self_attn.k_proj.weight": (kv * head_dim, hidden),
        p + "self_attn.v_proj.weight": (kv * head_dim, hidden), p + "self_attn.o_proj.weight": (hidden, heads * head_dim),
        p + "mlp.gate_proj.weight": (inter, hidden), p + "mlp.up_proj.weight": (inter, hidden), p + "mlp.down_proj.weight": (hidden, inter),
        p + "input_layernorm.weight": (hidden,), p + "post_attention_layernorm.weight": (hidden,),
    })
header, blobs, offset = {}, [], 0
for name, shape in tensors.items():
    a = (np.ones(shape) if len(shape) == 1 else rng.normal(0, 0.05, size=shape)).astype("<f4")
    data = a.tobytes()
    header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - len(text) % 8) % 8)
model = os.path.join(out, "deep24")
os.makedirs(model, exist_ok=True)
with open(os.path.join(model, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
config = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": vocab, "hidden_size": hidden,
    "intermediate_size": inter, "num_hidden_layers": layers, "num_attention_heads": heads, "num_key_value_heads": kv,
    "head_dim": head_dim, "hidden_act": "silu", "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "max_position_embeddings": 512,
    "tie_word_embeddings": True, "attention_bias": False, "bos_token_id": 0, "eos_token_id": 1, "pad_token_id": 2,
    "torch_dtype": "float32",
}
with open(os.path.join(model, "config.json"), "w") as f:
    json.dump(config, f, indent=1)
for name in ("tokenizer.json", "tokenizer_config.json"):
    shutil.copy(os.path.join(tokenizer_dir, name), model)

words = ("planet orbit comet star telescope recipe oven flour spice butter market bond stock bank river "
         "compiler byte memory green dog cat runs quickly small of the with and a").split()
for n in sizes:
    suite = os.path.join(out, f"suite-{n}")
    os.makedirs(os.path.join(suite, "sts"), exist_ok=True)
    with open(os.path.join(suite, "sts", "task.json"), "w") as f:
        json.dump({"name": "SyntheticSTS", "type": "sts"}, f)
    with open(os.path.join(suite, "sts", "test.csv"), "w") as f:
        f.write("sentence1,sentence2,score\n")
        for _ in range(n):
            a = " ".join(rng.choice(words, size=rng.integers(4, 30)))
            b = " ".join(rng.choice(words, size=rng.integers(4, 30)))
            f.write(f"{a},{b},{rng.integers(0, 6)}.0\n")
    with open(os.path.join(suite, "suite.json"), "w") as f:
        json.dump({"name": f"synthetic-{n}", "tasks": ["sts"]}, f)
print(f"wrote {model} and suites {sizes}")
