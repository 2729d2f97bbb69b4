// Encodes a UTF-8 text file with a reference GPT-2 tokenizer from npm and
// writes the ids as little-endian uint32.
//   node encode_reference.js NPM_DIR tiktoken|js-tiktoken|gpt-3-encoder IN OUT
// NPM_DIR holds node_modules/ (scripts/install-deps.sh fills third_party/npm).
// Special tokens are ordinary text, as in prspread's default.
'use strict';
const fs = require('fs');
const path = require('path');
const [npmDir, ref, input, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node encode_reference.js NPM_DIR REF IN OUT');
  process.exit(2);
}
const need = (name) => require(path.join(path.resolve(npmDir), 'node_modules', name));
const text = fs.readFileSync(input, 'utf8');
let ids;
if (ref === 'tiktoken') {
  const enc = need('tiktoken').get_encoding('r50k_base');
  ids = enc.encode_ordinary(text);
  enc.free();
} else if (ref === 'js-tiktoken') {
  ids = Uint32Array.from(need('js-tiktoken').getEncoding('r50k_base').encode(text, [], []));
} else if (ref === 'gpt-3-encoder') {
  ids = Uint32Array.from(need('gpt-3-encoder').encode(text));
} else {
  console.error(`unknown reference '${ref}'`);
  process.exit(2);
}
fs.writeFileSync(output, Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength));
console.log(`${ref}: ${ids.length} tokens from ${Buffer.byteLength(text)} bytes`);
