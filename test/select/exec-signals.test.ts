// `gvx exec SPEC -- CMD`: the command's exit code and the signal that ended it come back
// out of gvx as if the command had run directly, and a signal sent to gvx reaches the command.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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
