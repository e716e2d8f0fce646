#!/usr/bin/env bash
# Suite "report": time to write the significance report (`ablation report`, all outputs incl. figures) for a synthetic
# grid of 12 designs x 5 seeds x 40 tasks x 1,000 items with 10,000 bootstrap resamples per comparison, and for
# results/quickstart when that grid has been run. Goal: under 30 s on 2 cores. No peer (nothing else writes this report).
# Run through scripts/bench report (which builds first), or directly after `dotnet build -c Release`.
# Smaller: REPORT_BENCH_ARGS="--designs 4 --seeds 3 --tasks 12 --items 500" REPORT_BENCH_RESAMPLES=2000
set -euo pipefail
cd "$(dirname "$0")/../.."
read -r -a sizes <<<"${REPORT_BENCH_ARGS:---designs 12 --seeds 5 --tasks 40 --items 1000}"
resamples=${REPORT_BENCH_RESAMPLES:-10000}
ablation() { dotnet src/Harness/bin/Release/net10.0/ablation.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 scripts/benchmarks/make_synthetic_grid.py "$work/grid" "${sizes[@]}"
echo "synthetic grid: ${sizes[*]}, $resamples resamples, $(nproc) cores"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/cpu" dotnet src/Harness/bin/Release/net10.0/ablation.dll report "$work/grid" --resamples "$resamples" >/dev/null
end=$(date +%s.%N)
read -r user sys <"$work/cpu"
awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" 'BEGIN { printf "result report synthetic seconds=%.1f cpu_seconds=%.1f\n", e - s, u + y }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -f results/quickstart/grid.json ]]; then
  start=$(date +%s.%N)
  ablation report results/quickstart --resamples "$resamples" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "result report quickstart seconds=%.1f\n", e - s }'
else
  echo "results/quickstart not run yet (scripts/quickstart); skipped"
fi
