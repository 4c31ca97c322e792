// One rule, four implementations: the GOTOOLCHAIN a go call through the shim runs with, as the
// TypeScript function (shimToolchain), the go shim run by dash and by bash, and `gvx exec`
// decide it. Each case of the table is a set of files and an environment; the installed `go`
// is a fake that prints the GOTOOLCHAIN it got, so FIFOs and devices (which the real go
// command would block on or read) test the shim alone. Real Go: toolchain-real.e2e.test.ts;
// that the shim reads the file without forking (strace): toolchain-no-fork.e2e.test.ts.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { shimToolchain, type ShimToolchain, unsetToolchainCommands } from '../../lib/goenv/toolchain.js';
import { renderShim } from '../../lib/shell/shims.js';
import { GVX_BIN } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { runSync } from '../helpers/run-sync.js';
import { makeFifo } from '../helpers/fifo.js';

const VERSION = '1.22.12';
const BUDGET = 64 * 1024;
const UNSET = '<unset>';

/** A file's content, or a special file the shim must not read. */
type FileSpec = string | { fifo: true } | { symlink: string } | { dir: true } | { content: string; mode: number };

interface Case {
  readonly name: string;
  /** Paths relative to the case directory ("u" is HOME); values may use {dir}. */
  readonly files?: Readonly<Record<string, FileSpec>>;
  readonly env?: Readonly<Record<string, string>>;
  /** HOME is u unless this is set. */
  readonly noHome?: true;
  readonly goos?: 'darwin';
  /** file is relative to the case directory. */
  readonly expect: ShimToolchain;
}

const DEFAULT: ShimToolchain = { value: 'local', source: 'gvx shim default' };
const fromFile = (value: string, file = 'u/.config/go/env'): ShimToolchain => ({ value, source: 'go env -w file', file });
const pad = (bytes: number) => `#${'x'.repeat(bytes - 2)}\n`; // a comment line of `bytes` bytes
const isRoot = process.getuid?.() === 0;

const CASES: Case[] = [
  { name: 'no go env file', expect: DEFAULT },
  { name: '~/.config/go/env', files: { 'u/.config/go/env': 'GOPROXY=off\nGOTOOLCHAIN=auto\n' }, expect: fromFile('auto') },
  { name: 'a file without GOTOOLCHAIN', files: { 'u/.config/go/env': 'GOPROXY=off\n' }, expect: DEFAULT },
  {
    name: '$XDG_CONFIG_HOME/go/env, not ~/.config',
    files: { 'x/go/env': 'GOTOOLCHAIN=path\n', 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' },
    env: { XDG_CONFIG_HOME: '{dir}/x' },
    expect: fromFile('path', 'x/go/env'),
  },
  {
    name: 'a relative XDG_CONFIG_HOME: no file at all (os.UserConfigDir fails)',
    files: { 'rel/go/env': 'GOTOOLCHAIN=auto\n', 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' },
    env: { XDG_CONFIG_HOME: 'rel' },
    expect: DEFAULT,
  },
  {
    name: '$GOENV, not the config dir',
    files: { 'mine.env': 'GOTOOLCHAIN=local+path\n', 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' },
    env: { GOENV: '{dir}/mine.env' },
    expect: fromFile('local+path', 'mine.env'),
  },
  { name: 'GOENV=off', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' }, env: { GOENV: 'off' }, expect: DEFAULT },
  { name: 'no HOME', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' }, noHome: true, expect: DEFAULT },
  { name: 'a later line overrides an earlier one', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\nGOPROXY=off\nGOTOOLCHAIN=go1.22.1\n' }, expect: fromFile('go1.22.1') },
  { name: 'an empty last GOTOOLCHAIN= line', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\nGOTOOLCHAIN=\n' }, expect: DEFAULT },
  {
    name: 'lines go ignores: leading blank, comment, lower case, no "="',
    files: { 'u/.config/go/env': ' GOTOOLCHAIN=auto\n#GOTOOLCHAIN=auto\ngotoolchain=auto\nGOTOOLCHAIN\n\n' },
    expect: DEFAULT,
  },
  { name: 'no final newline; the value is not trimmed', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\r\nGOTOOLCHAIN= local+auto ' }, expect: fromFile(' local+auto ') },
  { name: 'the environment wins over the file', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' }, env: { GOTOOLCHAIN: 'go1.99.0' }, expect: { value: 'go1.99.0', source: 'environment' } },
  { name: 'an empty GOTOOLCHAIN in the environment is unset', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' }, env: { GOTOOLCHAIN: '' }, expect: fromFile('auto') },
  { name: 'the environment alone', env: { GOTOOLCHAIN: 'local' }, expect: { value: 'local', source: 'environment' } },
  // Not regular files: skipped, and nothing blocks.
  { name: 'a FIFO', files: { 'u/.config/go/env': { fifo: true } }, expect: DEFAULT },
  { name: 'a symlink to /dev/zero', files: { 'zero.env': { symlink: '/dev/zero' } }, env: { GOENV: '{dir}/zero.env' }, expect: DEFAULT },
  { name: 'a directory', files: { 'u/.config/go/env': { dir: true } }, expect: DEFAULT },
  { name: 'a symlink to a regular file is followed', files: { 'real.env': 'GOTOOLCHAIN=auto\n', 'u/.config/go/env': { symlink: '{dir}/real.env' } }, expect: fromFile('auto') },
  // Root reads a mode-000 file (and so does go); anyone else cannot, and neither can go.
  { name: 'an unreadable file', files: { 'u/.config/go/env': { content: 'GOTOOLCHAIN=auto\n', mode: 0 } }, expect: isRoot ? fromFile('auto') : DEFAULT },
  // The 64 KiB budget: only lines that end within it count.
  { name: 'a line ending at the last byte of the budget counts', files: { 'u/.config/go/env': `${pad(BUDGET - 17)}GOTOOLCHAIN=auto\nX=1\n` }, expect: fromFile('auto') },
  { name: 'a line ending one byte past the budget does not', files: { 'u/.config/go/env': `${pad(BUDGET - 16)}GOTOOLCHAIN=auto\nX=1\n` }, expect: DEFAULT },
  { name: 'a file of exactly the budget, no final newline', files: { 'u/.config/go/env': `${pad(BUDGET - 16)}GOTOOLCHAIN=auto` }, expect: fromFile('auto') },
  // (go reads the whole file and sees the empty last line: a file this odd gets its answer from its first 64 KiB)
  { name: 'an earlier line within the budget still counts', files: { 'u/.config/go/env': `GOTOOLCHAIN=auto\n${'y'.repeat(4 * BUDGET)}\nGOTOOLCHAIN=\n` }, expect: fromFile('auto') },
  { name: 'a 1 MiB line, then GOTOOLCHAIN', files: { 'u/.config/go/env': `${'y'.repeat(1 << 20)}\nGOTOOLCHAIN=auto\n` }, expect: DEFAULT },
  // macOS: os.UserConfigDir is ~/Library/Application Support, XDG_CONFIG_HOME is not looked at.
  {
    name: 'darwin: ~/Library/Application Support/go/env',
    goos: 'darwin',
    files: { 'u/Library/Application Support/go/env': 'GOTOOLCHAIN=auto\n', 'x/go/env': 'GOTOOLCHAIN=path\n' },
    env: { XDG_CONFIG_HOME: '{dir}/x' },
    expect: fromFile('auto', 'u/Library/Application Support/go/env'),
  },
  { name: 'darwin: ~/.config is not it', goos: 'darwin', files: { 'u/.config/go/env': 'GOTOOLCHAIN=auto\n' }, expect: DEFAULT },
];

describe('goenv/toolchain: the GOTOOLCHAIN of a go call through the shim', function () {
  this.timeout(120000);
  let root: string;
  let home: string;
  const shims: Record<'linux' | 'darwin', string> = { linux: '', darwin: '' };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'gvx-gotoolchain-'));
    home = join(root, 'gvx-home');
    const layout = await makeFakeHome(home, [VERSION], VERSION);
    writeFileSync(join(layout.versionDir(VERSION), 'bin', 'go'), `#!/bin/sh\nprintf '%s\\n' "\${GOTOOLCHAIN-${UNSET}}"\n`, { mode: 0o755 });
    shims.linux = join(layout.shimsDir, 'go');
    shims.darwin = join(root, 'go-darwin');
    writeFileSync(shims.darwin, await renderShim('go', home, 'darwin'), { mode: 0o755 });
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  let n = 0;
  function setUp(c: Case) {
    const dir = join(root, `case${n++}`);
    mkdirSync(join(dir, 'u'), { recursive: true });
    const sub = (text: string) => text.replaceAll('{dir}', dir);
    for (const [path, spec] of Object.entries(c.files ?? {})) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      if (typeof spec === 'string') writeFileSync(file, spec);
      else if ('fifo' in spec) makeFifo(file);
      else if ('symlink' in spec) symlinkSync(sub(spec.symlink), file);
      else if ('dir' in spec) mkdirSync(file);
      else {
        writeFileSync(file, spec.content);
        chmodSync(file, spec.mode);
      }
    }
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', GVX_HOME: home, PWD: dir };
    if (!c.noHome) env.HOME = join(dir, 'u');
    for (const [key, value] of Object.entries(c.env ?? {})) env[key] = sub(value);
    const expected: ShimToolchain = c.expect.file ? { ...c.expect, file: join(dir, c.expect.file) } : c.expect;
    // What the fake go prints: the shim's default, the environment's value, or (when the file
    // sets it, which go then reads itself) whatever the environment had.
    const printed = expected.source === 'gvx shim default' ? 'local' : (env.GOTOOLCHAIN ?? UNSET);
    return { dir, env, expected, printed };
  }

  const run = (argv: string[], env: Record<string, string>, cwd: string) => {
    // The timeout ends a shim that blocks (on a FIFO or a device): that is the failure, not a slow machine.
    const result = runSync(argv[0]!, argv.slice(1), { env, cwd, timeout: 60_000 });
    assert.equal(result.error, undefined, `${argv.join(' ')}: ${result.error?.message} (a FIFO or device must not block)`);
    assert.equal(result.status, 0, result.stderr);
    return { stdout: result.stdout };
  };

  for (const c of CASES) {
    it(c.name, () => {
      const { dir, env, expected, printed } = setUp(c);
      assert.deepEqual(shimToolchain(env, c.goos ?? 'linux'), expected, 'shimToolchain');
      const shim = shims[c.goos ?? 'linux'];
      for (const shell of ['dash', 'bash']) {
        const out = run([shell, shim, 'version'], env, dir);
        assert.equal(out.stdout, `${printed}\n`, `the shim under ${shell}`);
      }
      if (!c.goos) {
        const exec = run([process.execPath, GVX_BIN, 'exec', VERSION, '--', 'sh', '-c', `printf '%s\\n' "\${GOTOOLCHAIN-${UNSET}}"`], env, dir);
        assert.equal(exec.stdout, `${printed}\n`, 'gvx exec');
      }
    });
  }

  it('unsetToolchainCommands names every place to take GOTOOLCHAIN from', () => {
    const { dir, env } = setUp({ name: 'unset', files: { 'auto.env': 'GOTOOLCHAIN=auto\n', 'local.env': 'GOTOOLCHAIN=local\n' }, expect: DEFAULT });
    const cases: [Record<string, string>, string][] = [
      [{}, ''],
      [{ GOTOOLCHAIN: 'auto' }, 'unset GOTOOLCHAIN'],
      [{ GOENV: join(dir, 'auto.env') }, 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN'],
      [{ GOENV: join(dir, 'local.env') }, 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN'],
      [{ GOENV: join(dir, 'auto.env'), GOTOOLCHAIN: 'path' }, 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN; unset GOTOOLCHAIN'],
      [{ GOENV: join(dir, 'local.env'), GOTOOLCHAIN: 'path' }, 'unset GOTOOLCHAIN'], // the file's local is what unsetting leaves
    ];
    for (const [extra, expected] of cases) assert.equal(unsetToolchainCommands({ ...env, ...extra }, 'linux'), expected, JSON.stringify(extra));
  });
});
