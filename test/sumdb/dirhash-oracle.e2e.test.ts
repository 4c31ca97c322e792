// h1: hashes checked against the real go command (Debian's Go 1.22): it downloads a module
// from a file:// GOPROXY and reports the zip's Sum and the go.mod's GoModSum, which ours must
// equal.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { requireDebianGo } from '../helpers/debian-go.js';
import { writeModuleProxy } from '../helpers/module-proxy.js';

const execFileP = promisify(execFile);

describe('sumdb/dirhash against the go command', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'gvx-dirhash-'))));
  afterEach(async () => {
    await execFileP('chmod', ['-R', 'u+w', dir]);
    await rm(dir, { recursive: true, force: true });
  });

  it('equals the go command\'s Sum and GoModSum for the same zip', async function () {
    const go122 = requireDebianGo(this, '1.22');
    const mod = 'example.com/m';
    const version = 'v1.0.0';
    const goMod = 'module example.com/m\n\ngo 1.21\n';
    const proxy = await writeModuleProxy(join(dir, 'proxy'), [
      {
        module: mod,
        version,
        files: {
          'go.mod': goMod,
          'm.go': 'package m\n\nconst X = 1\n',
          'sub/z.go': 'package sub\n',
          'Zeta.txt': 'capital letters sort first\n',
          'a b.txt': 'a space in the name\n',
          'empty.txt': '',
        },
      },
    ]);
    const { stdout } = await execFileP(join(go122, 'bin', 'go'), ['mod', 'download', '-json', `${mod}@${version}`], {
      cwd: dir,
      env: {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        GOPATH: join(dir, 'gopath'),
        GOMODCACHE: join(dir, 'modcache'),
        GOCACHE: join(dir, 'gocache'),
        GOPROXY: proxy,
        GONOSUMDB: '*',
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local',
      },
    });
    const info = JSON.parse(stdout) as { Sum: string; GoModSum: string; Error?: string };
    assert.equal(info.Error, undefined);
    assert.match(info.Sum, /^h1:/);
    assert.equal(await hashZip(join(dir, 'proxy', mod, '@v', `${version}.zip`)), info.Sum);
    assert.equal(await hashGoMod(goMod), info.GoModSum);
  });
});
