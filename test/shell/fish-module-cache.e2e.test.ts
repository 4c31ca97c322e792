// The fish resolver's module parse (lib/shell/fish.ts, __gvx_parse): what the shared table
// (test/select/resolution-cases.ts) cannot see. The parse cache in GVX_HOME/cache/modules-2: a
// hit starts no process, a change to the module file (even within the same second, even a
// rename of an older file into place) is seen at once, and a planted symlink or FIFO is never
// written through or read. Bytes: the 64 KiB budget counts bytes when multibyte UTF-8 comes
// before the cut, and a GOWORK path from the go env file keeps its non-ASCII bytes.
// A `head` on PATH that logs each call counts the processes the resolver starts.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gvxArgv } from '../../lib/package-info.js';
import { loadShell } from '../../lib/shell/load-shell.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { shellPath } from './interactive.js';
import { requireShell } from './setup.js';
import { runSync } from '../helpers/run-sync.js';
import { makeFifo } from '../helpers/fifo.js';

const PROBE = `__gvx_resolve $GVX_HOME $PWD; printf '%s\\n' "$__gvx_version" "$__gvx_req"`;

describe('the fish resolver reads a module file once per change (parse cache), byte-exact', function () {
  this.timeout(120_000);
  let base: string;
  let home: string;
  let cache: string;
  let script: string;
  let bin: string;
  let headLog: string;
  before(async function () {
    requireShell(this, 'fish');
    base = mkdtempSync(join(tmpdir(), 'gvx-fish-cache-'));
    home = join(base, 'home');
    await makeFakeHome(home, ['1.21.13', '1.22.12', '1.23.5'], '1.21');
    cache = join(home, 'cache', 'modules-2');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    script = join(base, 'env.fish');
    writeFileSync(script, await (await loadShell('fish')).render({ home, shimsDir: join(base, 'shims'), gvxArgv: gvxArgv(), useOnCd: true }));
    bin = join(base, 'bin');
    headLog = join(base, 'head.log');
    mkdirSync(bin);
    writeFileSync(join(bin, 'head'), `#!/bin/sh\necho "$@" >>'${headLog}'\nexec /usr/bin/head "$@"\n`);
    chmodSync(join(bin, 'head'), 0o755);
  });
  after(() => base && rmSync(base, { recursive: true, force: true }));

  /** The version and requirement fish resolves in DIR, and how many times it ran head. */
  const resolve = (dir: string, env: Record<string, string> = {}) => {
    rmSync(headLog, { force: true });
    const result = runSync(shellPath('fish')!, ['--no-config', '--private', '-c', `source '${script}'; ${PROBE}`], {
      cwd: dir,
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: base, GVX_HOME: home, PWD: dir, LANG: 'C.UTF-8', ...env },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const [version, requirement] = result.stdout.split('\n');
    const heads = existsSync(headLog) ? readFileSync(headLog, 'utf8').split('\n').filter(Boolean).length : 0;
    return { version, requirement, heads };
  };

  const project = (name: string, gomod: string | Buffer) => {
    const dir = join(base, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), gomod);
    return dir;
  };
  const entry = (dir: string) => join(cache, `${dir}/go.mod`.replaceAll('/', '%'));

  it('parses on a miss (one head), then hits without starting a process', () => {
    const dir = project('hit', `module m\n\nrequire (\n${'\tx v1\n'.repeat(200)})\n\ngo 1.23.0\n`);
    assert.deepEqual(resolve(dir), { version: '1.23.5', requirement: '1.23.0', heads: 1 });
    const [token, go, tc] = readFileSync(entry(dir), 'utf8').trim().split(' ');
    assert.match(token!, /^[0-9]+$/);
    assert.deepEqual([go, tc], ['1.23.0', '-']);
    assert.equal(readFileSync(`${entry(dir)}.s`, 'utf8'), `${token}\n`);
    assert.deepEqual(resolve(dir), { version: '1.23.5', requirement: '1.23.0', heads: 0 });
  });

  it('sees an edit at once, and a rename of an older file into place', () => {
    const dir = project('edit', 'module m\ngo 1.23.0\n');
    assert.equal(resolve(dir).version, '1.23.5');
    writeFileSync(join(dir, 'go.mod'), 'module m\ngo 1.22.0\n'); // within the same second
    assert.deepEqual(resolve(dir), { version: '1.22.12', requirement: '1.22.0', heads: 1 });
    const old = join(base, 'old.mod');
    writeFileSync(old, 'module m\ngo 1.23.0\n');
    utimesSync(old, new Date('2020-01-01'), new Date('2020-01-01'));
    renameSync(old, join(dir, 'go.mod'));
    assert.deepEqual(resolve(dir), { version: '1.23.5', requirement: '1.23.0', heads: 1 });
  });

  it('distrusts a result whose token is not the stamp\'s, and writes nothing through a symlink or into a FIFO', () => {
    const dir = project('hostile', 'module m\ngo 1.22.0\n');
    resolve(dir);
    writeFileSync(entry(dir), '1 1.23.0 -\n'); // another token
    assert.deepEqual(resolve(dir), { version: '1.22.12', requirement: '1.22.0', heads: 1 });

    const secret = join(base, 'secret');
    writeFileSync(secret, 'secret\n');
    rmSync(entry(dir));
    symlinkSync(secret, entry(dir));
    assert.deepEqual(resolve(dir), { version: '1.22.12', requirement: '1.22.0', heads: 1 });
    assert.equal(readFileSync(secret, 'utf8'), 'secret\n');
    assert.ok(lstatSync(entry(dir)).isSymbolicLink());

    rmSync(entry(dir));
    rmSync(`${entry(dir)}.s`);
    makeFifo(`${entry(dir)}.s`);
    assert.deepEqual(resolve(dir), { version: '1.22.12', requirement: '1.22.0', heads: 1 }); // no hang
    assert.ok(lstatSync(`${entry(dir)}.s`).isFIFO());
  });

  it('parses every time a path the cache cannot name (a space)', () => {
    const dir = project('with space', 'module m\ngo 1.22.0\n');
    assert.equal(resolve(dir).heads, 1);
    assert.equal(resolve(dir).heads, 1);
  });

  it('counts the budget in bytes, multibyte UTF-8 before the cut included', () => {
    // "module m\n//  " and 2-byte characters: the go line's newline is the 65536th byte, or the 65537th.
    const at = (pad: string) => Buffer.concat([Buffer.from(`module m\n//${pad}`), Buffer.from('é'.repeat(32756)), Buffer.from(`\ngo 1.22.0\n${'y'.repeat(100)}`)]);
    assert.equal(at('  ').indexOf('go 1.22.0\n') + 10, 65536);
    assert.equal(resolve(project('utf8-in', at('  '))).version, '1.22.12');
    assert.equal(resolve(project('utf8-out', at('   '))).version, '1.21.13');
  });

  it('takes GOWORK from the go env file with its bytes (UTF-8 and invalid UTF-8 in the path)', () => {
    for (const name of [Buffer.from('dé'), Buffer.from([0x78, 0xff])]) {
      const workDir = Buffer.concat([Buffer.from(`${base}/work-`), name]);
      mkdirSync(workDir, { recursive: true });
      writeFileSync(Buffer.concat([workDir, Buffer.from('/go.work')]), 'go 1.23.0\n');
      const dir = project(`gowork-${name.toString('hex')}`, 'module m\ngo 1.22.0\n');
      const line = Buffer.concat([Buffer.from('GOWORK='), workDir, Buffer.from('/go.work\n')]);
      const small = join(base, 'go.env.small');
      writeFileSync(small, Buffer.concat([Buffer.from('GOPRIVATE=example.com\n'), line]));
      // One head: the go.work, whose path the cache cannot name; none for the go env file.
      assert.deepEqual(resolve(dir, { GOENV: small }), { version: '1.23.5', requirement: '1.23.0', heads: 1 });
      const large = join(base, 'go.env.large'); // over 1 KiB: head reads it too
      writeFileSync(large, Buffer.concat([Buffer.from(`# ${'x'.repeat(2000)}\n`), line]));
      assert.deepEqual(resolve(dir, { GOENV: large }), { version: '1.23.5', requirement: '1.23.0', heads: 2 });
    }
  });
});
