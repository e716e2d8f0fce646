#!/usr/bin/env bash
# Suite "stats": BCa paired bootstrap (10,000 resamples) of Spearman on 10,000 pairs and of a mean on 100,000
# items; ours (Ablation.Bench stats) and scipy.stats.bootstrap (stats_peer.py) in the same run, then the ratio.
# Run through scripts/bench stats (which builds first), or directly after `dotnet build -c Release`.
# Smaller sizes: STATS_BENCH_ARGS="--resamples 2000 --pairs 2000 --items 20000" (passed to both sides).
set -euo pipefail
cd "$(dirname "$0")/../.."
read -r -a extra <<<"${STATS_BENCH_ARGS:-}"
get() { local name=$1 fallback=$2; for ((i = 0; i < ${#extra[@]}; i++)); do [[ ${extra[i]} == "$name" ]] && { echo "${extra[i+1]}"; return; }; done; echo "$fallback"; }
resamples=$(get --resamples 10000); pairs=$(get --pairs 10000); items=$(get --items 100000)
ours=$(dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll stats --resamples "$resamples" --pairs "$pairs" --items "$items")
echo "$ours"
peer=$(/usr/bin/python3 scripts/benchmarks/stats_peer.py "$resamples" "$pairs" "$items")
echo "$peer"
for case in spearman_bca mean_bca; do
  a=$(grep "result ours $case" <<<"$ours" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
  b=$(grep "result scipy $case" <<<"$peer" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
  awk -v c="$case" -v a="$a" -v b="$b" 'BEGIN { printf "ratio %s: scipy %.3f s / ours %.3f s = %.1fx faster\n", c, b, a, b / a }'
done
