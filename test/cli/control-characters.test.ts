// A directory name, a version file or an argument holding a terminal escape (ESC[2J clears the
// screen) and a newline (which would fake a line of gvx's own): whatever gvx prints about them,
// result, error, hint, check or debug trace, shows them escaped (\x1b, \n), never raw.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../helpers/env.js';
import { type SyntheticHome, makeSyntheticHome } from '../helpers/synthetic-home.js';

const PLANTED = '\u001b[2J\nfake line';
const SHOWN = '\\x1b[2J\\nfake line';

/** Nothing raw from PLANTED: no ESC, no line that the planted newline began. */
function assertEscaped(result: RunResult): void {
  for (const [name, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    assert.ok(!text.includes('\u001b'), `${name} holds a raw ESC: ${JSON.stringify(text)}`);
    assert.doesNotMatch(text, /^fake line/m, `${name} holds the planted line: ${JSON.stringify(text)}`);
  }
}

describe('control characters from outside are printed escaped', function () {
  this.timeout(60_000);
  let home: SyntheticHome;
  let hostile: string;
  before(async () => {
    home = await makeSyntheticHome(['1.22.12'], ['1.22.12']);
    hostile = join(await home.project({}), `evil${PLANTED}`);
    await mkdir(hostile);
  });
  after(async () => home?.cleanup());

  const gvx = (args: string[], cwd: string, env: Record<string, string> = {}) => home.sandbox.runGvx(args, { cwd, env: { PWD: cwd, ...env } });

  it('gvx current: the directory of the .go-version that selects', async () => {
    const dir = join(hostile, 'pinned');
    await mkdir(dir);
    await writeFile(join(dir, '.go-version'), '1.22.12\n');
    const result = await gvx(['current'], dir);
    assert.equal(result.code, 0, result.stderr);
    assertEscaped(result);
    assert.equal(result.stdout, `go 1.22.12 (${join(dir, '.go-version').replace(PLANTED, SHOWN)})\nGOROOT ${home.goroot('1.22.12')}\n`);
  });

  it('a .go-version whose value holds control characters: gvx current, gvx verify and GVX_DEBUG=1 name the file escaped', async () => {
    const dir = join(hostile, 'bad');
    await mkdir(dir);
    await writeFile(join(dir, '.go-version'), '1.22\u001b[2J\u0007\u009b\n');
    const file = join(dir, '.go-version').replace(PLANTED, SHOWN);

    const current = await gvx(['current'], dir);
    assert.equal(current.code, 2, current.stderr);
    assertEscaped(current);
    assert.ok(current.stderr.startsWith(`gvx: error: ${file}: not a valid Go version (it holds characters that are not shown)\n`), current.stderr);

    const verify = await gvx(['verify'], dir);
    assert.equal(verify.code, 6, verify.stdout + verify.stderr);
    assertEscaped(verify);
    assert.ok(verify.stdout.includes(file), verify.stdout);

    const traced = await gvx(['current'], dir, { GVX_DEBUG: '1' });
    assertEscaped(traced);
    assert.match(traced.stderr, /^gvx\[debug\] select: /m);
    assert.ok(traced.stderr.includes(file), traced.stderr);
  });

  it('an argument: the error quotes it escaped', async () => {
    const result = await gvx([`install${PLANTED}`], home.sandbox.cwd);
    assert.equal(result.code, 2, result.stderr);
    assertEscaped(result);
    assert.ok(result.stderr.startsWith(`gvx: error: unknown command "install${SHOWN}"\n`), result.stderr);
  });
});
