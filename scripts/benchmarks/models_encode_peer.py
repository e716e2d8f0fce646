#!/usr/bin/python3
"""PyTorch peer of `Ablation.Bench models --encode` (bench/Ablation.Bench/EncodeBench.cs) on Debian's python3-torch.

Usage: models_encode_peer.py DIR [--threads 1] [--malloc tuned]

DIR is what the C# side wrote: bench.json (checkpoint folder, head sizes, runs), batches.bin (the token batches our
EmbeddingModel.Encode forms, already tokenized by our tokenizer) and per run the freshly initialised head weights
(pooling_head.safetensors) and our embeddings (embeddings.f32, input order). For each run this script encodes the same
batches with the reference decoder and heads of tests/fixtures/models/make_decoder_fixtures.py (HF Llama semantics,
Tang & Yang / NV-Embed heads, written independently of our C#) under torch.no_grad(), times model + head + copy out
(tokenization excluded; it is done once, by our side), and checks its embeddings against ours.
Prints `peer <attention> <pooling> <model+head texts/s> <max |ours - peer|>` lines."""
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "models"))
from make_decoder_fixtures import (cross_attention, decoder_hidden_states, geglu_ffn, last_index,  # noqa: E402
                                   masked_mean, perceiver)

DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=DTYPES[info["dtype"]]).reshape(info["shape"]).float()
    return out


def read_batches(path):
    with open(path, "rb") as f:
        data = f.read()
    pos, batches = 4, []
    for _ in range(struct.unpack_from("<i", data, 0)[0]):
        rows, cols = struct.unpack_from("<ii", data, pos)
        pos += 8
        index = np.frombuffer(data, "<i4", rows, pos)
        pos += 4 * rows
        ids = torch.from_numpy(np.frombuffer(data, "<i8", rows * cols, pos).reshape(rows, cols).copy())
        pos += 8 * rows * cols
        mask = torch.from_numpy(np.frombuffer(data, "<i8", rows * cols, pos).reshape(rows, cols).copy())
        pos += 8 * rows * cols
        batches.append((index, ids, mask))
    return batches


def pool(name, causal, hs, mask, hp, heads):
    """The heads as make_decoder_fixtures.py computes them, with the defaults PoolingHeads.Create picks per mode."""
    last = hs[-1]
    rows = torch.arange(last.shape[0])
    idx = last_index(mask)
    if name == "eos_last":
        return F.normalize(last[rows, idx], dim=-1)
    if name == "mean":
        return F.normalize(masked_mean(last, mask), dim=-1)
    if name == "last_layer_trainable":  # causal: the EOS state only; bidirectional: every real token
        return perceiver(hp, "", last[rows, idx][:, None], None, heads) if causal else perceiver(hp, "", last, mask, heads)
    if name == "multi_layer_trainable":  # causal: last token per layer; bidirectional: masked mean per layer
        per = [hs[l][rows, idx] if causal else masked_mean(hs[l], mask) for l in range(1, len(hs))]
        return perceiver(hp, "", torch.stack(per, dim=1) + hp["layer_embedding.weight"][None], None, heads)
    if name == "latent_attention":
        z = hp["latents"][None].expand(last.shape[0], -1, -1)
        t = cross_attention(hp, "", last, z, None, heads) + last
        t = geglu_ffn(hp, "", t) + t
        return F.normalize(masked_mean(t, mask), dim=-1)
    raise ValueError(name)


def main():
    folder = sys.argv[1]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    if "--malloc" in sys.argv and sys.argv[sys.argv.index("--malloc") + 1] == "tuned":
        # The glibc settings our binding applies when it loads (src/Torch/NativeAllocator.cs): like-for-like run.
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 256 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 30)    # M_TRIM_THRESHOLD
    torch.set_num_threads(threads)
    with open(os.path.join(folder, "bench.json")) as f:
        bench = json.load(f)
    with open(os.path.join(bench["checkpoint"], "config.json")) as f:
        cfg = json.load(f)
    cfg.setdefault("head_dim", cfg["hidden_size"] // cfg["num_attention_heads"])
    p = read_safetensors(os.path.join(bench["checkpoint"], "model.safetensors"))
    batches = read_batches(os.path.join(folder, "batches.bin"))
    n, repeats, heads = bench["texts"], bench["repeats"], bench["head"]["num_heads"]
    with torch.no_grad():  # one untimed full pass first, as the C# side does
        for _, ids, mask in batches:
            pool("eos_last", True, decoder_hidden_states(cfg, p, ids, mask, True), mask, {}, heads)
    for run in bench["runs"]:
        name, causal = run["pooling"], run["attention"] == "causal"
        head_file = os.path.join(folder, run["dir"], "pooling_head.safetensors")
        hp = read_safetensors(head_file) if os.path.exists(head_file) else {}
        out = np.zeros((n, cfg["hidden_size"]), dtype=np.float32)

        def encode(batches):
            with torch.no_grad():
                for index, ids, mask in batches:
                    out[index] = pool(name, causal, decoder_hidden_states(cfg, p, ids, mask, causal), mask, hp, heads).numpy()

        encode(batches[:2])  # warm-up, as the C# side
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            encode(batches)
            times.append(time.perf_counter() - t)
        times.sort()
        ours = np.fromfile(os.path.join(folder, run["dir"], "embeddings.f32"), dtype="<f4").reshape(n, -1)
        print(f"peer {run['attention']} {name} {n / times[len(times) // 2]:.1f} {np.abs(ours - out).max():.1e}")


if __name__ == "__main__":
    main()
