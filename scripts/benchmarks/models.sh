#!/usr/bin/env bash
# Decoder throughput (tokens/s): our C# binding vs the PyTorch reference decoder on the same libtorch (Debian
# python3-torch), forward and forward+backward, causal and bidirectional. Prints both and the ratio ours/peer.
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
