// How text from outside gvx is shown (lib/terminal-text.ts): every control character spelled
// out, everything else as it was.

import assert from 'node:assert/strict';
import { escapeControlCharacters } from '../lib/terminal-text.js';

describe('escaping control characters', () => {
  it('spells out every C0 control, DEL and every C1 control', () => {
    const controls = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)];
    for (const code of controls) {
      const escaped = escapeControlCharacters(`a${String.fromCharCode(code)}b`);
      assert.doesNotMatch(escaped, /[\u0000-\u001f\u007f-\u009f]/, `U+${code.toString(16)}`);
      assert.match(escaped, /^a\\(x[0-9a-f]{2}|[nrt])b$/, `U+${code.toString(16)}`);
    }
  });

  it('names the common ones, and a planted ANSI sequence loses its ESC', () => {
    assert.equal(escapeControlCharacters('x\ny\rz\tw'), 'x\\ny\\rz\\tw');
    assert.equal(escapeControlCharacters('/p/\u001b[2J\u001b]0;title\u0007'), '/p/\\x1b[2J\\x1b]0;title\\x07');
    assert.equal(escapeControlCharacters('\u009b31m'), '\\x9b31m');
  });

  it('leaves printable text alone: ASCII, backslashes, other Unicode', () => {
    const text = ' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~ é ü 日本 … \u00a0 🙂';
    assert.equal(escapeControlCharacters(text), text);
  });
});
