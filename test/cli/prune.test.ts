// `gvx prune`: removes patches superseded within their family through the uninstall code,
// keeping the newest of each family, the global default, what this directory selects and
// --keep; sizes as `du -s` counts them.

import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../lib/format-bytes.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

describe('gvx prune', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = 'http://127.0.0.1:1'; // prune needs no network
  });
  afterEach(() => sandbox.cleanup());

  const prune = (args: string[] = []) => sandbox.runGvx(['prune', ...args], { env: { PWD: sandbox.cwd } });
  const versionDir = (v: string) => join(sandbox.home, 'versions', v);
  const installed = async () => (await readdir(join(sandbox.home, 'versions'))).sort();
  /** Bytes as `du -s` counts them (blocks, directories included). */
  const du = async (dir: string) => {
    const r = await sandbox.run('du', ['-s', '-B1', dir]);
    assert.equal(r.code, 0, r.stderr);
    return Number(r.stdout.split('\t')[0]);
  };

  it('--dry-run lists and removes nothing; then it removes, keeping the default, the newest, --keep and what is selected here', async () => {
    const all = ['1.20.14', '1.21.5', '1.21.10', '1.21.13', '1.22.3', '1.22.10', '1.22.12', '1.23.0', '1.23rc1'];
    await makeFakeHome(sandbox.home, all, '1.21.5');
    writeFileSync(join(versionDir('1.22.10'), 'pad.bin'), Buffer.alloc(300 * 1024, 7));
    writeFileSync(join(sandbox.cwd, '.go-version'), '1.22.3\n');
    const sizes = { '1.22.10': await du(versionDir('1.22.10')), '1.23rc1': await du(versionDir('1.23rc1')) };
    const total = sizes['1.22.10'] + sizes['1.23rc1'];
    assert.ok(sizes['1.22.10'] > 300 * 1024);

    const dry = await prune(['--dry-run', '--keep', '1.21.10', '--keep', 'go1.19']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(
      dry.stdout,
      [
        `would remove 1.23rc1 (${formatBytes(sizes['1.23rc1'])}, superseded by 1.23.0)`,
        `would remove 1.22.10 (${formatBytes(sizes['1.22.10'])}, superseded by 1.22.12)`,
        `would free ${formatBytes(total)} (dry run: nothing was removed)`,
        '',
      ].join('\n'),
    );
    assert.equal(
      dry.stderr,
      [
        'gvx: warning: --keep 1.19 matches no installed version',
        `gvx: keeping 1.22.3: selected here by ${join(sandbox.cwd, '.go-version')}`,
        'gvx: keeping 1.21.10: --keep 1.21.10',
        'gvx: keeping 1.21.5: the global default (1.21.5)',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await installed(), [...all].sort());

    const real = await prune(['--keep', '1.21.10']);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(
      real.stdout,
      [
        `removed 1.23rc1 (${formatBytes(sizes['1.23rc1'])}, superseded by 1.23.0)`,
        `removed 1.22.10 (${formatBytes(sizes['1.22.10'])}, superseded by 1.22.12)`,
        `freed ${formatBytes(total)}`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(await installed(), ['1.20.14', '1.21.10', '1.21.13', '1.21.5', '1.22.12', '1.22.3', '1.23.0']);
    // Through the uninstall code: the shims' alias table follows, nothing is left in the trash.
    const ls = await sandbox.runGvx(['ls', '--json']);
    assert.deepEqual(JSON.parse(ls.stdout).map((v: { version: string }) => v.version), ['1.23.0', '1.22.12', '1.22.3', '1.21.13', '1.21.10', '1.21.5', '1.20.14']);
    assert.deepEqual(existsSync(join(sandbox.home, 'trash')) ? await readdir(join(sandbox.home, 'trash')) : [], []);

    // Without --keep 1.21.10 it goes; the rest is kept, so the next run has nothing to do.
    const size = await du(versionDir('1.21.10'));
    const next = await prune();
    assert.equal(next.code, 0, next.stderr);
    assert.equal(next.stdout, `removed 1.21.10 (${formatBytes(size)}, superseded by 1.21.13)\nfreed ${formatBytes(size)}\n`);
    const again = await prune();
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'nothing to prune: every superseded version is kept\n');
    assert.deepEqual(await installed(), ['1.20.14', '1.21.13', '1.21.5', '1.22.12', '1.22.3', '1.23.0']);
  });

  it('nothing superseded: says so, exit 0', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.12'], '1.22');
    const r = await prune();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'nothing to prune: each installed version is the newest of its family\n');
    assert.deepEqual(await installed(), ['1.21.13', '1.22.12']);
  });
});
