#!/usr/bin/env bash
# Suite `engine`: our binding vs PyTorch (Debian python3-torch 1.13, the same libtorch) in the same run:
# training step time and tokens/s of a Llama-style model (4 layers, hidden 256, batch 16 x 128, AdamW) and the
# 1024^3 matmul GFLOP/s in float32 and bfloat16 (the machine's ceiling). Both sides use the binding's thread
# setting (torch intra-op threads; OpenBLAS uses all cores). Extra arguments go to both sides
# (--steps N, --warmup N, --dtype float32|bfloat16).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${ABLATION_TORCH_THREADS:-1}
ours=$(ABLATION_TORCH_THREADS=$threads dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll engine "$@")
peer=$(/usr/bin/python3 scripts/benchmarks/engine_peer.py --threads "$threads" "$@")
echo "ours:    $(echo "$ours" | head -1)"
echo "pytorch: $(echo "$peer" | head -1)"
# Join the two `key value` lists and print ours, PyTorch's and ours/PyTorch (for step times PyTorch/ours, so
# that > 1 always means we are faster).
join <(echo "$ours" | tail -n +2 | sort) <(echo "$peer" | tail -n +2 | sort) | awk '
  BEGIN { printf "%-28s %12s %12s %8s\n", "figure", "ours", "pytorch", "ratio" }
  {
    ratio = ($1 ~ /_ms$/) ? ($3 > 0 ? $3 / $2 : 0) : ($3 > 0 ? $2 / $3 : 0)
    if ($1 ~ /loss|params/) printf "%-28s %12s %12s %8s\n", $1, $2, $3, "-"
    else printf "%-28s %12s %12s %7.2fx\n", $1, $2, $3, ratio
  }'
echo "(ratio > 1: ours faster; the goal is >= 1.0x on training tokens/s)"
