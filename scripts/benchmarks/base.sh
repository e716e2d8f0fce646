#!/usr/bin/env bash
# Pretraining throughput of the tiny base model's recipe (experiments/base/tiny.json): steps/s and tokens/s of the
# full training step (forward with logits, cross-entropy, backward, clipping, AdamW) in float32 and bfloat16, our C#
# binding vs the same model and step in PyTorch on the same libtorch (Debian python3-torch), and the ratio ours/peer.
# Both use torch intra-op threads 1 and OpenBLAS on every core (the binding's default). Then, unless --no-pretrain,
# the wall time of a full `ablation base pretrain` of the recipe into a temporary folder (tokenizer + training +
# evaluation), which must stay under 5 minutes on 2 cores.
# Run through `scripts/bench base` (which builds first), or directly after a Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
recipe=experiments/base/tiny.json
args=(--recipe "$recipe" --steps "${BASE_BENCH_STEPS:-20}" --warmup 3 --dtypes float32,bfloat16)
ours=$(dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll base "${args[@]}")
peer=$(/usr/bin/python3 scripts/benchmarks/base_peer.py "${args[@]}" --threads 1)
echo "recipe $recipe, random tokens, ${BASE_BENCH_STEPS:-20} timed steps after 3 warm-up steps"
printf '%-10s %12s %12s %12s %12s %7s\n' dtype "ours step/s" "peer step/s" "ours tok/s" "peer tok/s" ratio
while read -r _ dtype _ osps _ otps _; do
  read -r psps ptps < <(awk -v d="$dtype" '$2==d {print $4, $6}' <<<"$peer")
  awk -v d="$dtype" -v a="$osps" -v b="$psps" -v c="$otps" -v e="$ptps" \
    'BEGIN{printf "%-10s %12.3f %12.3f %12.0f %12.0f %6.2fx\n", d, a, b, c, e, a/b}'
done <<<"$ours"
if [[ "${1:-}" != --no-pretrain ]]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  start=$(date +%s.%N)
  dotnet src/Harness/bin/Release/net10.0/ablation.dll base pretrain --recipe "$recipe" --out "$out/model" | sed -n '/^parameters:/,$p'
  echo "full pretraining wall time: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f s", e-s}') (budget 300 s)"
fi
