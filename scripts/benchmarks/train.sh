#!/usr/bin/env bash
# Training throughput: steps/s and tokens/s of one full-fine-tuning step of each stage — contrastive (encode queries,
# positives and hard negatives, mean pooling, InfoNCE) and reconstruction (EBQ2D + EBD2Q, weights 0.8/0.2, tied LM
# head) — for the tiny base's shape and a 4-layer hidden-256 Llama, float32 and bfloat16: our C# binding
# (bench/Ablation.Bench/TrainBench.cs) against the same step in PyTorch on the same libtorch (train_peer.py), as
# PyTorch ships (glibc malloc defaults) and given the allocator settings our binding applies at load
# (src/Torch/NativeAllocator.cs) — the like-for-like comparison; plus each process's peak RSS.
# Every (stage, model, dtype) runs in its own processes, the three sides back to back, for BENCH_ROUNDS rounds
# (default 2); each figure keeps its best round, so load spikes on the shared machine hit all sides alike. Besides
# wall-clock steps/s each side reports CPU seconds per step (whole process, all threads), which a loaded machine
# disturbs far less. The 1-minute load average before each block is printed beside the row. Both sides: torch intra-op threads 1,
# OpenBLAS on every core (the binding's default).
# Environment: TRAIN_BENCH_STEPS (timed steps, default 6), BENCH_ROUNDS, TRAIN_BENCH_STAGES, TRAIN_BENCH_MODELS,
# TRAIN_BENCH_DTYPES (comma lists). Run through `scripts/bench train` (which builds first), or directly after a
# Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${TRAIN_BENCH_STEPS:-6}
rounds=${BENCH_ROUNDS:-2}
threads=${ABLATION_TORCH_THREADS:-1}
common=(--recipe experiments/base/tiny.json --steps "$steps" --warmup 2 --batch 32 --query-len 16 --doc-len 32)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
IFS=, read -ra stages <<<"${TRAIN_BENCH_STAGES:-contrastive,reconstruction}"
IFS=, read -ra models <<<"${TRAIN_BENCH_MODELS:-tiny-base,llama-4x256}"
IFS=, read -ra dtypes <<<"${TRAIN_BENCH_DTYPES:-float32,bfloat16}"
# One line per side and block: "<side> <stage> <model> <dtype> <steps/s> <tokens/s> <loss> <cpu s/step> <peak RSS MB> <load>".
for ((r = 1; r <= rounds; r++)); do
  for stage in "${stages[@]}"; do for model in "${models[@]}"; do for dtype in "${dtypes[@]}"; do
    args=("${common[@]}" --stages "$stage" --models "$model" --dtypes "$dtype")
    l=$(load)
    ABLATION_TORCH_THREADS=$threads dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll train "${args[@]}" >"$tmp/o" 2>"$tmp/e" ||
      { cat "$tmp/e" >&2; exit 1; }
    /usr/bin/python3 scripts/benchmarks/train_peer.py "${args[@]}" --threads "$threads" >"$tmp/p"
    /usr/bin/python3 scripts/benchmarks/train_peer.py "${args[@]}" --threads "$threads" --malloc tuned >"$tmp/t"
    for side in o p t; do
      awk -v s="$side" -v l="$l" '$2 == "peak_rss_mb" { rss = $3 } $5 == "steps/s" { line = s " " $2 " " $3 " " $4 " " $6 " " $8 " " $10 " " $12 }
        END { print line, rss, l }' "$tmp/$side" >>"$tmp/all"
    done
  done; done; done
done
echo "training step, full fine-tuning, batch 32: contrastive = 32 queries (16 tokens) + 64 documents (32 tokens);"
echo "reconstruction = 32 queries (16) + 32 documents (32) encoded, then decoded from the soft token (EBD2Q 0.8, EBQ2D 0.2);"
echo "$steps timed steps after 2 warm-up steps, best of $rounds interleaved round(s). pt = PyTorch as shipped (glibc malloc"
echo "defaults); pt+m = PyTorch given our binding's allocator settings (like for like; the goal is >= 1.0x there)."
printf '%-14s %-11s %-8s %8s %8s %8s %6s %8s %6s %16s %6s %16s %s\n' stage model dtype "ours/s" "tok/s" "pt/s" "x" "pt+m/s" "x" "cpu ms o/pt/pt+m" "x cpu" "RSS MB o/pt/pt+m" "load"
awk '
  { k = $2 " " $3 " " $4; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    if (!((k, $1) in sps) || $5 > sps[k, $1]) { sps[k, $1] = $5; tps[k, $1] = $6 }
    if (!((k, $1) in cpu) || $8 < cpu[k, $1]) cpu[k, $1] = $8
    if ($9 > rss[k, $1]) rss[k, $1] = $9
    if (!(k in lo) || $10 < lo[k]) lo[k] = $10
    if (!(k in hi) || $10 > hi[k]) hi[k] = $10 }
  END {
    for (i = 1; i <= n; i++) { k = order[i]; split(k, f, " ")
      printf "%-14s %-11s %-8s %8.3f %8.0f %8.3f %5.2fx %8.3f %5.2fx %5.0f/%4.0f/%5.0f %5.2fx %5.0f/%4.0f/%5.0f %s-%s\n", f[1], f[2], f[3],
        sps[k, "o"], tps[k, "o"], sps[k, "p"], sps[k, "o"] / sps[k, "p"], sps[k, "t"], sps[k, "o"] / sps[k, "t"],
        1000 * cpu[k, "o"], 1000 * cpu[k, "p"], 1000 * cpu[k, "t"], cpu[k, "t"] / cpu[k, "o"],
        rss[k, "o"], rss[k, "p"], rss[k, "t"], lo[k], hi[k] } }' "$tmp/all"
echo "(x = ours / PyTorch steps/s, > 1: ours faster; cpu = CPU seconds of the whole process (all threads) per step, steadier"
echo " than wall time on a loaded machine, x cpu = pt+m / ours; RSS = peak resident set of each side's process for that row;"
echo " load = 1-min load average before the row's blocks, over the rounds)"
