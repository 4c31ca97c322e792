// The text of `gvx current` and `gvx ls`: origins phrased as the prompt hook phrases them
// (`gvx: go 1.22.12 (global default)`), and no line ending in a blank.

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

describe('gvx current and gvx ls: wording and layout', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
    await makeFakeHome(sandbox.home, ['1.9.3', '1.21.13', '1.22.12'], '1.9.3');
  });
  after(() => sandbox?.cleanup());

  const noTrailingBlanks = (text: string) => assert.deepEqual(text.split('\n').filter((line) => /\s$/.test(line)), [], JSON.stringify(text));

  it('gvx current names the origin as the hook does: global default, a file, GVX_GO_VERSION', async () => {
    const byDefault = await sandbox.runGvx(['current']);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.equal(byDefault.stdout, `go 1.9.3 (global default, ${join(sandbox.home, 'default')})\nGOROOT ${join(sandbox.home, 'versions', '1.9.3')}\n`);

    const project = await mkdtemp(join(sandbox.root, 'project-'));
    await writeFile(join(project, '.go-version'), '1.21\n');
    const byFile = await sandbox.runGvx(['current'], { cwd: project, env: { PWD: project } });
    assert.equal(byFile.stdout.split('\n')[0], `go 1.21.13 (${join(project, '.go-version')})`);

    const byEnv = await sandbox.runGvx(['current'], { env: { GVX_GO_VERSION: '1.22' } });
    assert.equal(byEnv.stdout.split('\n')[0], 'go 1.22.12 (GVX_GO_VERSION)');
    for (const result of [byDefault, byFile, byEnv]) assert.doesNotMatch(result.stdout, /set by|\(.*\(/);
  });

  it('gvx ls: the default mark in a column, and no line ends in a blank', async () => {
    const ls = await sandbox.runGvx(['ls'], { env: { GVX_GO_VERSION: '1.21' } });
    assert.equal(ls.code, 0, ls.stderr);
    assert.equal(ls.stdout, '  1.22.12\n* 1.21.13\n  1.9.3    (default)\n');
    noTrailingBlanks(ls.stdout);
    const active = await sandbox.runGvx(['ls']);
    assert.equal(active.stdout, '  1.22.12\n  1.21.13\n* 1.9.3    (default)\n');
    noTrailingBlanks(active.stdout);
  });

  it('gvx ls with a selection that is not installed says so in a plain sentence', async () => {
    const ls = await sandbox.runGvx(['ls'], { env: { GVX_GO_VERSION: '1.99' } });
    assert.equal(ls.code, 0);
    assert.equal(ls.stderr, 'gvx: warning: go 1.99 is selected by GVX_GO_VERSION but is not installed\n');
    noTrailingBlanks(ls.stdout);
  });
});
