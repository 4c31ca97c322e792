// The repacked Debian toolchains must look exactly like go.dev releases (everything under go/,
// real directories, an executable go/bin/go) and the index must describe the files served.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { type RealToolchains, ToolchainsUnavailableError, ensureRealToolchains, goPlatform } from '../../scripts/toolchain-fixtures.js';
import { realToolchainsOrSkip } from './real-toolchains.js';

const FIXTURES_MODULE = new URL('../../scripts/toolchain-fixtures.js', import.meta.url).href;

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('scripts/toolchain-fixtures: Debian Go repacked as go.dev releases', function () {
  let real: RealToolchains;
  before(async function () {
    real = await realToolchainsOrSkip(this);
  });

  it('every archive is all under go/, with real directories and an executable go/bin/go, and matches the index', async () => {
    const { goos, goarch } = goPlatform();
    const index = JSON.parse(await readFile(real.indexPath, 'utf8')) as {
      version: string;
      stable: boolean;
      files: { filename: string; os: string; arch: string; version: string; sha256: string; size: number; kind: string }[];
    }[];
    assert.deepEqual(index.map((r) => r.version), real.releases.map((r) => `go${r.version}`), 'newest first, one entry per release');
    assert.ok(real.releases.length >= 1);

    for (const release of real.releases) {
      assert.equal(release.filename, `go${release.version}.${goos}-${goarch}.tar.gz`);
      const entry = index.find((r) => r.version === `go${release.version}`)!;
      assert.deepEqual(entry.files, [
        { filename: release.filename, os: goos, arch: goarch, version: `go${release.version}`, sha256: release.sha256, size: release.size, kind: 'archive' },
      ]);
      assert.equal(await sha256(release.path), release.sha256, `${release.filename}: sha256 on disk`);

      const types = new Map<string, string>();
      let goMode = 0;
      await pipeline(
        createReadStream(release.path),
        tar.t({
          strict: true,
          onReadEntry: (e) => {
            types.set(e.path, e.type);
            if (e.path === 'go/bin/go') goMode = e.mode ?? 0;
          },
        }),
      );
      const outside = [...types.keys()].filter((p) => !p.startsWith('go/'));
      assert.deepEqual(outside, [], 'every entry is under go/');
      const links = [...types].filter(([, t]) => t !== 'File' && t !== 'Directory');
      assert.deepEqual(links, [], 'symlinks dereferenced, nothing but files and directories');
      assert.equal(types.get('go/bin/go'), 'File');
      assert.ok(goMode & 0o111, `go/bin/go is executable (mode ${goMode.toString(8)})`);
      for (const dir of ['go/src/', 'go/api/', 'go/misc/', 'go/test/']) assert.equal(types.get(dir), 'Directory', dir);
      assert.equal(types.get('go/src/runtime/proc.go'), 'File');
      assert.equal(types.get('go/VERSION'), 'File');
    }
  });

  it('a second call reuses the cache', async () => {
    const written = real.releases.map((r) => statSync(r.path).mtimeMs);
    const again = await ensureRealToolchains();
    assert.deepEqual(again.releases, real.releases);
    assert.deepEqual(again.releases.map((r) => statSync(r.path).mtimeMs), written, 'no archive was written again');
  });

  it('a subset gets its own index, so callers never clobber each other', async () => {
    const oldest = real.releases[real.releases.length - 1]!;
    const minor = oldest.version.split('.').slice(0, 2).join('.');
    const subset = await ensureRealToolchains({ minors: [minor] });
    assert.deepEqual(subset.releases, [oldest]);
    if (real.releases.length > 1) assert.notEqual(subset.indexPath, real.indexPath);
  });

  it('concurrent processes on an empty cache agree and leave no temp files or locks', async function () {
    this.timeout(300_000);
    const oldest = real.releases[real.releases.length - 1]!;
    const minor = oldest.version.split('.').slice(0, 2).join('.');
    const cache = await mkdtemp(join(tmpdir(), 'gvx-fixture-cache-'));
    try {
      const script = `const m = await import(${JSON.stringify(FIXTURES_MODULE)});
        const t = await m.ensureRealToolchains({ minors: [${JSON.stringify(minor)}] });
        process.stdout.write(JSON.stringify(t.releases[0]));`;
      const run = () =>
        promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, GVX_FIXTURE_CACHE: cache },
        });
      const results = await Promise.all([run(), run()]);
      const [a, b] = results.map((r) => JSON.parse(r.stdout));
      assert.deepEqual(a, b);
      assert.equal(a.path, join(cache, oldest.filename));
      assert.equal(await sha256(a.path), a.sha256);
      // Repacking is deterministic: same bytes as the shared cache.
      assert.equal(a.sha256, oldest.sha256);
      const left = (await readdir(cache)).filter((n) => n.includes('.tmp-') || n.endsWith('.lock'));
      assert.deepEqual(left, [], 'no temp files or locks left behind');
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});

describe('scripts/toolchain-fixtures: missing Debian Go', () => {
  it('names the apt packages to install', async () => {
    await assert.rejects(ensureRealToolchains({ minors: ['1.3'] }), (error: unknown) => {
      assert.ok(error instanceof ToolchainsUnavailableError);
      assert.match(error.message, /golang-1\.3-go golang-1\.3-src/);
      assert.match(error.message, /bookworm-backports/);
      return true;
    });
  });
});
