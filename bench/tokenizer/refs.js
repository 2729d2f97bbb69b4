// One timing round of the npm GPT-2 tokenizers on a text file, in process
// (load time excluded).  Prints one JSON line: {name: MB/s, ...}.
//   node refs.js NPM_DIR TEXT [GPT3_BYTES]
// gpt-3-encoder reads only the first GPT3_BYTES (default 200000): it is
// slow enough that the whole file would dominate the run.
'use strict';
const fs = require('fs');
const path = require('path');
const [npmDir, textPath, gpt3Arg] = process.argv.slice(2);
const need = (n) => require(path.join(path.resolve(npmDir), 'node_modules', n));
const text = fs.readFileSync(textPath, 'utf8');
const bytes = Buffer.byteLength(text);
const small = Buffer.from(text).subarray(0, Number(gpt3Arg || 200000)).toString('utf8');
function rate(fn, t) {
  const t0 = process.hrtime.bigint();
  const n = fn(t).length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { mbps: Buffer.byteLength(t) / s / 1e6, tokens: n };
}
const tt = need('tiktoken').get_encoding('r50k_base');
const jt = need('js-tiktoken').getEncoding('r50k_base');
const g3 = need('gpt-3-encoder');
const out = {
  'tiktoken (WASM)': rate((t) => tt.encode_ordinary(t), text),
  'js-tiktoken': rate((t) => jt.encode(t, [], []), text),
  'gpt-3-encoder': rate((t) => g3.encode(t), small),
};
tt.free();
console.log(JSON.stringify({ bytes, gpt3_bytes: Buffer.byteLength(small), ...out }));
