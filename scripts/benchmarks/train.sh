#!/usr/bin/env bash
# Contrastive training throughput: steps/s and tokens/s of one full-fine-tuning contrastive step (encode queries,
# positives and hard negatives, mean pooling, InfoNCE, backward, clipping, AdamW) for the tiny base's shape and a
# 4-layer hidden-256 Llama, float32 and bfloat16: our C# binding (bench/Ablation.Bench/TrainBench.cs) vs the same
# step in PyTorch on the same libtorch (train_peer.py), the ratio ours/peer, and our peak RSS.
# Both use torch intra-op threads 1 and OpenBLAS on every core (the binding's default). The reconstruction step
# is not measured here.
# Run through `scripts/bench train` (which builds first), or directly after a Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--recipe experiments/base/tiny.json --steps "${TRAIN_BENCH_STEPS:-10}" --warmup 2 --batch 32 --query-len 16 --doc-len 32)
rss=$(mktemp)
trap 'rm -f "$rss"' EXIT
ours=$(/usr/bin/time -f %M -o "$rss" dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll train "${args[@]}")
peer=$(/usr/bin/python3 scripts/benchmarks/train_peer.py "${args[@]}" --threads 1)
echo "contrastive step, batch 32 queries (16 tokens) + 64 documents (32 tokens), ${TRAIN_BENCH_STEPS:-10} timed steps after 2 warm-up steps"
printf '%-12s %-10s %12s %12s %12s %12s %7s\n' model dtype "ours step/s" "peer step/s" "ours tok/s" "peer tok/s" ratio
while read -r _ model dtype _ osps _ otps _; do
  read -r psps ptps < <(awk -v m="$model" -v d="$dtype" '$2==m && $3==d {print $5, $7}' <<<"$peer")
  awk -v m="$model" -v d="$dtype" -v a="$osps" -v b="$psps" -v c="$otps" -v e="$ptps" \
    'BEGIN{printf "%-12s %-10s %12.3f %12.3f %12.0f %12.0f %6.2fx\n", m, d, a, b, c, e, a/b}'
done <<<"$ours"
echo "peak RSS (ours, whole bench process): $(awk '{printf "%.0f MB", $1/1024}' "$rss")"
