// Output into a pipe whose reader has gone (`gvx ls-remote | head -1`): gvx exits at once with
// the status of a process killed by SIGPIPE (141, see EXIT_BROKEN_PIPE in lib/cli/main.ts) and
// writes nothing on stderr: no EPIPE stack trace.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

/** 200 × 200 stable releases: about 350 KB of ls-remote output, far more than a pipe holds. */
function bigIndex(): { version: string; stable: boolean; files: [] }[] {
  const releases = [];
  for (let minor = 1; minor <= 200; minor++) for (let patch = 1; patch <= 200; patch++) releases.push({ version: `go1.${minor}.${patch}`, stable: true, files: [] as [] });
  return releases;
}

describe('gvx writing into a closed pipe', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mirror: Mirror;
  before(async () => {
    sandbox = await makeSandbox();
    mirror = await startMirror({ index: bigIndex() });
    sandbox.env.GVX_MIRROR = mirror.url;
    await makeFakeHome(sandbox.home, ['1.22.12'], '1.22.12');
  });
  after(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('gvx ls-remote | head -1: head prints its line, gvx exits 141 with nothing on stderr', async () => {
    // gvx's stderr and its status bypass head (2>&1 outside the pipe): anything gvx says shows.
    const result = await sandbox.run('sh', ['-c', `{ { "$0" "$1" ls-remote; echo "gvx status=$?" >&2; } | head -1; } 2>&1`, process.execPath, GVX_BIN]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '1.200.200\ngvx status=141\n');
    assert.equal(result.stderr, '');
  });

  it('gvx current with a stdout nobody reads: exit 141, stderr empty', async () => {
    const child = spawn(process.execPath, [GVX_BIN, 'current'], { env: sandbox.env, cwd: sandbox.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before node has even started: the very first write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.equal(stderr, '');
    assert.deepEqual([code, signal], [141, null]);
  });
});
