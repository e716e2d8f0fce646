#!/usr/bin/env bash
# Evaluation benchmark: exact top-k retrieval (1,000 queries, k = 1000, dim 256) over 100,000 and 1,000,000
# random unit vectors, ours vs PyTorch (chunked matmul + torch.topk), with the throughput ratio; then the
# classification probe fit time vs sklearn, and the wall time of a whole suite evaluation with the model-free builtin:bow-hash
# encoder and with the tiny base model (builtin:tiny-base, eos_last, causal, max length 64).
# Set EVAL_BENCH_DOCS="100000" to skip the 1M case on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll
[[ -f $bench ]] || dotnet build bench/Ablation.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
for docs in ${EVAL_BENCH_DOCS:-100000 1000000}; do
  ours=$(dotnet "$bench" eval --queries 1000 --docs "$docs" --dim 256 --k 1000)
  peer=$(/usr/bin/python3 scripts/benchmarks/eval_peer.py 1000 "$docs" 256 1000)
  echo "$ours"; echo "$peer"
  qa=$(sed -n 's/.* \([0-9.]*\) queries\/s.*/\1/p' <<<"$ours"); qb=$(sed -n 's/.* \([0-9.]*\) queries\/s.*/\1/p' <<<"$peer")
  awk -v a="$qa" -v b="$qb" -v n="$docs" 'BEGIN { printf "ratio (ours/torch queries/s, %d docs): %.2f\n", n, a / b }'
done
# Classification probe on Banking77's shape (77 labels x 8 samples, dim 4096).
dotnet "$bench" eval --probe --classes 77 --per-label 8 --dim 4096
/usr/bin/python3 scripts/benchmarks/eval_peer.py --probe 77 8 4096
suite=${EVAL_BENCH_SUITE:-builtin:default}
ablation=src/Harness/bin/Release/net10.0/ablation.dll
# Whole-suite wall time (process start to exit, no embedding cache) of the model-free builtin:bow-hash encoder and of
# the tiny base LM (eos_last, causal, its trained length of 64 tokens; built into the cache on first use), with the
# number of texts encoded as `ablation eval` reports it.
time_suite() {
  local model=$1 out start
  out=$(mktemp -d)
  start=$(date +%s.%N)
  if dotnet "$ablation" eval --model "$model" --suite "$suite" --out "$out/result" --no-cache >"$out/log" 2>"$out/err"; then
    local texts
    texts=$(sed -n 's/.*encoded \([0-9]*\) texts.*/\1/p' "$out/log")
    awk -v s="$start" -v e="$(date +%s.%N)" -v n="$suite" -v m="$model" -v t="${texts:-0}" \
      'BEGIN { printf "suite %s with %s (no cache): %.1f s wall, %d texts encoded (%.0f texts/s over the wall time)\n", n, m, e - s, t, t / (e - s) }'
  else
    echo "suite $suite with $model failed ($(head -c 200 "$out/err")); set EVAL_BENCH_SUITE=<folder>"
  fi
  rm -rf "$out"
}
time_suite builtin:bow-hash
time_suite "builtin:tiny-base#max_length=64"
