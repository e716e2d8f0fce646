#!/usr/bin/env bash
# Decoder throughput (tokens/s): our C# binding vs the PyTorch reference decoder on the same libtorch (Debian
# python3-torch), forward and forward+backward, causal and bidirectional. Prints both and the ratio ours/peer.
# Then encode throughput (texts/s) of the built-in tiny base per pooling head and attention mode (see below).
# Run through `scripts/bench models` (which builds first), or directly after a Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--layers 4 --hidden 256 --batch 16 --seq 64 --steps 10 --threads 1)
ours=$(dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll models "${args[@]}")
peer=$(/usr/bin/python3 scripts/benchmarks/models_peer.py "${args[@]}")
echo "decoder 4 layers, hidden 256, GQA 8/4 heads, batch 16 x 64 tokens, torch threads 1 (median of 10 steps)"
printf '%-15s %-18s %12s %12s %7s\n' attention pass "ours tok/s" "peer tok/s" ratio
while read -r _ mode pass value; do
  p=$(awk -v m="$mode" -v s="$pass" '$2==m && $3==s {print $4}' <<<"$peer")
  awk -v m="$mode" -v s="$pass" -v o="$value" -v p="$p" 'BEGIN{printf "%-15s %-18s %12.0f %12.0f %6.2fx\n", m, s, o, p, o/p}'
done <<<"$ours"

# Encode throughput (texts/s) of builtin:tiny-base per attention mode and pooling head (trainable heads freshly
# initialised from seed 0) on 2,000 texts of the built-in suite, batch 32, max length 64, one torch and one OpenBLAS
# thread on both sides, no grad. Our side writes the token batches its Encode forms; the peer runs the reference
# decoder and heads of tests/fixtures/models/make_decoder_fixtures.py on them, so the ratio compares model + head
# only (tokenization excluded); "ours Encode" is the end-to-end figure including our tokenizer.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repeats=${MODELS_BENCH_REPEATS:-1}
ours=$(OPENBLAS_NUM_THREADS=1 dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll models --encode --out "$work" \
  --texts 2000 --batch 32 --max-length 64 --repeats "$repeats" --threads 1)
peer=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/benchmarks/models_encode_peer.py "$work" --threads 1)
tuned=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/benchmarks/models_encode_peer.py "$work" --threads 1 --malloc tuned)
echo
echo "encode builtin:tiny-base, 2000 WordNet corpus texts, batch 32, max length 64, torch threads 1, no grad (median of $repeats pass(es))"
echo "ratios = ours model+head / peer model+head, both on the same pre-tokenized batches (tokenization excluded);"
echo "peer = PyTorch as users run it (glibc malloc defaults), peer+malloc = with the malloc settings our binding applies"
echo "(src/Torch/NativeAllocator.cs); ours Encode = EmbeddingModel.Encode end to end, tokenization included;"
echo "max|diff| = largest difference between our embeddings and the peer's"
printf '%-14s %-22s %11s %11s %11s %7s %11s %7s %9s\n' attention pooling "ours Encode" "ours model" "peer" ratio "peer+malloc" ratio "max|diff|"
while read -r _ mode head encode model; do
  read -r pm diff < <(awk -v m="$mode" -v h="$head" '$2==m && $3==h {print $4, $5}' <<<"$peer")
  tm=$(awk -v m="$mode" -v h="$head" '$2==m && $3==h {print $4}' <<<"$tuned")
  awk -v m="$mode" -v h="$head" -v e="$encode" -v o="$model" -v p="$pm" -v t="$tm" -v d="$diff" \
    'BEGIN{printf "%-14s %-22s %11.0f %11.0f %11.0f %6.2fx %11.0f %6.2fx %9s\n", m, h, e, o, p, o/p, t, o/t, d}'
done <<<"$ours"
