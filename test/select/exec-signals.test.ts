// `gvx exec SPEC -- CMD`: the command's exit code and the signal that ended it come back
// out of gvx as if the command had run directly (or as 128 + n where re-raising it on Node
// would do something else), a signal sent to gvx reaches the command, and a Ctrl-C, which the
// terminal sends to the whole process group, reaches it once.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';

const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';

describe('gvx exec: exit codes and signals pass through', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archive = fakeToolchain('1.22.5');

  before(async () => {
    mirror = await startMirror({});
    mirror.setIndex([{ version: 'go1.22.5', stable: true, files: [{ filename: archive.filename, os: 'linux', arch, version: 'go1.22.5', sha256: archive.sha256, size: archive.size, kind: 'archive' }] }]);
    mirror.addFile(archive.filename, archive.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    const installed = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(installed.code, 0, installed.stderr);
  });
  after(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('an exit code comes back unchanged, with GOROOT set for the command', async () => {
    const result = await sandbox.runGvx(['exec', '1.22', '--', 'sh', '-c', 'printf %s "$GOROOT"; exit 42']);
    assert.equal(result.code, 42, result.stderr);
    assert.match(result.stdout, /versions\/1\.22\.5$/);
  });

  it('a command killed by a signal makes gvx end by the same signal', async () => {
    const result = await sandbox.runGvx(['exec', '1.22', '--', 'sh', '-c', 'kill -TERM $$']);
    assert.equal(result.signal, 'SIGTERM', `code ${result.code}, stderr ${result.stderr}`);
    assert.equal(result.code, null);
  });

  it('a command killed by SIGINT makes gvx end by SIGINT (so a calling script stops too)', async () => {
    const result = await sandbox.runGvx(['exec', '1.22', '--', 'sh', '-c', 'kill -INT $$']);
    assert.equal(result.signal, 'SIGINT', `code ${result.code}, stderr ${result.stderr}`);
  });

  // Re-raised on Node: SIGUSR1 opens the inspector, SIGPIPE is ignored, SIGQUIT dumps Node's core.
  for (const [signal, code] of [
    ['USR1', 128 + 10],
    ['PIPE', 128 + 13],
    ['QUIT', 128 + 3],
  ] as const) {
    it(`a command killed by SIG${signal}: gvx exits ${code}, and no inspector is opened`, async () => {
      const result = await sandbox.runGvx(['exec', '1.22', '--', 'sh', '-c', `kill -${signal} $$`]);
      assert.equal(result.signal, null, `gvx itself was killed by ${result.signal}`);
      assert.equal(result.code, code);
      assert.doesNotMatch(result.stderr, /Debugger listening|inspector/i);
      assert.equal(result.stderr, '');
    });
  }

  it('Ctrl-C (SIGINT to the whole process group) reaches the command once: gvx passes on no SIGINT; SIGTERM to gvx alone is passed on', async () => {
    const log = join(sandbox.tmp, 'signals.log');
    // One line per signal, then a word on stdout so the test knows it was handled.
    const script = `const { appendFileSync } = require('node:fs');
      process.on('SIGINT', () => { appendFileSync(process.argv[1], 'int\\n'); console.log('got-int'); });
      process.on('SIGTERM', () => { appendFileSync(process.argv[1], 'term\\n'); process.exit(0); });
      console.log('ready');
      setInterval(() => {}, 1 << 30);`;
    // detached: gvx leads its own process group, as a shell's foreground job does.
    const gvx = spawn(process.execPath, [GVX_BIN, 'exec', '1.22', '--', process.execPath, '-e', script, log], {
      env: sandbox.env,
      cwd: sandbox.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const exited = new Promise<number | null>((resolve) => gvx.once('exit', (code) => resolve(code)));
      let stdout = '';
      gvx.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const printed = (word: string) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (!stdout.includes(word)) return;
            gvx.stdout.off('data', check);
            resolve();
          };
          gvx.stdout.on('data', check);
          gvx.once('exit', () => reject(new Error(`gvx exec ended before the command printed ${word}`)));
          check();
        });
      await printed('ready');
      process.kill(-gvx.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
      await printed('got-int');
      // A SIGINT gvx passed on could merge with the pending one above and go unseen; one sent
      // to gvx alone cannot: were it passed on, it would reach the command before the SIGTERM
      // sent after it (gvx handles, and the kernel delivers, signals in that order).
      gvx.kill('SIGINT');
      gvx.kill('SIGTERM');
      assert.equal(await exited, 0, 'the command exited 0 on SIGTERM, and gvx outlived the SIGINT');
      assert.deepEqual(readFileSync(log, 'utf8').split('\n').filter(Boolean), ['int', 'term']);
    } finally {
      if (gvx.exitCode === null && gvx.signalCode === null) process.kill(-gvx.pid!, 'SIGKILL');
    }
  });

  it('SIGTERM sent to gvx reaches the command, whose exit code comes back', async () => {
    const child = spawn(process.execPath, [GVX_BIN, 'exec', '1.22', '--', 'sh', '-c', 'trap "exit 7" TERM; echo ready; while :; do sleep 0.05; done'], {
      env: sandbox.env,
      cwd: sandbox.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', () => reject(new Error('gvx exec ended before the command was ready')));
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 7);
  });
});
