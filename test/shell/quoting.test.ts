// lib/shell/quoting.ts. PowerShell cannot run here: its rule (the typographic single quotes are
// quotes too) is checked as text. The sh and fish quoters are proved by the e2e tests that
// source env files for homes full of shell syntax (env-file-hostile.e2e.test.ts).

import assert from 'node:assert/strict';
import { powershellQuote } from '../../lib/shell/quoting.js';

describe('shell quoting', () => {
  it("PowerShell: ' and the typographic single quotes PowerShell also ends a string at are each written twice", () => {
    assert.equal(powershellQuote("o'neil"), "'o''neil'");
    assert.equal(powershellQuote('a\u2018b\u2019c\u201ad\u201be'), "'a\u2018\u2018b\u2019\u2019c\u201a\u201ad\u201b\u201be'");
    assert.equal(powershellQuote('"$x" `y`'), '\'"$x" `y`\'', 'nothing else is special in single quotes');
  });
});
