// Downloads that do not finish in one go, end to end: real gvx processes, real signals
// (kill -9, SIGINT) and real HTTP over loopback. What an interrupted install leaves in
// GVX_HOME/downloads is continued by the next install with `Range: bytes=N-`; a server
// without Range, or kept bytes that do not verify, get a clean download from the start; and
// an install interrupted while unpacking keeps its verified download, so the next one does
// not fetch the archive again.
//
// Every wait polls for a condition (a file's size, a directory's content), never a fixed
// sleep. The "random points" come from a seeded generator: the seed is in the suite's title,
// and GVX_TEST_SEED=<seed> replays a run.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, utimesSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { type Mirror, type MirrorRequest, startMirror } from '../helpers/mirror.js';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { realMirror } from '../helpers/real-home.js';
import { realToolchainsOrSkip } from '../helpers/real-toolchains.js';
import { TEST_SEED, seededRandom, testSeedLabel } from '../helpers/seeded-random.js';

const PLATFORM = { os: 'linux', arch: process.arch === 'arm64' ? 'arm64' : 'amd64' };
const VERSION = '1.22.5';

const random = seededRandom(TEST_SEED);
/** A random fraction of the archive in [0.2, 0.8]. */
const randomPoint = () => 0.2 + 0.6 * random();

function release(version: string, archive: { filename: string; sha256: string; size: number }) {
  return { version: `go${version}`, stable: true, files: [{ filename: archive.filename, os: PLATFORM.os, arch: PLATFORM.arch, version: `go${version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' }] };
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<Ended>;
  /** Set once the child has exited. */
  ended?: Ended;
  stderr(): string;
}

/** The status a shell reports: the exit code, or 128 + n for a death by signal n. */
function shellStatus(end: Ended): number | null {
  if (end.code !== null) return end.code;
  return end.signal ? 128 + osConstants.signals[end.signal] : null;
}

function describeEnd(end: Ended): string {
  return `code ${end.code}, signal ${end.signal}\n--- stderr ---\n${end.stderr}--- stdout ---\n${end.stdout}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every few ms until it returns a value other than undefined/false. Fails
 * with `what` on timeout, or as soon as `running` exits (the moment waited for cannot come).
 */
async function waitFor<T>(what: string, condition: () => T | undefined | false, options: { running?: Running; timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (options.running?.ended) assert.fail(`gvx exited before ${what}: ${describeEnd(options.running.ended)}`);
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${options.running ? `; gvx stderr so far:\n${options.running.stderr()}` : ''}`);
    await sleep(3);
  }
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe(`gvx install: interrupted and resumed downloads (${testSeedLabel})`, function () {
  this.timeout(60000);
  // 6 MiB of incompressible padding: at 64 KiB every 10 ms the download lasts about a second,
  // long enough to stop it at a chosen point. Generated per run, never committed.
  const archive = fakeToolchain(VERSION, { padBytes: 6 * 1024 * 1024 });
  const SLOW = { kind: 'slow', bytesPerTick: 64 * 1024, tickMs: 10 } as const;

  let mirror: Mirror;
  let sandbox: Sandbox;
  let children: Running[] = [];

  beforeEach(async () => {
    mirror = await startMirror({});
    mirror.setIndex([release(VERSION, archive)]);
    mirror.addFile(archive.filename, archive.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.GVX_HTTP_RETRY_DELAY_MS = '20';
  });
  afterEach(async () => {
    // Only children this file started, by pid: a failed assertion must not leave one running.
    for (const running of children) {
      if (!running.ended) {
        try {
          process.kill(running.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await running.exited;
      }
    }
    children = [];
    await mirror.close();
    await sandbox?.cleanup();
  });

  /** `gvx install <spec>` as a child we can signal; stdout/stderr are collected. */
  function startInstall(box: Sandbox, spec: string): Running {
    const child = spawn(process.execPath, [GVX_BIN, 'install', spec], { env: box.env, cwd: box.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    assert.ok(child.pid !== undefined, 'gvx started');
    const running: Running = {
      child,
      pid: child.pid,
      // 'close': the output is complete too.
      exited: new Promise<Ended>((resolve) =>
        child.once('close', (code, signal) => {
          running.ended = { code, signal, stdout, stderr };
          resolve(running.ended);
        }),
      ),
      stderr: () => stderr,
    };
    children.push(running);
    return running;
  }

  /** The cached download of `filename` in `box`'s GVX_HOME/downloads ("<key>-<filename>"), if any. */
  function cachedDownload(box: Sandbox, filename: string): string | undefined {
    const dir = join(box.home, 'downloads');
    const name = entries(dir).find((n) => n.endsWith(`-${filename}`));
    return name === undefined ? undefined : join(dir, name);
  }

  function lockDir(box: Sandbox, version: string): string {
    return join(box.home, 'locks', `${version}.lock-target.lock`);
  }

  /**
   * A process killed with -9 leaves its lock behind; the next install takes it over once it
   * is 5 s old (proper-lockfile's staleness, covered for real in concurrency.test.ts). Age it
   * now instead of waiting those seconds in every scenario.
   */
  function ageStaleLock(box: Sandbox, version: string): void {
    const lock = lockDir(box, version);
    if (!existsSync(lock)) return;
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past);
  }

  /** Requests for `filename` made after the first `from` requests. */
  function archiveRequests(m: Mirror, filename: string, from = 0): MirrorRequest[] {
    return m.requests.slice(from).filter((r) => r.path.split('?')[0] === `/${filename}`);
  }

  /**
   * The next install after an interrupted one, from a healthy mirror (a killed run's lock aged
   * stale first); it must succeed. Returns it with its requests for the archive.
   */
  async function installAgain(): Promise<{ again: Ended; requests: MirrorRequest[] }> {
    ageStaleLock(sandbox, VERSION);
    mirror.setMode(archive.filename, { kind: 'ok' });
    const before = mirror.requests.length;
    const again = await sandbox.runGvx(['install', VERSION]);
    assert.equal(again.code, 0, describeEnd(again));
    return { again, requests: archiveRequests(mirror, archive.filename, before) };
  }

  function showRequests(list: MirrorRequest[]): string {
    return JSON.stringify(list.map((r) => ({ range: r.range, status: r.status })));
  }

  /**
   * Starts `gvx install` against a slow mirror, waits until the cached download holds at
   * least `fraction` of the archive, then sends `signal`. Returns how gvx ended and the
   * download's size when the signal was sent.
   */
  async function interruptDownload(signal: NodeJS.Signals, fraction: number): Promise<{ end: Ended; observed: number; target: number }> {
    mirror.setMode(archive.filename, SLOW);
    const running = startInstall(sandbox, VERSION);
    const target = Math.floor(fraction * archive.size);
    const observed = await waitFor(
      `the download to reach ${target} of ${archive.size} bytes`,
      () => {
        const file = cachedDownload(sandbox, archive.filename);
        const size = file === undefined ? undefined : sizeOf(file);
        return size !== undefined && size >= target ? size : undefined;
      },
      { running },
    );
    process.kill(running.pid, signal);
    const end = await running.exited;
    assert.ok(observed < archive.size, `the ${signal} came mid-download (at ${observed} of ${archive.size} bytes)`);
    return { end, observed, target };
  }

  /** The installed version, its record naming the archive's sha256, and no cached download left. */
  function assertInstalledFromArchive(box: Sandbox, version: string, sha256: string, filename: string): void {
    const root = join(box.home, 'versions', version);
    assert.ok(existsSync(join(root, 'bin', 'go')), `versions/${version}/bin/go exists`);
    const record = JSON.parse(readFileSync(join(root, '.gvx-install.json'), 'utf8'));
    assert.equal(record.sha256, sha256, 'the install record has the sha256 of the archive the index lists');
    assert.equal(cachedDownload(box, filename), undefined, 'the cached download is deleted after a successful install');
    assert.deepEqual(entries(join(box.home, 'staging')), [], 'no staging directory is left');
  }

  function assertNothingInstalled(box: Sandbox): void {
    assert.deepEqual(entries(join(box.home, 'versions')), [], 'nothing is in versions/');
  }

  // Drawn here, in a fixed order, so the titles show them and a seed replays all of them.
  const killPoints = [randomPoint(), randomPoint(), randomPoint()];
  const sigintPoint = randomPoint();
  const noRangePoint = randomPoint();
  const corruptPoint = randomPoint();
  const corruptAt = random(); // where in the kept bytes the flipped byte is, as a fraction
  const pct = (point: number) => `${(point * 100).toFixed(1)}%`;
  for (const point of killPoints) {
    it(`kill -9 at ${pct(point)} of the download, then the next install resumes it (206) and succeeds`, async () => {
      const { end, observed } = await interruptDownload('SIGKILL', point);
      assert.equal(end.signal, 'SIGKILL', describeEnd(end));
      assertNothingInstalled(sandbox);
      const partial = cachedDownload(sandbox, archive.filename);
      assert.ok(partial, 'the partial download is kept in downloads/');
      const kept = sizeOf(partial)!;
      assert.ok(kept >= observed && kept < archive.size, `the kept file (${kept} bytes) holds at least what was seen at kill time (${observed}) and is not whole (${archive.size})`);
      assert.ok(archive.buffer.subarray(0, kept).equals(readFileSync(partial)), 'the kept bytes are a prefix of the archive');

      const { again, requests } = await installAgain();
      assert.equal(requests.length, 1, `one request for the archive: ${showRequests(requests)}`);
      const match = /^bytes=(\d+)-$/.exec(requests[0]!.range ?? '');
      assert.ok(match, `the request continues the kept bytes with a Range: ${showRequests(requests)}`);
      const from = Number(match[1]);
      assert.ok(from >= observed, `the Range starts at ${from}, at or after the ${observed} bytes seen at kill time`);
      assert.equal(from, kept, 'the Range starts exactly where the kept file ends');
      assert.equal(requests[0]!.status, 206, 'the mirror answered the Range with 206');
      assert.match(again.stderr, /resuming the download at/, 'gvx says it resumes');
      assertInstalledFromArchive(sandbox, VERSION, archive.sha256, archive.filename);
    });
  }

  it(`SIGINT at ${pct(sigintPoint)} of the download: exit status 130, download kept, lock released; the next install resumes (206)`, async () => {
    const { end, observed } = await interruptDownload('SIGINT', sigintPoint);
    // Before unpacking gvx has no SIGINT handler of its own: signal-exit (proper-lockfile's)
    // frees the lock and re-raises the signal, so the process dies by SIGINT, which a shell
    // reports as 130 just like an exit(130).
    assert.equal(shellStatus(end), 130, `a shell sees status 130: ${describeEnd(end)}`);
    assertNothingInstalled(sandbox);
    assert.deepEqual(entries(join(sandbox.home, 'staging')), [], 'no staging entries remain');
    assert.equal(existsSync(lockDir(sandbox, VERSION)), false, 'the install lock is released');
    const partial = cachedDownload(sandbox, archive.filename);
    assert.ok(partial, 'the partial download is kept in downloads/');
    const kept = sizeOf(partial)!;
    assert.ok(kept >= observed && kept < archive.size, `the kept file has ${kept} bytes (seen ${observed}, whole ${archive.size})`);

    mirror.setMode(archive.filename, { kind: 'ok' });
    const before = mirror.requests.length;
    const again = await sandbox.runGvx(['install', VERSION]);
    assert.equal(again.code, 0, describeEnd(again));
    assert.doesNotMatch(again.stderr, /waiting for another gvx/, 'no lock was left to wait for');
    const requests = archiveRequests(mirror, archive.filename, before);
    assert.deepEqual(
      requests.map((r) => ({ range: r.range, status: r.status })),
      [{ range: `bytes=${kept}-`, status: 206 }],
      'one Range request from the kept size, answered 206',
    );
    assertInstalledFromArchive(sandbox, VERSION, archive.sha256, archive.filename);
  });

  it('SIGINT while unpacking a real toolchain: exit 130, staging removed, the verified download kept and not fetched again', async function () {
    const toolchains = await realToolchainsOrSkip(this, ['1.22']);
    this.timeout(60000);
    const real = toolchains.releases[0]!;
    const realMirrorServer = await realMirror(toolchains);
    const lost: string[] = [];
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const box = await makeSandbox();
        try {
          box.env.GVX_MIRROR = realMirrorServer.url;
          const running = startInstall(box, real.version);
          const stagingDir = join(box.home, 'staging');
          const versionDir = join(box.home, 'versions', real.version);
          // The moment unpacking has begun: a staging/<version>-XXXXXX directory with content.
          const seen = await waitFor(
            'unpacking to start (a staging directory with content) or the install to finish',
            () => {
              if (existsSync(versionDir)) return 'installed';
              for (const name of entries(stagingDir)) {
                if (name.startsWith(`${real.version}-`) && entries(join(stagingDir, name)).length > 0) return name;
              }
              return running.ended ? 'exited' : undefined;
            },
            { timeoutMs: 45000 },
          );
          if (seen === 'exited') assert.fail(`gvx exited before unpacking: ${describeEnd(running.ended!)}`);
          if (seen !== 'installed') process.kill(running.pid, 'SIGINT');
          const end = await running.exited;
          if (seen === 'installed' || end.code === 0 || existsSync(versionDir)) {
            // The unpack (or the rename) won the race against the signal: nothing was tested.
            lost.push(`attempt ${attempt}: ${seen === 'installed' ? 'installed before unpacking was seen' : `signal came too late (${describeEnd(end).split('\n')[0]})`}`);
            console.log(`      (the unpack won the race against SIGINT, retrying with a fresh home: ${lost[lost.length - 1]})`);
            continue;
          }

          assert.deepEqual([end.code, end.signal], [130, null], `SIGINT while unpacking exits 130 through gvx's handler: ${describeEnd(end)}`);
          assert.deepEqual(entries(stagingDir), [], 'the half-unpacked staging tree is removed');
          assert.equal(existsSync(versionDir), false, `versions/${real.version} does not exist`);
          assert.equal(existsSync(lockDir(box, real.version)), false, 'the install lock is released');
          const kept = cachedDownload(box, real.filename);
          assert.ok(kept, 'the verified download is kept in downloads/');
          assert.equal(sizeOf(kept), real.size, 'the kept download is complete');
          assert.equal(await sha256File(kept), real.sha256, 'the kept download is the verified archive');

          const before = realMirrorServer.requests.length;
          const again = await box.runGvx(['install', real.version]);
          assert.equal(again.code, 0, describeEnd(again));
          // The whole file is kept: gvx asks for the bytes after it, the server has none
          // (416 with "bytes */size"), and the hash of the kept file decides.
          const requests = archiveRequests(realMirrorServer, real.filename, before);
          assert.deepEqual(
            requests.map((r) => ({ range: r.range, status: r.status })),
            [{ range: `bytes=${real.size}-`, status: 416 }],
            'no second download: one Range request past the end, answered 416',
          );
          assert.doesNotMatch(again.stderr, /did not verify/, 'the kept download verified');
          assertInstalledFromArchive(box, real.version, real.sha256, real.filename);
          return;
        } finally {
          await box.cleanup();
        }
      }
      assert.fail(`could not interrupt the unpack in 3 tries (it always finished first): ${lost.join('; ')}`);
    } finally {
      await realMirrorServer.close();
    }
  });

  it(`a server without Range: kill -9 at ${pct(noRangePoint)}, then the next install restarts with a 200 and succeeds`, async () => {
    mirror.setRanges(false);
    const { end } = await interruptDownload('SIGKILL', noRangePoint);
    assert.equal(end.signal, 'SIGKILL', describeEnd(end));
    assertNothingInstalled(sandbox);
    const partial = cachedDownload(sandbox, archive.filename);
    assert.ok(partial, 'the partial download is kept in downloads/');
    const kept = sizeOf(partial)!;

    const { again, requests } = await installAgain();
    // gvx still asks for the rest; the server ignores Range and sends everything.
    assert.deepEqual(
      requests.map((r) => ({ range: r.range, status: r.status })),
      [{ range: `bytes=${kept}-`, status: 200 }],
      'one request: a Range the server ignored with a 200 (the whole file)',
    );
    assert.doesNotMatch(again.stderr, /resuming the download/, 'nothing is resumed from a 200');
    assertInstalledFromArchive(sandbox, VERSION, archive.sha256, archive.filename);
  });

  it('a connection cut once at half: the same install retries from (about) the cut with a 206', async () => {
    const half = Math.floor(archive.size / 2);
    mirror.setMode(archive.filename, { kind: 'truncate', bytes: half, times: 1 });
    const result = await sandbox.runGvx(['install', VERSION]);
    assert.equal(result.code, 0, describeEnd(result));
    const requests = archiveRequests(mirror, archive.filename);
    assert.equal(requests.length, 2, `two requests for the archive: ${showRequests(requests)}`);
    assert.deepEqual([requests[0]!.range, requests[0]!.status], [undefined, 200], 'the first request asks for the whole file');
    const match = /^bytes=(\d+)-$/.exec(requests[1]!.range ?? '');
    assert.ok(match, `the retry continues with a Range: ${showRequests(requests)}`);
    const from = Number(match[1]);
    assert.equal(requests[1]!.status, 206, 'the retry is answered 206');
    // Exactly `half` bytes reached gvx's socket. What undici and the low-speed guard had
    // buffered but not yet handed to the file when the cut was reported is dropped with the
    // error (lib/net/http.ts guard(): the body's 'error' destroys the guard at once), so the
    // retry may start up to a few stream buffers before the cut, never after it.
    assert.ok(from <= half, `the retry starts at ${from}, not after the cut at ${half}`);
    assert.ok(from >= half - 512 * 1024, `the retry starts at ${from}: it keeps what was received, give or take the stream buffers (the cut was at ${half})`);
    assert.match(result.stderr, /resuming the download at/, 'gvx says it resumes');
    assertInstalledFromArchive(sandbox, VERSION, archive.sha256, archive.filename);
  });

  it(`kept bytes that do not verify (kill -9 at ${pct(corruptPoint)}, one byte flipped): a download from the start`, async () => {
    const { end } = await interruptDownload('SIGKILL', corruptPoint);
    assert.equal(end.signal, 'SIGKILL', describeEnd(end));
    const partial = cachedDownload(sandbox, archive.filename);
    assert.ok(partial, 'the partial download is kept in downloads/');
    const kept = sizeOf(partial)!;
    // Flip one byte somewhere in what was kept, as a crash that lost a write could leave it.
    const offset = Math.floor(corruptAt * kept);
    const fd = openSync(partial, 'r+');
    try {
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, offset);
      byte[0] = byte[0]! ^ 0xff;
      writeSync(fd, byte, 0, 1, offset);
    } finally {
      closeSync(fd);
    }
    assert.equal(sizeOf(partial), kept);

    const { again, requests } = await installAgain();
    assert.match(
      again.stderr,
      new RegExp(`the resumed download of ${archive.filename.replace(/\./g, '\\.')} did not verify; downloading it again from the start`),
      `gvx says the resumed download did not verify (byte ${offset} of ${kept} flipped)`,
    );
    assert.deepEqual(
      requests.map((r) => ({ range: r.range, status: r.status })),
      [
        { range: `bytes=${kept}-`, status: 206 },
        { range: undefined, status: 200 },
      ],
      'the kept file is resumed (206), fails its checksum, then a request without Range gets the whole file (200)',
    );
    assertInstalledFromArchive(sandbox, VERSION, archive.sha256, archive.filename);
  });
});
