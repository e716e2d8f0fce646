#!/usr/bin/env bash
# Quickstart benchmark: the wall time of the main job split by phase, and the share of the grid's CPU time spent
# inside libtorch (libtorch_cpu, libc10, OpenBLAS and our shim) by perf's samples per shared object.
#   - install, build, data, base: run here into a fresh cache (QUICKSTART_BENCH_CACHE=keep reuses the cache and
#     skips the cold data/base build timings);
#   - training, evaluation: the grid phase, split by the cells' own accounting (train-result.json seconds,
#     metrics.json evaluation_time per task);
#   - statistics + report: `ablation report` on the finished grid.
# Results go to a temporary folder; nothing in results/ is touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
ablation() { dotnet src/Harness/bin/Release/net10.0/ablation.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ ${QUICKSTART_BENCH_CACHE:-fresh} == fresh ]]; then export ABLATION_CACHE_DIR=$work/cache; fi
t() { local s=$(date +%s.%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; echo "$(date +%s.%N) - $s" | bc; }

install=$(t scripts/install-deps)
build=$(t dotnet build Ablation.sln -c Release -nologo -clp:ErrorsOnly)
data=$(t ablation data build)
base=$(t ablation base pretrain)
perf_ok=1
perf stat -e task-clock true >/dev/null 2>&1 || perf_ok=0
start=$(date +%s.%N)
if (( perf_ok )); then
  perf record -q -F 97 -o "$work/perf.data" -- dotnet src/Harness/bin/Release/net10.0/ablation.dll run experiments/quickstart.json \
      --out "$work/quickstart" --workers "${QUICKSTART_WORKERS:-2}" >"$work/grid.log" 2>&1 || true
else
  ablation run experiments/quickstart.json --out "$work/quickstart" --workers "${QUICKSTART_WORKERS:-2}" >"$work/grid.log" 2>&1 || true
fi
grid=$(echo "$(date +%s.%N) - $start" | bc)
report=$(t ablation report "$work/quickstart")

python3 - "$work/quickstart" "$install" "$build" "$data" "$base" "$grid" "$report" <<'PY'
import json, glob, os, sys
folder, install, build, data, base, grid, report = sys.argv[1], *map(float, sys.argv[2:])
train = evals = 0.0; cells = done = 0
for cell in glob.glob(os.path.join(folder, "cells", "*")):
    cells += 1
    if os.path.exists(os.path.join(cell, "DONE")): done += 1
    r = os.path.join(cell, "train-result.json")
    if os.path.exists(r): train += json.load(open(r))["seconds"]
    m = os.path.join(cell, "metrics.json")
    if os.path.exists(m): evals += sum(t.get("evaluation_time") or 0 for t in json.load(open(m))["tasks"].values())
total = install + build + data + base + grid + report
print(f"quickstart wall time by phase ({done}/{cells} cells done; grid with {os.environ.get('QUICKSTART_WORKERS', '2')} workers):")
for name, sec in [("install", install), ("build", build), ("data", data), ("base", base), ("grid", grid), ("report (statistics + figures)", report)]:
    print(f"  {name:32s} {sec:8.1f} s")
print(f"  {'total':32s} {total:8.1f} s ({total / 60:.1f} min)")
print(f"  inside the grid, summed over cells: training {train:.1f} s, evaluation {evals:.1f} s "
      f"(process start, model loading and scheduling: the rest of {grid:.1f} s x workers)")
PY
if (( perf_ok )); then
  perf report -i "$work/perf.data" --sort dso --stdio --no-children 2>/dev/null | awk '
    /^ +[0-9.]+%/ { pct = $1; sub(/%/, "", pct); dso = $2; total += pct
      if (dso ~ /libtorch|libc10|openblas|libtorchshim|libablation/) torch += pct
      else if (dso ~ /\[kernel/) kernel += pct; else other += pct }
    END { printf "grid CPU samples: %.1f%% inside libtorch (libtorch_cpu, libc10, OpenBLAS, shim), %.1f%% kernel, %.1f%% other (.NET runtime, JIT code, libc)\n", torch, kernel, other }'
else
  echo "perf is not supported on this machine: no libtorch share measured"
fi
