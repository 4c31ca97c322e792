// lib/config.ts: GVX_HOME goes on PATH and into generated shell code, so an explicit one and
// the default derived from XDG_DATA_HOME or HOME are held to one rule: absolute, no ':', no
// control character. The default is derived from the environment gvx is handed, never from
// the test runner's own.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.js';
import { GvxError } from '../lib/errors.js';
import { type Sandbox, makeSandbox } from './helpers/env.js';

function homeError(env: Record<string, string>, platform: NodeJS.Platform = 'linux'): GvxError {
  try {
    loadConfig({ env, platform });
  } catch (error) {
    assert.ok(error instanceof GvxError, String(error));
    assert.equal(error.code, 'E_USAGE');
    return error;
  }
  assert.fail(`expected an error for ${JSON.stringify(env)}`);
}

describe('config: GVX_HOME', () => {
  describe('an explicit GVX_HOME', () => {
    const CONTROLS: [string, string][] = [
      ['a newline', '\n'],
      ['a carriage return', '\r'],
      ['a tab', '\t'],
      ['ESC', '\u001b'],
      ['DEL', '\u007f'],
      ['C1 NEL', '\u0085'],
      ['C1 CSI', '\u009b'],
    ];
    for (const [name, control] of CONTROLS) {
      it(`holding ${name} is refused, and the message shows it escaped`, () => {
        const error = homeError({ GVX_HOME: `/tmp/gvx${control}touch x` });
        assert.match(error.message, /^GVX_HOME must be an absolute path without ':' or control characters \(it holds a control character: "\/tmp\/gvx\\(x[0-9a-f]{2}|n|r|t)touch x"\)$/);
        assert.doesNotMatch(error.message, /\p{Cc}/u, 'no control character reaches the terminal');
        assert.match(error.hint ?? '', /export GVX_HOME=\/absolute\/path/);
      });
    }

    it("a relative one, or one with ':', is refused as before", () => {
      assert.match(homeError({ GVX_HOME: 'relhome' }).message, /it is not an absolute path: "relhome"/);
      assert.match(homeError({ GVX_HOME: '/tmp/a:b' }).message, /it holds a ':': "\/tmp\/a:b"/);
    });

    it('odd but printable characters are a valid home', () => {
      const home = "/tmp/it's $(touch x) `y`; z";
      assert.equal(loadConfig({ env: { GVX_HOME: home } }).home, home);
    });
  });

  describe('the default home', () => {
    it('comes from the environment gvx is given, not the process its tests run in', () => {
      assert.equal(loadConfig({ env: { HOME: '/home/given' }, platform: 'linux' }).home, '/home/given/.local/share/gvx');
      assert.equal(loadConfig({ env: { HOME: '/home/given', XDG_DATA_HOME: '/data/xdg' }, platform: 'linux' }).home, '/data/xdg/gvx');
      assert.equal(loadConfig({ env: { HOME: '/Users/me', XDG_DATA_HOME: '/data/xdg' }, platform: 'darwin' }).home, '/Users/me/Library/Application Support/gvx');
    });

    it('a relative XDG_DATA_HOME is ignored, as the XDG spec says: ~/.local/share', () => {
      for (const XDG_DATA_HOME of ['rel/data', '.', './share'])
        assert.equal(loadConfig({ env: { HOME: '/home/given', XDG_DATA_HOME }, platform: 'linux' }).home, '/home/given/.local/share/gvx', XDG_DATA_HOME);
    });

    it("an absolute XDG_DATA_HOME with ':' or a control character is an error naming it", () => {
      for (const XDG_DATA_HOME of ['/data/a:b', '/data/x\ntouch y']) {
        const error = homeError({ HOME: '/home/given', XDG_DATA_HOME });
        assert.match(error.message, /^the default GVX_HOME, from XDG_DATA_HOME, holds (a ':'|a control character): "\/data\//);
        assert.equal(error.hint, 'export GVX_HOME=/absolute/path (or fix XDG_DATA_HOME)');
      }
    });

    it("a relative HOME, or one with ':' or a control character, is an error asking for GVX_HOME", () => {
      for (const [HOME, problem] of [
        ['rel', 'is not an absolute path: "rel/.local/share/gvx"'],
        ['.', 'is not an absolute path: ".local/share/gvx"'],
        ['/home/a:b', `holds a ':': "/home/a:b/.local/share/gvx"`],
        ['/home/x\u001b]0;t\u0007', 'holds a control character: "/home/x\\x1b]0;t\\x07/.local/share/gvx"'],
      ]) {
        const error = homeError({ HOME });
        assert.equal(error.message, `the default GVX_HOME, from HOME, ${problem} (it goes on PATH and into shell code)`);
        assert.equal(error.hint, 'export GVX_HOME=/absolute/path (or fix HOME)');
      }
      assert.match(homeError({ HOME: 'rel' }, 'darwin').message, /from HOME, is not an absolute path: "rel\/Library\/Application Support\/gvx"/);
    });

    it('an explicit GVX_HOME wins: a broken HOME or XDG_DATA_HOME is then never read', () => {
      assert.equal(loadConfig({ env: { GVX_HOME: '/opt/gvx', HOME: 'rel', XDG_DATA_HOME: '/a:b' } }).home, '/opt/gvx');
    });
  });

  describe('the CLI', function () {
    this.timeout(60_000);
    let sandbox: Sandbox;
    beforeEach(async () => {
      sandbox = await makeSandbox();
    });
    afterEach(async () => sandbox?.cleanup());

    it('gvx env with a relative HOME and no GVX_HOME: exit 2, the hint, and no relative home made in the cwd', async () => {
      const result = await sandbox.runGvx(['env', '--shell', 'bash'], { env: { GVX_HOME: undefined, HOME: 'relhome' } });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '', 'no shell code to evaluate');
      assert.equal(
        result.stderr,
        'gvx: error: the default GVX_HOME, from HOME, is not an absolute path: "relhome/.local/share/gvx" (it goes on PATH and into shell code)\nhint: export GVX_HOME=/absolute/path (or fix HOME)\n',
      );
      assert.deepEqual(await readdir(sandbox.cwd), []);
    });

    it('gvx env with a newline in GVX_HOME: exit 2, and nothing is written there', async () => {
      const home = join(sandbox.root, 'home\ntouch x');
      const result = await sandbox.runGvx(['env', '--shell', 'bash'], { env: { GVX_HOME: home } });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^gvx: error: GVX_HOME must be an absolute path without ':' or control characters \(it holds a control character: ".*\/home\\ntouch x"\)\nhint: /);
      assert.equal(existsSync(home), false);
    });
  });
});
