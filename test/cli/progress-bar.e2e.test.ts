// The download progress bar on a real terminal (script(1) gives gvx a pseudo-terminal): it
// is drawn while the archive downloads, then says that the archive unpacks and is verified
// (not "ETA 0s" meanwhile), and is erased before any other line, so the result line starts
// on a clean line and never runs into the bar.

import assert from 'node:assert/strict';
import { loadConfig } from '../../lib/config.js';
import { requireAptTool } from '../helpers/apt-tools.js';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox, runProcess } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';

const { goos, goarch } = loadConfig({ env: {} });
const CLEAR = '\r\u001b[K';

describe('gvx install: the progress bar on a terminal', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let sandbox: Sandbox;
  let script: string;
  const archive = fakeToolchain('1.22.5', { padBytes: 1024 * 1024 });

  before(function () {
    script = requireAptTool(this, 'script'); // util-linux's script, in bsdutils
  });
  beforeEach(async () => {
    mirror = await startMirror({
      index: [{ version: 'go1.22.5', stable: true, files: [{ filename: archive.filename, os: goos, arch: goarch, version: 'go1.22.5', sha256: archive.sha256, size: archive.size, kind: 'archive' }] }],
      files: { [archive.filename]: archive.buffer },
    });
    // Slow enough for several redraws (at most ten a second), fast enough for a test.
    mirror.setMode(archive.filename, { kind: 'slow', bytesPerTick: 64 * 1024, tickMs: 20 });
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  it('draws the bar, then the unpacking and verifying phases, then clears it before "installed go…"', async () => {
    // script runs the command on a pty and copies what it prints to its own stdout (spawned
    // asynchronously: the mirror answers from this process's event loop).
    const command = `${process.execPath} ${GVX_BIN} install 1.22.5`;
    const { NO_COLOR: _, ...env } = sandbox.env; // gvx draws no bar under NO_COLOR
    const result = await runProcess(script, ['-qefc', command, '/dev/null'], { env: { ...env, TERM: 'xterm' }, cwd: sandbox.cwd, timeoutMs: 50_000 });
    const screen = result.stdout;
    assert.equal(result.code, 0, screen + result.stderr);
    assert.match(screen, /go1\.22\.5 \[#*-*\] [\d.]+\/[\d.]+ MiB [\d.]+ MiB\/s ETA \d+s/, JSON.stringify(screen));
    const installed = screen.indexOf('installed go1.22.5');
    assert.ok(installed > 0, screen);
    const unpacking = screen.indexOf('\rgo1.22.5 unpacking…');
    const verifying = screen.indexOf('\rgo1.22.5 verifying…');
    assert.ok(screen.lastIndexOf(' ETA ') < unpacking && unpacking < verifying && verifying < installed, JSON.stringify(screen.slice(screen.lastIndexOf(' ETA '))));
    // The pty turns \n into \r\n; what precedes the result line is the bar's erasure.
    assert.ok(screen.slice(0, installed).endsWith(CLEAR), JSON.stringify(screen.slice(Math.max(0, installed - 80), installed + 20)));
    assert.doesNotMatch(screen, /ETA \d+sinstalled/);
  });
});
