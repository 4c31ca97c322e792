import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityError } from '../../lib/errors.js';
import { parseGosumdb, readGoNetworkSettings } from '../../lib/sumdb/config.js';
import { goEnvFile } from '../../lib/goenv/go-env-file.js';

const SUM_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

describe('sumdb/config: GOSUMDB', () => {
  it('knows sum.golang.org and its published key', () => {
    const c = parseGosumdb('sum.golang.org');
    assert.equal(c.name, 'sum.golang.org');
    assert.equal(c.verifier.text, SUM_KEY);
    assert.equal(c.url, undefined);
    assert.equal(c.directUrl, 'https://sum.golang.org');
  });

  it('maps sum.golang.google.cn to the same key at its own URL', () => {
    const c = parseGosumdb('sum.golang.google.cn');
    assert.equal(c.name, 'sum.golang.org');
    assert.equal(c.verifier.keyHash, 0x033de0ae);
    assert.equal(c.url, 'https://sum.golang.google.cn');
  });

  it('takes name+hash+key with an optional URL', () => {
    assert.equal(parseGosumdb(SUM_KEY).url, undefined);
    const c = parseGosumdb(`${PETER} http://127.0.0.1:8080/db/`);
    assert.equal(c.name, 'PeterNeumann');
    assert.equal(c.url, 'http://127.0.0.1:8080/db');
  });

  it('refuses off for toolchains, with the reason', () => {
    assert.throws(() => parseGosumdb('off'), (e: unknown) => e instanceof IntegrityError && e.code === 'E_GOSUMDB_OFF' && /go command refuses/.test(e.hint ?? ''));
  });

  it('rejects unknown names, bad keys, extra fields', () => {
    for (const bad of ['sum.example.com', `${SUM_KEY.slice(0, -2)}xx`, `${SUM_KEY} https://a https://b`, `${PETER} ftp://x`, '']) {
      assert.throws(() => parseGosumdb(bad), { code: 'E_GOSUMDB_INVALID' }, bad);
    }
  });
});

describe('sumdb/config: reading GOPROXY and GOSUMDB like the go command', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'gvx-goenv-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('environment, then the go env -w file, then GOROOT/go.env, then the defaults', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.config', 'go'), { recursive: true });
    await writeFile(join(home, '.config', 'go', 'env'), 'GOPROXY=https://user.example\n# comment\nlower=x\n');
    const goroot = join(dir, 'goroot');
    await mkdir(goroot);
    await writeFile(join(goroot, 'go.env'), 'GOPROXY=https://goroot.example\nGOSUMDB=sum.golang.google.cn\n');

    let s = readGoNetworkSettings({ env: { HOME: home }, goos: 'linux', goroot });
    assert.deepEqual([s.goproxy.value, s.goproxy.source], ['https://user.example', 'go env -w file']);
    assert.deepEqual([s.gosumdb.value, s.gosumdb.source], ['sum.golang.google.cn', 'GOROOT/go.env']);

    s = readGoNetworkSettings({ env: { HOME: home, GOPROXY: 'https://env.example', GOSUMDB: '' }, goos: 'linux' });
    assert.deepEqual([s.goproxy.value, s.goproxy.source], ['https://env.example', 'environment']);
    assert.deepEqual([s.gosumdb.value, s.gosumdb.source], ['sum.golang.org', 'default']); // empty = unset

    s = readGoNetworkSettings({ env: { HOME: join(dir, 'nobody') }, goos: 'linux' });
    assert.equal(s.goproxy.value, 'https://proxy.golang.org,direct');
  });

  it('finds the env file via GOENV, XDG_CONFIG_HOME or ~/.config', () => {
    assert.equal(goEnvFile({ GOENV: '/x/env', HOME: '/h' }, 'linux'), '/x/env');
    assert.equal(goEnvFile({ GOENV: 'off', HOME: '/h' }, 'linux'), undefined);
    assert.equal(goEnvFile({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, 'linux'), '/xdg/go/env');
    assert.equal(goEnvFile({ XDG_CONFIG_HOME: 'relative', HOME: '/h' }, 'linux'), undefined);
    assert.equal(goEnvFile({ HOME: '/h' }, 'linux'), '/h/.config/go/env');
    assert.equal(goEnvFile({ HOME: '/h' }, 'darwin'), '/h/Library/Application Support/go/env');
  });
});
