// The store stays consistent under concurrency: installs of different versions at the same
// time (in one process, and as separate gvx processes) leave every alias pointing at the
// newest installed version it can name, and exactly one of them becomes the global default.
// Before the home lock, each install rewrote the alias table from its own listing, taken
// before the others had renamed their versions in, and deleted the aliases it did not know.
// A stress test (dozens of installs, ~15 s of CPU), so an end-to-end one: npm run test:unit
// leaves it out.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { type InstallOutcome, InstallService } from '../../lib/install/install-service.js';
import { HttpClient } from '../../lib/net/http.js';
import { parseSpec } from '../../lib/version/spec.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

// Two per minor, so a stale listing would also point "1.21"/"1.22" at the older patch; 1.20
// (named without ".0") also claims "1.20.0".
const VERSIONS = ['1.20', '1.21.9', '1.21.13', '1.22.5', '1.22.12'];
const EXPECTED_ALIASES: Record<string, string> = {
  latest: '1.22.12',
  stable: '1.22.12',
  '1': '1.22.12',
  '1.22': '1.22.12',
  '1.21': '1.21.13',
  '1.20': '1.20',
  '1.20.0': '1.20',
};
const IN_PROCESS_ROUNDS = 25;
const PROCESS_ROUNDS = 6;

async function assertStore(home: string, round: number): Promise<string> {
  const dir = join(home, 'aliases');
  const names = (await readdir(dir)).sort();
  assert.deepEqual(names, Object.keys(EXPECTED_ALIASES).sort(), `round ${round}: exactly the expected aliases, no temp files`);
  for (const [spec, version] of Object.entries(EXPECTED_ALIASES)) {
    assert.equal(await readFile(join(dir, spec), 'utf8'), `${version}\n`, `round ${round}: aliases/${spec}`);
  }
  assert.deepEqual((await readdir(join(home, 'versions'))).sort(), [...VERSIONS].sort());
  const defaultSpec = (await readFile(join(home, 'default'), 'utf8')).trim();
  assert.ok(VERSIONS.includes(defaultSpec), `round ${round}: the default is one of the installed versions (${defaultSpec})`);
  return defaultSpec;
}

describe('concurrent installs of different versions keep aliases and default consistent', function () {
  this.timeout(60000);
  let mirror: Mirror;

  before(async () => {
    mirror = await startMirrorWithIndex(
      VERSIONS.map((version) => {
        const archive = fakeToolchain(version);
        return { version, files: [{ filename: archive.filename, source: archive.buffer }] };
      }),
    );
  });
  after(async () => {
    await mirror.close();
  });

  it(`in one process: ${VERSIONS.length} InstallServices at once, ${IN_PROCESS_ROUNDS} rounds`, async () => {
    const base = await mkdtemp(join(tmpdir(), 'gvx-concurrent-'));
    try {
      for (let round = 1; round <= IN_PROCESS_ROUNDS; round++) {
        const home = join(base, `home-${round}`);
        const config = loadConfig({ env: { GVX_HOME: home, GVX_MIRROR: mirror.url, HOME: base }, cwd: base });
        const clients = VERSIONS.map(() => new HttpClient(config));
        try {
          // allSettled: a failure is reported only after every install has stopped writing.
          const settled = await Promise.allSettled(VERSIONS.map((version, i) => new InstallService(config, clients[i]!).install(parseSpec(version))));
          const failed = settled.find((s) => s.status === 'rejected');
          if (failed) throw failed.reason;
          const outcomes = settled.map((s) => (s as PromiseFulfilledResult<InstallOutcome>).value);
          assert.deepEqual(outcomes.map((o) => o.status), VERSIONS.map(() => 'installed'));
          const defaults = outcomes.filter((o) => o.becameDefault);
          assert.equal(defaults.length, 1, `round ${round}: exactly one install became the default`);
          assert.equal(await assertStore(home, round), defaults[0]!.version);
        } finally {
          await Promise.all(clients.map((c) => c.close()));
        }
      }
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  describe('as separate gvx processes', () => {
    let sandbox: Sandbox;
    beforeEach(async () => {
      sandbox = await makeSandbox();
      sandbox.env.GVX_MIRROR = mirror.url;
    });
    afterEach(async () => {
      await sandbox.cleanup();
    });

    for (let round = 1; round <= PROCESS_ROUNDS; round++) {
      it(`${VERSIONS.length} concurrent \`gvx install\` processes (round ${round})`, async () => {
        const results = await Promise.all(VERSIONS.map((version) => sandbox.runGvx(['install', '--quiet', version])));
        for (const r of results) assert.equal(r.code, 0, r.stderr);
        assert.equal(results.filter((r) => /now the global default/.test(r.stdout)).length, 1, 'exactly one became the default');
        const defaultSpec = await assertStore(sandbox.home, round);
        assert.ok(results.some((r) => r.stdout.includes(`installed go${defaultSpec} `) && /now the global default/.test(r.stdout)));

        // And an uninstall racing installs: aliases still follow what is installed.
        const [removed, again] = await Promise.all([
          sandbox.runGvx(['uninstall', '--force', '1.22.12']),
          sandbox.runGvx(['install', '--quiet', '--force', '1.21.13']),
        ]);
        assert.equal(removed.code, 0, removed.stderr);
        assert.equal(again.code, 0, again.stderr);
        for (const spec of ['latest', 'stable', '1', '1.22']) {
          assert.equal(await readFile(join(sandbox.home, 'aliases', spec), 'utf8'), '1.22.5\n', `aliases/${spec} after the uninstall`);
        }
        assert.equal(await readFile(join(sandbox.home, 'aliases', '1.21'), 'utf8'), '1.21.13\n');
      });
    }
  });
});
