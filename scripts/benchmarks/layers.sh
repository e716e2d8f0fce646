# ablation analyze layers: peak RSS and time on a 24-layer random model as the suite grows (docs/layer-analysis.md).
# The similarity sample is fixed (--sample 256), so what grows is the per-layer evaluation; memory must stay flat
# apart from the evaluator's own [texts × dim] matrix of one layer.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 scripts/benchmarks/layers_inputs.py "$tmp" 250 1000 4000 >/dev/null
printf '%-8s %-8s %-10s %-14s %-12s %-12s %s\n' pairs texts tokens/text peak_rss_mib store_floats all_states_f seconds
for n in 250 1000 4000; do
  dotnet src/Harness/bin/Release/net10.0/ablation.dll analyze layers --model "$tmp/deep24" --suite "$tmp/suite-$n" \
    --sample 256 --max-length 64 --out "$tmp/out-$n" >/dev/null
  /usr/bin/python3 - "$tmp/out-$n/analysis.json" "$n" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); n = int(sys.argv[2])
texts = s["suite_texts"]; per_text = s["sample_tokens"] / s["sample_texts"]
# Floats that keeping every token state of every text for all layers would take (what the design avoids).
all_states = int(texts * per_text * s["hidden_states"] * s["dimension"])
print(f'{n:<8} {texts:<8} {per_text:<10.1f} {s["peak_rss_mib"]:<14} {s["evaluation_peak_floats"]:<12} {all_states:<12} {s["seconds"]}')
PY
done
