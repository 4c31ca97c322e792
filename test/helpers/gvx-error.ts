// Asserting that a promise rejects with a GvxError of a given code (and message).

import assert from 'node:assert/strict';
import { GvxError } from '../../lib/errors.js';

export async function expectGvxError(p: Promise<unknown>, code: string, message?: RegExp): Promise<GvxError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GvxError, `expected a GvxError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${code}, but it resolved`);
}
