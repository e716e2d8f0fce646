#!/usr/bin/env bash
# Suite `engine`: our binding vs PyTorch (Debian python3-torch 1.13, the same libtorch) in the same run:
# training step time and tokens/s of a Llama-style model (4 layers, hidden 256, batch 16 x 128, AdamW) and the
# 1024^3 matmul GFLOP/s in float32 and bfloat16 (the machine's ceiling). Both sides use the binding's thread
# setting (torch intra-op threads; OpenBLAS uses all cores). Extra arguments go to both sides
# (--steps N, --warmup N, --dtype float32|bfloat16). On a shared machine the two sides alternate for
# BENCH_ROUNDS rounds (default 2) and each figure keeps its best round, so load spikes hit both alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${ABLATION_TORCH_THREADS:-1}
rounds=${BENCH_ROUNDS:-2}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((r = 1; r <= rounds; r++)); do
  ABLATION_TORCH_THREADS=$threads dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll engine "$@" >"$tmp/ours.$r"
  /usr/bin/python3 scripts/benchmarks/engine_peer.py --threads "$threads" "$@" >"$tmp/peer.$r"
  /usr/bin/python3 scripts/benchmarks/engine_peer.py --threads "$threads" --malloc tuned "$@" >"$tmp/peertuned.$r"
done
# Best round per figure: lowest for step times, highest for rates, first for the rest.
best() { cat "$tmp/$1".* | grep -v '^threads' | awk '
  { if (!($1 in v)) v[$1] = $2
    else if ($1 ~ /_ms$/ && $2 < v[$1]) v[$1] = $2
    else if ($1 ~ /gflops|per_s/ && $2 > v[$1]) v[$1] = $2 }
  END { for (k in v) print k, v[k] }' | sort; }
echo "ours:    $(head -1 "$tmp/ours.1")"
echo "pytorch: $(head -1 "$tmp/peer.1")"
echo "best of $rounds alternating round(s)"
# Ratio: ours/PyTorch for rates, PyTorch/ours for step times, so that > 1 always means we are faster.
# pytorch = the peer as users run it (glibc malloc defaults); pytorch+malloc = the peer given the allocator
# settings our binding applies at load (src/Torch/NativeAllocator.cs), i.e. the like-for-like engine comparison.
join <(best ours) <(best peer) | join - <(best peertuned) | awk '
  BEGIN { printf "%-28s %12s %12s %8s %15s %8s\n", "figure", "ours", "pytorch", "ratio", "pytorch+malloc", "ratio" }
  function r(name, o, p) { return (name ~ /_ms$/) ? (o > 0 ? p / o : 0) : (p > 0 ? o / p : 0) }
  {
    if ($1 ~ /loss|params/) printf "%-28s %12s %12s %8s %15s %8s\n", $1, $2, $3, "-", $4, "-"
    else printf "%-28s %12s %12s %7.2fx %15s %7.2fx\n", $1, $2, $3, r($1, $2, $3), $4, r($1, $2, $4)
  }'
echo "(ratio > 1: ours faster; the goal is >= 1.0x on training tokens/s)"
