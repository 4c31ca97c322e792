// GVX_HOME/env.<shell>: how gvx writes the files the README's rc lines source, what the rc
// line says, and which shell `gvx env` prints for. Sourcing them in real shells (zsh, fish,
// strace, script(1)): env-file.e2e.test.ts.

import assert from 'node:assert/strict';
import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentStamp, envFilePath, rcLine, renderEnvFile } from '../../lib/shell/env-file.js';
import { SUPPORTED_SHELLS } from '../../lib/shell/integration.js';
import { fishQuote, powershellQuote, shellQuote } from '../../lib/shell/quoting.js';
import { shellPath } from './interactive.js';
import { type World, makeWorld } from './setup.js';

describe('shell set-up files (GVX_HOME/env.<shell>): writing them', function () {
  this.timeout(120000);
  let world: World;
  before(async () => {
    world = await makeWorld();
  });
  after(async () => world?.cleanup());

  it('gvx env and installs write all four files; a symlink planted there is replaced, never followed', async () => {
    const secret = join(world.sandbox.root, 'secret');
    writeFileSync(secret, 'do not touch\n');
    const bash = envFilePath(world.home, 'bash');
    const { rmSync } = await import('node:fs');
    rmSync(bash);
    symlinkSync(secret, bash);
    const result = await world.sandbox.runGvx(['env', '--shell', 'zsh']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(secret, 'utf8'), 'do not touch\n');
    for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) assert.ok(lstatSync(envFilePath(world.home, shell)).isFile(), shell);
    const before = statSync(bash).mtimeMs;
    await world.sandbox.runGvx(['env', '--shell', 'bash']);
    assert.equal(statSync(bash).mtimeMs, before, 'unchanged content is not rewritten');
  });

  it('the PowerShell file checks the same things before its set-up (text only: no pwsh here)', async () => {
    const text = await readFile(envFilePath(world.home, 'powershell'), 'utf8');
    const stamp = await currentStamp();
    assert.ok(text.includes(`$__GvxEnvHome -eq '${world.home}'`));
    assert.ok(text.includes(`-contains '${stamp.versionLine}'`));
    assert.ok(text.includes(`LastWriteTimeUtc -le`));
    assert.ok(text.includes(`env --shell powershell | Out-String | Invoke-Expression`));
    assert.ok(text.indexOf('# gvx shell integration for PowerShell') > text.indexOf('return\n}'), 'the check comes first');
  });

  it('every path is written inside a quoted string, never in a comment (a home full of shell syntax, a gvx path with a newline)', async () => {
    // config.ts refuses a newline in GVX_HOME; the files must not depend on it, nor on where gvx is installed.
    const home = "/tmp/ODD $x `y` 'q' \"d\" \u2019s; z\n";
    const options = {
      home,
      shimsDir: join(home, 'shims'),
      gvxArgv: ['/opt/ODD node/$(node)', "/opt/ODD\ntouch pwned\n/it's/bin/gvx"],
      stamp: { packageJson: '/opt/ODD `pkg`/package.json', versionLine: '"version": "1.0.0",', builtFile: '/opt/ODD $(b)/gvx.cjs' },
    };
    const quoters = { bash: shellQuote, zsh: shellQuote, fish: fishQuote, powershell: powershellQuote };
    for (const shell of SUPPORTED_SHELLS) {
      const text = await renderEnvFile(shell, options);
      const paths = [home, options.shimsDir, envFilePath(home, shell), ...options.gvxArgv, options.stamp.packageJson, options.stamp.builtFile];
      const quoted = paths.map(quoters[shell]).sort((a, b) => b.length - a.length);
      assert.ok(quoted.every((q) => text.includes(q)), `${shell}: each path is there, quoted`);
      const rest = quoted.reduce((left, q) => left.replaceAll(q, "'…'"), text);
      const unquoted = rest.split('\n').filter((line) => line.includes('ODD'));
      assert.deepEqual(unquoted, [], `${shell}: no path outside a quoted string`);
    }
  });

  it('rcLine spells a path under HOME with $HOME, and quotes an odd one', () => {
    assert.deepEqual(rcLine('/home/me/.local/share/gvx', 'bash', '/home/me'), { line: '. "$HOME/.local/share/gvx/env.bash"', file: '~/.bashrc' });
    assert.equal(rcLine('/home/me/.local/share/gvx', 'fish', '/home/me').line, 'source "$HOME/.local/share/gvx/env.fish"');
    assert.equal(rcLine('/Users/me/Library/Application Support/gvx', 'zsh', '/Users/me').line, '. "$HOME/Library/Application Support/gvx/env.zsh"');
    assert.equal(rcLine('/opt/gvx', 'powershell', '/home/me').line, '. "/opt/gvx/env.ps1"');
    assert.equal(rcLine("/opt/it's $x", 'bash', '/home/me').line, `. '/opt/it'\\''s $x/env.bash'`);
    assert.equal(rcLine("/opt/it's $x", 'fish', '/home/me').line, `source '/opt/it\\'s $x/env.fish'`);
  });

  it('gvx completions tcsh: the hint is a command that works', async () => {
    const result = await world.sandbox.runGvx(['completions', 'tcsh']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /hint: gvx completions bash$/m);
    const hinted = await world.sandbox.runGvx(['completions', 'bash']);
    assert.equal(hinted.code, 0, hinted.stderr);
  });

  describe('which shell gvx env prints for, without --shell', () => {
    it('the parent shell, not $SHELL: bash under SHELL=zsh or SHELL=/bin/sh', async function () {
      for (const SHELL of ['/usr/bin/zsh', '/bin/sh']) {
        const result = await world.sandbox.run(shellPath('bash')!, ['-c', 'eval "$(gvx env)" && type gvx | head -1'], { env: world.env('bash', { SHELL }) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, '', `no zsh code in bash (SHELL=${SHELL})`);
        assert.match(result.stdout, /gvx is a function/);
      }
    });

    it('falls back to $SHELL when the parent is no shell (here: node)', async () => {
      const result = await world.sandbox.runGvx(['env'], { env: { SHELL: '/usr/bin/fish' } });
      assert.match(result.stdout, /^# gvx shell integration for fish/);
    });
  });
});
