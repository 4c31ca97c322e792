// What an install reports after the download, so a progress display never sits at "ETA 0s":
// unpacking (from 0, then once per file written, in order) and then verifying the tree, for a
// release from a mirror and for a local archive, each unpacked for real into GVX_HOME.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { InstallService, type InstallServiceEvents } from '../../lib/install/install-service.js';
import { HttpClient } from '../../lib/net/http.js';
import { parseSpec } from '../../lib/version/spec.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

/** The files fakeToolchain holds: VERSION, go.env, bin/go, bin/gofmt, src/README. */
const FILES = 5;

/** Every event an install emitted, in order, as short strings. */
function recorder(): { events: InstallServiceEvents; log: string[] } {
  const log: string[] = [];
  return {
    log,
    events: {
      onDownload: (version) => log.push(`download ${version}`),
      onProgress: (bytes, total) => log.push(bytes === total ? 'downloaded' : 'progress'),
      onUnpacking: (version, files) => log.push(`unpacking ${version} ${files}`),
      onVerifying: (version) => log.push(`verifying ${version}`),
    },
  };
}

/** From the end of the download on: unpacking 0..FILES, then verifying. */
function afterDownload(log: string[]): string[] {
  const start = log.findIndex((e) => e.startsWith('unpacking'));
  assert.ok(start > 0, log.join('\n'));
  return log.slice(start);
}

const expected = (version: string) => [...Array.from({ length: FILES + 1 }, (_, n) => `unpacking ${version} ${n}`), `verifying ${version}`];

describe('install phases after the download', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let base: string;
  let http: HttpClient;
  const archive = fakeToolchain('1.22.5');
  const local = fakeToolchain('1.21.13');
  before(async () => {
    mirror = await startMirrorWithIndex([{ version: '1.22.5', files: [{ filename: archive.filename, source: archive.buffer }] }]);
    base = await mkdtemp(join(tmpdir(), 'gvx-phases-'));
  });
  after(async () => {
    await http?.close();
    await mirror?.close();
    if (base) await rm(base, { recursive: true, force: true });
  });

  const service = (events: InstallServiceEvents) => {
    const config = loadConfig({ env: { GVX_HOME: join(base, 'home'), GVX_MIRROR: mirror.url, HOME: base }, cwd: base });
    http ??= new HttpClient(config);
    return new InstallService(config, http, events);
  };

  it('a download: the whole body, then each file unpacked, then verifying', async () => {
    const { events, log } = recorder();
    const outcome = await service(events).install(parseSpec('1.22.5'));
    assert.equal(outcome.status, 'installed');
    assert.equal(log[0], 'download 1.22.5');
    assert.equal(log[log.indexOf('unpacking 1.22.5 0') - 1], 'downloaded', log.join('\n'));
    assert.deepEqual(afterDownload(log), expected('1.22.5'));
  });

  it('a local archive: the same phases', async () => {
    const file = join(base, local.filename);
    await writeFile(file, local.buffer);
    const { events, log } = recorder();
    const outcome = await service(events).installArchive(file, { sha256: local.sha256 });
    assert.equal(outcome.status, 'installed');
    assert.deepEqual(afterDownload(log), expected('1.21.13'));
  });
});
