// onInterrupt in real child processes: SIGINT/SIGTERM run the clean-ups and exit with
// 128 + signal number (releasing proper-lockfile's locks on the way); once unregistered, a
// signal kills the process as usual.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onInterrupt } from '../../lib/install/interrupt.js';

const INTERRUPT_JS = new URL('../../lib/install/interrupt.js', import.meta.url).href;
const LOCK_JS = new URL('../../lib/store/lock.js', import.meta.url).href;
const LAYOUT_JS = new URL('../../lib/store/layout.js', import.meta.url).href;

// argv: marker directory, mode ('keep' | 'unregister' | 'lock' <home>).
const CHILD = `
import { rmSync } from 'node:fs';
import { onInterrupt } from ${JSON.stringify(INTERRUPT_JS)};
const [marker, mode, home] = process.argv.slice(2);
if (mode === 'lock') {
  const { acquireInstallLock } = await import(${JSON.stringify(LOCK_JS)});
  const { HomeLayout } = await import(${JSON.stringify(LAYOUT_JS)});
  await acquireInstallLock(new HomeLayout(home), '1.22.0');
}
const offFailing = onInterrupt(() => { throw new Error('a failing clean-up does not stop the others'); });
const off = onInterrupt(() => rmSync(marker, { recursive: true, force: true }));
if (mode === 'unregister') {
  off();
  offFailing();
  off(); // twice is harmless
}
console.log('ready');
setInterval(() => {}, 1 << 30);
`;

describe('onInterrupt', function () {
  let root: string;
  let script: string;
  let marker: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gvx-interrupt-'));
    script = join(root, 'child.mjs');
    await writeFile(script, CHILD);
    marker = join(root, 'staging-tree');
    await mkdir(join(marker, 'go', 'bin'), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Starts the child, waits for "ready", sends `signal`, and returns how it ended. */
  async function interrupt(signal: NodeJS.Signals, ...args: string[]) {
    const child = spawn(process.execPath, [script, marker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) resolve();
      });
      void exited.then((end) => reject(new Error(`child ended before ready: ${JSON.stringify(end)} ${stderr}`)));
    });
    child.kill(signal);
    return { ...(await exited), stderr };
  }

  it('SIGINT: runs the clean-ups, exits 130', async () => {
    const end = await interrupt('SIGINT', 'keep');
    assert.deepEqual([end.code, end.signal], [130, null], end.stderr);
    assert.equal(existsSync(marker), false);
  });

  it('SIGTERM: runs the clean-ups, exits 143', async () => {
    const end = await interrupt('SIGTERM', 'keep');
    assert.deepEqual([end.code, end.signal], [143, null], end.stderr);
    assert.equal(existsSync(marker), false);
  });

  it('locks held by the process are released on the way out', async () => {
    const home = join(root, 'home');
    const end = await interrupt('SIGINT', 'lock', home);
    assert.deepEqual([end.code, end.signal], [130, null], end.stderr);
    assert.equal(existsSync(marker), false);
    assert.equal(existsSync(join(home, 'locks', '1.22.0.lock-target.lock')), false);
  });

  it('after unregistering, SIGINT kills the process as usual and the clean-up does not run', async () => {
    const end = await interrupt('SIGINT', 'unregister');
    assert.deepEqual([end.code, end.signal], [null, 'SIGINT'], end.stderr);
    assert.ok(existsSync(marker), 'an unregistered clean-up does not run');
  });

  it('installs the signal handlers only while something is registered', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const offA = onInterrupt(() => {});
    const offB = onInterrupt(() => {});
    assert.deepEqual([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], [before[0]! + 1, before[1]! + 1]);
    offA();
    assert.deepEqual([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], [before[0]! + 1, before[1]! + 1]);
    offB();
    assert.deepEqual([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], before);
  });
});
