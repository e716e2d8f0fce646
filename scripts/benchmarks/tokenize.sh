#!/usr/bin/env bash
# Tokenizer encode throughput: ours (bench suite `tokenize`) vs the Node peer (gpt-3-encoder, transformers.js) on the
# same texts, in the same run. Prints tokens/s of both and the ratio ours/node (> 1 = ours faster), and checks that
# both produced the same number of tokens. Run through scripts/bench tokenize (which builds first).
set -euo pipefail
cd "$(dirname "$0")/../.."
texts=${TOKENIZE_TEXTS:-5000}
ours=$(dotnet bench/Ablation.Bench/bin/Release/net10.0/Ablation.Bench.dll tokenize --texts "$texts")
node=$(node scripts/benchmarks/tokenize.js . "$texts")
echo "$ours"
echo "$node"
awk '
  $1 == "RESULT" && $3 == "ours" { ot[$2] = $4; os[$2] = $5; order[++k] = $2 }
  $1 == "RESULT" && $3 == "node" { nt[$2] = $4; ns[$2] = $5 }
  END {
    printf "%-8s %14s %14s %8s  %s\n", "tokenizer", "ours tok/s", "node tok/s", "ratio", "same tokens"
    for (i = 1; i <= k; i++) { n = order[i]
      printf "%-8s %14d %14d %7.2fx  %s\n", n, os[n], ns[n], os[n] / ns[n], (ot[n] == nt[n] ? "yes" : "NO (" ot[n] " vs " nt[n] ")") }
  }' <(echo "$ours"; echo "$node")
