// The release index cache in GVX_HOME is gvx's own file, but the home can be hostile too: a
// FIFO or a symlink to /dev/zero planted at cache/releases.json must not hang or exhaust gvx.
// It counts as no cache; the fetch replaces it with a regular file.

import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFifo } from '../helpers/fifo.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

describe('remote/release-index: a hostile index cache in GVX_HOME', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;

  beforeEach(async () => {
    const archive = fakeToolchain('1.22.5');
    mirror = await startMirrorWithIndex([{ version: '1.22.5', files: [{ filename: archive.filename, source: archive.buffer }] }]);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    mkdirSync(join(sandbox.home, 'cache'), { recursive: true });
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const cacheFile = () => join(sandbox.home, 'cache', 'releases.json');
  const plants: [string, () => void][] = [
    ['a FIFO', () => makeFifo(cacheFile())],
    ['a symlink to /dev/zero', () => symlinkSync('/dev/zero', cacheFile())],
  ];
  for (const [what, plant] of plants) {
    it(`${what} is no cache: ls-remote fetches, answers, and leaves a regular file`, async () => {
      plant();
      const result = await sandbox.runGvx(['ls-remote'], { timeoutMs: 30_000 });
      assert.equal(result.timedOut, false, 'gvx ended by itself');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^1\.22\.5$/m);
      assert.ok(lstatSync(cacheFile()).isFile());
      assert.match(readFileSync(cacheFile(), 'utf8'), /go1\.22\.5/);
    });
  }
});
