// The ustar writer must produce archives a real tar reader accepts (checksums, prefix and PAX
// names), and each hostile variant must contain exactly the entry it promises.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { type Hostile, fakeToolchain, pathsContaining, tarGz } from './archives.js';
import { goPlatform } from '../../scripts/toolchain-fixtures.js';
import { runSync, runSyncOk } from './run-sync.js';

interface Listed {
  path: string;
  type: string;
  linkpath?: string;
  mode?: number;
}

/** Lists with node-tar in strict mode: a bad checksum or header is an error, not a warning. */
async function list(buffer: Buffer): Promise<Listed[]> {
  const entries: Listed[] = [];
  await pipeline(
    Readable.from([buffer]),
    tar.t({
      strict: true,
      onReadEntry: (e) => entries.push({ path: e.path, type: e.type, linkpath: e.linkpath, mode: e.mode }),
    }),
  );
  return entries;
}

describe('helpers/archives: synthetic Go releases', () => {
  const { goos, goarch } = goPlatform();
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-archives-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a benign toolchain lists cleanly with node-tar and carries its own hash and size', async () => {
    const fake = fakeToolchain('1.22.5');
    assert.equal(fake.filename, `go1.22.5.${goos}-${goarch}.tar.gz`);
    assert.equal(fake.size, fake.buffer.length);
    assert.equal(fake.sha256, createHash('sha256').update(fake.buffer).digest('hex'));
    const entries = await list(fake.buffer);
    const paths = entries.map((e) => e.path);
    for (const p of ['go/', 'go/VERSION', 'go/bin/go', 'go/bin/gofmt', 'go/src/README', `go/pkg/tool/${goos}_${goarch}/`]) {
      assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    }
    assert.ok(paths.every((p) => p.startsWith('go/')));
    assert.equal(entries.find((e) => e.path === 'go/bin/go')!.mode! & 0o777, 0o755);
    assert.deepEqual(fake.canaryPaths, []);
    assert.equal(fake.canaryDir, undefined);
  });

  it('the fake go answers version, env and version -m like the real one', async () => {
    await pipeline(Readable.from([fakeToolchain('1.21.9').buffer]), tar.x({ cwd: dir, strict: true }));
    const go = join(dir, 'go', 'bin', 'go');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const run = (args: string[], extra: Record<string, string> = {}) =>
      runSyncOk(go, args, { env: { ...env, ...extra } });
    assert.equal(run(['version']), `go version go1.21.9 ${goos}/${goarch}\n`);
    assert.equal(run(['env', 'GOROOT', 'GOVERSION']), `${join(dir, 'go')}\ngo1.21.9\n`);
    assert.equal(run(['env', 'GOROOT'], { GOROOT: '/somewhere/else' }), '/somewhere/else\n');
    assert.equal(run(['env', 'GOTOOLCHAIN']), 'auto\n');
    assert.equal(run(['env', 'GOTOOLCHAIN'], { GOTOOLCHAIN: 'local' }), 'local\n');
    assert.match(run(['version', '-m', go]), new RegExp(`^${go}: go1\\.21\\.9\\n\\tpath\\tcmd/go\\n.*\\tbuild\\tGOOS=${goos}\\n$`, 's'));
    assert.equal(run(['build', './...']), 'fake go 1.21.9: build ./...\n');
    assert.equal(runSyncOk(join(dir, 'go', 'bin', 'gofmt'), []), 'gofmt 1.21.9\n');
    // Through a symlink the root is still the script's real location, as with the real go.
    await symlink(join(dir, 'go', 'bin', 'go'), join(dir, 'go-link'));
    assert.equal(runSyncOk(join(dir, 'go-link'), ['env', 'GOROOT'], { env }), `${join(dir, 'go')}\n`);
    assert.equal(runSync(go, ['fake-exit', '7'], { env }).status, 7);
  });

  it('long names use the ustar prefix field, and PAX beyond that', async () => {
    const prefixed = `go/${'d'.repeat(90)}/${'f'.repeat(90)}`;
    const pax = `go/${'x/'.repeat(150)}file`;
    const longLink = `go/${'l'.repeat(150)}`;
    const entries = await list(
      tarGz([
        { path: prefixed, content: 'a' },
        { path: pax, content: 'b' },
        { path: 'go/link', type: 'symlink', linkpath: longLink },
      ]),
    );
    assert.deepEqual(entries.map((e) => e.path), [prefixed, pax, 'go/link']);
    assert.equal(entries[2]!.linkpath, longLink);
  });

  it('GNU tar reads the archive too', async function () {
    const gnuTar = ['/usr/bin/tar', '/bin/tar'].find((p) => existsSync(p));
    if (!gnuTar) this.skip();
    const file = join(dir, 'a.tar.gz');
    await writeFile(file, fakeToolchain('1.22.5', { padBytes: 3000 }).buffer);
    const listing = runSyncOk(gnuTar, ['-tzvf', file]);
    assert.match(listing, /^-rwxr-xr-x .* go\/bin\/go$/m);
    assert.match(listing, /^-rw-r--r-- .* 3000 .* go\/pkg\/pad\.bin$/m);
  });

  const expected: Record<Exclude<Hostile, 'missing-go-binary' | 'wrong-version-file'>, (e: Listed[], canary: string) => boolean> = {
    outside: (e) => e.some((x) => /^evil-[0-9a-f]+\/x$/.test(x.path)),
    absolute: (e, c) => e.some((x) => x.path === join(c, 'absolute')),
    dotdot: (e, c) => e.some((x) => /^go\/\.\.\/\.\.\/evil-/.test(x.path)) && e.some((x) => x.path.startsWith('go/../') && x.path.endsWith(`${c.slice(1)}/dotdot`)),
    'symlink-out': (e) =>
      e.some((x) => x.type === 'SymbolicLink' && x.linkpath === '/etc') && e.some((x) => x.type === 'SymbolicLink' && x.linkpath === '../../..'),
    'hardlink-out': (e) => e.some((x) => x.type === 'Link' && x.path === 'go/bin/h' && x.linkpath === '/etc/passwd'),
    'write-through-symlink': (e, c) => {
      const i = e.findIndex((x) => x.path === 'go/lib' && x.type === 'SymbolicLink' && x.linkpath === c);
      return i >= 0 && e.findIndex((x) => x.path === 'go/lib/pwned') > i;
    },
  };

  for (const [hostile, check] of Object.entries(expected)) {
    it(`hostile '${hostile}' contains its bad entry, aimed at an existing empty canary dir`, async () => {
      const fake = fakeToolchain('1.22.7', { hostile: hostile as Hostile });
      const entries = await list(fake.buffer);
      assert.ok(fake.canaryDir && statSync(fake.canaryDir).isDirectory());
      assert.deepEqual(readdirSync(fake.canaryDir), []);
      assert.ok(check(entries, fake.canaryDir), entries.map((e) => `${e.type} ${e.path} -> ${e.linkpath ?? ''}`).join('\n'));
      // The standard tree is still there, so only the hostile entry can be the reason to refuse.
      assert.ok(entries.some((e) => e.path === 'go/bin/go'));
      for (const canary of fake.canaryPaths) assert.ok(canary.startsWith(`${fake.canaryDir}/`));
    });
  }

  it('node-tar extraction of a hostile archive leaves the canaries alone (they are real targets)', async () => {
    const fake = fakeToolchain('1.22.7', { hostile: 'write-through-symlink' });
    assert.deepEqual(fake.canaryPaths.map((p) => existsSync(p)), [false, false]);
    // node-tar's own defences: it refuses to write through the symlinks.
    await pipeline(Readable.from([fake.buffer]), tar.x({ cwd: dir }));
    assert.deepEqual(fake.canaryPaths.map((p) => existsSync(p)), [false, false]);
  });

  it('missing-go-binary and wrong-version-file are otherwise valid releases', async () => {
    const missing = await list(fakeToolchain('1.22.8', { hostile: 'missing-go-binary' }).buffer);
    assert.ok(!missing.some((e) => e.path === 'go/bin/go'));
    assert.ok(missing.some((e) => e.path === 'go/VERSION'));

    await pipeline(Readable.from([fakeToolchain('1.22.8', { hostile: 'wrong-version-file' }).buffer]), tar.x({ cwd: dir, strict: true }));
    assert.match(readFileSync(join(dir, 'go', 'VERSION'), 'utf8'), /^go1\.99\.0\n/);
    assert.ok(existsSync(join(dir, 'go', 'bin', 'go')));
  });

  it('pathsContaining finds names and link targets carrying the token', async () => {
    await writeFile(join(dir, 'evil-abc123'), '');
    await symlink('/tmp/evil-abc123/x', join(dir, 'innocent'));
    await writeFile(join(dir, 'fine'), '');
    assert.deepEqual((await pathsContaining(dir, 'abc123')).sort(), [join(dir, 'evil-abc123'), join(dir, 'innocent')]);
  });
});
