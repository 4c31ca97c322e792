// `gvx outdated`: per family, the newest installed patch against the release index, from a
// loopback mirror; offline it answers from the cached index and says how old it is.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

/** Index entries without files: outdated reads versions only. */
const listed = (...versions: string[]) => versions.map((version) => ({ version, files: [] }));

describe('gvx outdated', function () {
  this.timeout(60_000);
  let mirror: Mirror | undefined;
  let sandbox: Sandbox;

  beforeEach(async () => {
    mirror = await startMirrorWithIndex(listed('1.24rc2', '1.24rc1', '1.23.4', '1.23.1', '1.22.12', '1.22.10', '1.22.5', '1.21.13'));
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.GVX_HTTP_RETRIES = '0';
  });
  afterEach(async () => {
    await mirror?.close();
    await sandbox.cleanup();
  });

  const outdated = (args: string[] = [], cwd = sandbox.cwd) => sandbox.runGvx(['outdated', ...args], { cwd, env: { PWD: cwd } });
  const cacheFile = () => join(sandbox.home, 'cache', 'releases.json');
  /** Makes the cached index `ms` old. */
  const ageCache = (ms: number) => {
    const cache = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { fetchedAt: number };
    cache.fetchedAt = Date.now() - ms;
    writeFileSync(cacheFile(), JSON.stringify(cache));
  };

  it('one row per family, newest first; from a stale cache with the mirror stopped it still answers and says how old the index is', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.10'], '1.22.10');
    const expected = '1.22  1.22.10 -> 1.22.12  (default, selected here)\n1.21  1.21.13  up to date\n';
    const online = await outdated();
    assert.equal(online.code, 0, online.stderr);
    assert.equal(online.stdout, expected);
    assert.equal(online.stderr, '', 'a freshly fetched index needs no note');
    assert.equal(mirror!.count('index'), 1);

    // Fresh enough (GVX_INDEX_MAX_AGE defaults to an hour): no request, but the age is said.
    ageCache(10 * 60_000);
    const cached = await outdated();
    assert.equal(cached.stdout, expected);
    assert.match(cached.stderr, /^gvx: release index from cache, 10 min old$/m);
    assert.equal(mirror!.count('index'), 1);

    ageCache(3 * 3600_000);
    await mirror!.close();
    mirror = undefined;
    const offline = await outdated();
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(offline.stdout, expected);
    assert.match(offline.stderr, /gvx: warning: cannot fetch the release index/);
    assert.match(offline.stderr, /^gvx: release index from cache, 3 h old$/m);
  });

  it('--json: installed, default and selected families, pre-release-only families and families the index lacks', async () => {
    // 1.23 is the default but not installed; 1.24 only as a pre-release; 1.19 is not in the index.
    await makeFakeHome(sandbox.home, ['1.19.2', '1.21.13', '1.22.5', '1.22.10', '1.24rc1'], '1.23');
    writeFileSync(join(sandbox.cwd, '.go-version'), '1.21\n');
    const json = await outdated(['--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [
      { family: '1.24', installed: ['1.24rc1'], newestInstalled: '1.24rc1', newestAvailable: '1.24rc2', updateAvailable: true, default: false, selectedHere: false },
      { family: '1.23', installed: [], newestInstalled: null, newestAvailable: '1.23.4', updateAvailable: false, default: true, selectedHere: false },
      { family: '1.22', installed: ['1.22.10', '1.22.5'], newestInstalled: '1.22.10', newestAvailable: '1.22.12', updateAvailable: true, default: false, selectedHere: false },
      { family: '1.21', installed: ['1.21.13'], newestInstalled: '1.21.13', newestAvailable: '1.21.13', updateAvailable: false, default: false, selectedHere: true },
      { family: '1.19', installed: ['1.19.2'], newestInstalled: '1.19.2', newestAvailable: null, updateAvailable: false, default: false, selectedHere: false },
    ]);

    const human = await outdated();
    assert.equal(human.code, 0, human.stderr);
    assert.equal(
      human.stdout,
      [
        '1.24  1.24rc1 -> 1.24rc2',
        '1.23  not installed (newest 1.23.4)  (default)',
        '1.22  1.22.10 -> 1.22.12',
        '1.21  1.21.13  up to date  (selected here)',
        '1.19  1.19.2  not in the release index',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(human.stdout, / \n/, 'no trailing spaces');
  });

  it('a stable release installed: the family\'s pre-releases are not offered', async () => {
    await mirror!.close();
    mirror = await startMirrorWithIndex(listed('1.25rc1', '1.24.2', '1.24rc1'));
    sandbox.env.GVX_MIRROR = mirror.url;
    await makeFakeHome(sandbox.home, ['1.24rc1', '1.24.2'], '1.24.2');
    const r = await outdated();
    assert.equal(r.stdout, '1.24  1.24.2  up to date  (default, selected here)\n');
  });
});
