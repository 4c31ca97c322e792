// h1: hashes of a go.mod and of a module zip. Checked against the real go command (Debian's
// Go): dirhash-oracle.e2e.test.ts.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashGoMod } from '../../lib/sumdb/dirhash.js';

describe('sumdb/dirhash', () => {
  it('computes the known h1 of a go.mod and of a tiny module', async () => {
    // sha256("module m\n") summary line by hand, then sha256 of it.
    const line = `${createHash('sha256').update('module m\n').digest('hex')}  go.mod\n`;
    assert.equal(await hashGoMod('module m\n'), `h1:${createHash('sha256').update(line).digest('base64')}`);
  });
});
