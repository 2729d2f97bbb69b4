// Writes the generated test texts of the exactness check, reproducibly from
// a seed: Unicode letters of many scripts, marks, numbers, emoji, whitespace
// runs of every kind, digit runs, contractions (upper and lower case, curly
// apostrophes), and punctuation clusters.
//   node make_texts.js OUT_DIR [SEED]
// mixed*.txt avoid U+0085 and U+FEFF, where JavaScript's \s (gpt-3-encoder)
// and Unicode White_Space (tiktoken, prspread) disagree; ws_edge.txt has them
// and is compared with tiktoken only.
'use strict';
const fs = require('fs');
const path = require('path');
const [outDir, seedArg] = process.argv.slice(2);
let state = BigInt(seedArg || 12345);
function rnd(n) {  // splitmix64, so every platform draws the same text
  state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  z ^= z >> 31n;
  return Number(z % BigInt(n));
}
const pick = (a) => a[rnd(a.length)];
const words = ['the', 'The', 'THE', 'and', 'of', 'to', 'in', 'is', 'you', 'that', 'it', 'he', 'was', 'for', 'on',
  'are', 'as', 'with', 'his', 'they', 'I', 'at', 'be', 'this', 'have', 'from', 'naïve', 'café', 'résumé', 'Straße',
  'Ελληνικά', 'Привет', 'мир', 'עברית', 'العربية', 'हिन्दी', 'বাংলা', '中文', '日本語', 'ひらがな', 'カタカナ',
  '한국어', 'ไทย', 'Tiếng', 'Việt', 'e\u0301', 'n\u0303o', 'ﬁ', 'Ⅻ', 'x²', '½', '٣٤٥', '१२३', '🙂', '👍🏽', '🇫🇷',
  '👨‍👩‍👧', 'a\u200db', '𝔘𝔫𝔦', 'ǅ', 'ʼn', 'Ⓐ', '™', '∑', '€100', '$5', 'http://x.y/z?q=1&r=2', 'foo_bar',
  'camelCase', 'snake-case', 'e-mail', "o'clock", "rock'n'roll", 'ⅷ', '〇', '𐍈'];
const contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'LL", "’s", "’t", "''", "'"];
const spaces = [' ', ' ', ' ', '  ', '   ', '\t', '\n', '\n\n', '\r\n', ' \n', '\n ', '\u00a0', '\u3000', '\u2009',
  '\u2028', '\u000b', '\u000c', '      ', '\t\t', ' \t '];
const puncts = ['.', ',', '!', '?', ';', ':', '...', '--', '—', '(', ')', '"', '“', '”', '«', '»', '[', ']', '{', '}',
  '#', '@', '%', '&', '*', '+', '=', '<', '>', '/', '\\', '|', '~', '^', '`', '!?', '?!', '.,', '<|', '|>'];
function digits() {
  let s = '';
  const n = 1 + rnd(rnd(4) === 0 ? 40 : 6);
  for (let i = 0; i < n; i++) s += String(rnd(10));
  return s;
}
function mixed(n, extraSpaces) {
  const sp = spaces.concat(extraSpaces);
  let out = '';
  while (out.length < n) {
    const r = rnd(100);
    if (r < 45) out += pick(words);
    else if (r < 55) out += pick(words) + pick(contractions);
    else if (r < 75) out += pick(sp);
    else if (r < 85) out += pick(puncts);
    else if (r < 93) out += digits();
    else if (r < 96) out += ' '.repeat(1 + rnd(30)) + pick(words);
    else if (r < 98) out += '\n'.repeat(1 + rnd(6));
    else out += pick(puncts).repeat(1 + rnd(12));
  }
  return out;
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'mixed.txt'), mixed(400000, []));
// The JavaScript references are slow (gpt-3-encoder takes minutes on
// mixed.txt), so they read a shorter draw of the same mixture.
fs.writeFileSync(path.join(outDir, 'mixed_small.txt'), mixed(20000, []));
fs.writeFileSync(path.join(outDir, 'ws_edge.txt'), mixed(40000, ['\u0085', '\ufeff', ' \u0085', '\ufeff\ufeff', '\u0085x']));
fs.writeFileSync(path.join(outDir, 'runs.txt'),
  'a'.repeat(5000) + ' ' + '1'.repeat(3000) + ' '.repeat(4000) + 'x' + '\n'.repeat(2000) + "'s".repeat(500) +
  '!'.repeat(3000) + ' ' + 'ab'.repeat(2000) + ' '.repeat(3) + '\t'.repeat(100) + 'end  ');
