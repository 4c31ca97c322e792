// The env files and shims spell out paths (GVX_HOME, where gvx is installed): sourced or run,
// they must treat every one as data. A home whose name is full of shell syntax is set up and
// used by real bash, zsh, fish and dash (the shim), and files written for a gvx path holding a
// newline are sourced: the MARKER file the names try to create never appears.
// (A newline in GVX_HOME itself is refused by config.ts: test/config.test.ts.)

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderEnvFile, currentStamp, envFilePath } from '../../lib/shell/env-file.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { SHELLS, type ShellName, quoteFor, shellPath } from './interactive.js';
import { requireShell } from './setup.js';

const ARGS: Record<ShellName, string[]> = { bash: ['--norc', '--noprofile', '-i', '-c'], zsh: ['-f', '-i', '-c'], fish: ['--no-config', '--private', '-i', '-c'] };

/** Runs in the cwd, so each `touch MARKER` a name smuggles in would land there. */
const PLANTED = "$(touch MARKER) `touch MARKER`; touch MARKER 'q' \"d\" $HOME \\ \u2019 && touch MARKER #";

/** Sources `file`, then reports PATH's first entry, GOROOT and what `go version` says. */
function sourceAndReport(shell: ShellName, file: string): string {
  const source = `${shell === 'fish' ? 'source' : '.'} ${quoteFor(shell, file)}`;
  if (shell === 'fish') return `${source}; printf 'first=%s\\n' $PATH[1]; printf 'goroot=%s\\n' "$GOROOT"; go version`;
  return `${source}; printf 'first=%s\\n' "\${PATH%%:*}"; printf 'goroot=%s\\n' "$GOROOT"; go version`;
}

describe('env files and shims: paths are data, whatever they hold', function () {
  this.timeout(120000);
  let sandbox: Sandbox;
  let work: string;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    work = join(sandbox.root, 'cwd');
    await mkdir(work);
  });
  afterEach(async () => sandbox?.cleanup());

  describe('a GVX_HOME named with shell syntax', () => {
    let home: string;
    beforeEach(async () => {
      home = join(sandbox.root, PLANTED);
      await makeFakeHome(home, ['1.22.12'], '1.22.12'); // the shims and the env files, for this home
    });

    for (const shell of SHELLS) {
      it(`${shell}: sourcing its env file (GVX_HOME unset: the default is the one written in) sets it up and runs nothing`, async function () {
        requireShell(this, shell);
        const result = await sandbox.run(shellPath(shell)!, [...ARGS[shell], sourceAndReport(shell, envFilePath(home, shell))], { cwd: work, env: { GVX_HOME: undefined } });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^go version go1\.22\.12 /m, 'the shim ran the default');
        assert.ok(result.stdout.includes(`first=${home}/shims\n`), result.stdout);
        assert.ok(result.stdout.includes(`goroot=${home}/versions/1.22.12\n`), result.stdout);
        assert.equal(existsSync(join(work, 'MARKER')), false, 'nothing in the name was run');
      });
    }

    it('dash: the go shim (GVX_HOME unset) runs the default and nothing else', async () => {
      const result = await sandbox.run('dash', [join(home, 'shims', 'go'), 'version'], { cwd: work, env: { GVX_HOME: undefined } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^go version go1\.22\.12 /);
      assert.equal(existsSync(join(work, 'MARKER')), false);
    });
  });

  describe('files written by a gvx whose path holds a newline (and for a home that does)', () => {
    for (const shell of SHELLS) {
      it(`${shell}: sourcing it runs nothing of the paths; the stale file names the gvx that wrote it`, async function () {
        requireShell(this, shell);
        const bin = `/opt/gvx\ntouch MARKER\n${PLANTED}/bin/gvx`; // not there: the file stands aside
        const home = `/nonexistent/home\ntouch MARKER\n${PLANTED}`;
        const text = await renderEnvFile(shell, { home, shimsDir: join(home, 'shims'), gvxArgv: [process.execPath, bin], stamp: await currentStamp() });
        const file = join(sandbox.root, `env.${shell}`);
        await writeFile(file, text);
        // No gvx on PATH: the file can only say it is stale.
        const result = await sandbox.run(shellPath(shell)!, [...ARGS[shell], `${shell === 'fish' ? 'source' : '.'} ${quoteFor(shell, file)}`], { cwd: work, env: { GVX_HOME: undefined } });
        assert.ok(result.stderr.includes(`was written by a gvx that is no longer there (${bin})`), result.stderr);
        assert.equal(existsSync(join(work, 'MARKER')), false, 'nothing in the paths was run');
      });
    }
  });
});
