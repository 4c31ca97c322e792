// h1: hashes checked against the real go command: it downloads a module from a file://
// GOPROXY and reports the zip's Sum and the go.mod's GoModSum, which ours must equal.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { writeZip } from '../helpers/toolchain-zip.js';

const GO = '/usr/lib/go-1.22/bin/go';

describe('sumdb/dirhash', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'gvx-dirhash-'))));
  afterEach(async () => {
    await promisify(execFile)('chmod', ['-R', 'u+w', dir]);
    await rm(dir, { recursive: true, force: true });
  });

  it('computes the known h1 of a go.mod and of a tiny module', async () => {
    // sha256("module m\n") summary line by hand, then sha256 of it.
    const { createHash } = await import('node:crypto');
    const line = `${createHash('sha256').update('module m\n').digest('hex')}  go.mod\n`;
    assert.equal(await hashGoMod('module m\n'), `h1:${createHash('sha256').update(line).digest('base64')}`);
  });

  it('equals the go command\'s Sum and GoModSum for the same zip', async function () {
    if (!existsSync(GO)) {
      if (process.env.CI) throw new Error(`${GO} is missing`);
      this.skip();
    }
    const mod = 'example.com/m';
    const version = 'v1.0.0';
    const goMod = 'module example.com/m\n\ngo 1.21\n';
    const v = join(dir, 'proxy', mod, '@v');
    await mkdir(v, { recursive: true });
    const prefix = `${mod}@${version}/`;
    await writeZip(join(v, `${version}.zip`), {
      [`${prefix}go.mod`]: goMod,
      [`${prefix}m.go`]: 'package m\n\nconst X = 1\n',
      [`${prefix}sub/z.go`]: 'package sub\n',
      [`${prefix}Zeta.txt`]: 'capital letters sort first\n',
      [`${prefix}a b.txt`]: 'a space in the name\n',
      [`${prefix}empty.txt`]: '',
    });
    await writeFile(join(v, 'list'), `${version}\n`);
    await writeFile(join(v, `${version}.info`), JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }));
    await writeFile(join(v, `${version}.mod`), goMod);
    const { stdout } = await promisify(execFile)(GO, ['mod', 'download', '-json', `${mod}@${version}`], {
      cwd: dir,
      env: {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        GOPATH: join(dir, 'gopath'),
        GOMODCACHE: join(dir, 'modcache'),
        GOCACHE: join(dir, 'gocache'),
        GOPROXY: pathToFileURL(join(dir, 'proxy')).href,
        GONOSUMDB: '*',
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local',
      },
    });
    const info = JSON.parse(stdout) as { Sum: string; GoModSum: string; Error?: string };
    assert.equal(info.Error, undefined);
    assert.match(info.Sum, /^h1:/);
    assert.equal(await hashZip(join(v, `${version}.zip`)), info.Sum);
    assert.equal(await hashGoMod(goMod), info.GoModSum);
  });
});
