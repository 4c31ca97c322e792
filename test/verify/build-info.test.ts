// go version -m: parsing its output (parseBuildInfo, goUnquote) and running it (readBuildInfo)
// with scripted go commands. Against Debian's real toolchains: build-info.e2e.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  goUnquote,
  parseBuildInfo,
  readAllBuildInfo,
  readBuildInfo,
  type BuildInfo,
} from '../../lib/verify/build-info.js';
import { expectGvxError } from '../helpers/gvx-error.js';

// A killed process whose new parent (PID 1 in some containers) never reaps it stays a zombie:
// kill(pid, 0) still succeeds on it, so look at its state too.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) succeeded
  }
}

describe('parseBuildInfo', () => {
  it('parses one binary: header, path, main module, deps with sums, settings', () => {
    const out = [
      '/home/u/go/bin/gopls: go1.22.12',
      '\tpath\tgolang.org/x/tools/gopls',
      '\tmod\tgolang.org/x/tools/gopls\tv0.15.3\th1:zbdOidFrPTc8Bx0YrN5QKgJ1zbfcTkEzaa2Khmb8sbE=',
      '\tdep\tgithub.com/BurntSushi/toml\tv1.2.1\th1:9VPd1+cZ1XvQ+pASJ/5QsHvhwbjNd/r1svKyAkH9cNQ=',
      '\tdep\tgolang.org/x/mod\tv0.17.0\th1:zY54UmvipHiNd+pm+m0x9KhZ9hl1/7QNMyxXbc6ICqA=',
      '\tbuild\t-buildmode=exe',
      '\tbuild\t-compiler=gc',
      '\tbuild\tCGO_ENABLED=1',
      '\tbuild\tCGO_CFLAGS=',
      '\tbuild\tGOARCH=amd64',
      '\tbuild\tGOOS=linux',
      '\tbuild\tGOAMD64=v1',
      '',
    ].join('\n');
    const expected: BuildInfo[] = [
      {
        binary: '/home/u/go/bin/gopls',
        goVersion: 'go1.22.12',
        path: 'golang.org/x/tools/gopls',
        main: { path: 'golang.org/x/tools/gopls', version: 'v0.15.3', sum: 'h1:zbdOidFrPTc8Bx0YrN5QKgJ1zbfcTkEzaa2Khmb8sbE=' },
        deps: [
          { path: 'github.com/BurntSushi/toml', version: 'v1.2.1', sum: 'h1:9VPd1+cZ1XvQ+pASJ/5QsHvhwbjNd/r1svKyAkH9cNQ=' },
          { path: 'golang.org/x/mod', version: 'v0.17.0', sum: 'h1:zY54UmvipHiNd+pm+m0x9KhZ9hl1/7QNMyxXbc6ICqA=' },
        ],
        settings: {
          '-buildmode': 'exe',
          '-compiler': 'gc',
          CGO_ENABLED: '1',
          CGO_CFLAGS: '',
          GOARCH: 'amd64',
          GOOS: 'linux',
          GOAMD64: 'v1',
        },
      },
    ];
    assert.deepEqual(parseBuildInfo(out), expected);
  });

  it('attaches `=>` replacements (local directory and module version) to the line before', () => {
    // Exactly as go 1.21–1.23 print it: a replaced dep has no sum column, a local replacement
    // has version (devel) and an empty sum, and a blank `\t` line follows each replacement.
    const out = [
      'app: go1.21.13',
      '\tpath\texample.com/app',
      '\tmod\texample.com/app\t(devel)\t',
      '\tdep\texample.com/local\tv1.2.3',
      '\t=>\t../local\t(devel)\t',
      '\t',
      '\tdep\texample.com/forked\tv1.0.0',
      '\t=>\tgithub.com/me/forked\tv1.0.1-0.20240101000000-abcdefabcdef\th1:AAAA=',
      '\t',
      '\tdep\texample.com/plain\tv0.1.0\th1:BBBB=',
      '\t=>\tstray.example/after-a-module-with-sum\tv9.9.9\th1:CCCC=', // Go never prints this: ignored
      '\tbuild\t-buildmode=exe',
      '\t=>\tstray.example/after-build\tv9.9.9\th1:DDDD=',
    ].join('\n');
    const [bi] = parseBuildInfo(out);
    assert.deepEqual(bi?.main, { path: 'example.com/app', version: '(devel)' });
    assert.deepEqual(bi?.deps, [
      { path: 'example.com/local', version: 'v1.2.3', replace: { path: '../local', version: '(devel)' } },
      {
        path: 'example.com/forked',
        version: 'v1.0.0',
        replace: { path: 'github.com/me/forked', version: 'v1.0.1-0.20240101000000-abcdefabcdef', sum: 'h1:AAAA=' },
      },
      { path: 'example.com/plain', version: 'v0.1.0', sum: 'h1:BBBB=' },
    ]);
  });

  it('a replaced main module (go build in a workspace/replace) keeps its replacement', () => {
    const [bi] = parseBuildInfo('x: go1.23.5\n\tmod\texample.com/x\tv1.0.0\n\t=>\t/src/x\t(devel)\t\n\t\n');
    assert.deepEqual(bi?.main, { path: 'example.com/x', version: 'v1.0.0', replace: { path: '/src/x', version: '(devel)' } });
  });

  it('unquotes build settings the way Go quotes them (strconv.Quote / backquotes)', () => {
    const out = [
      'b: go1.22.12',
      String.raw`	build	-ldflags="-s -X \"main.version=1.2 beta\""`,
      '\tbuild\t-tags=netgo,osusergo',
      '\tbuild\t-gcflags=cmd/...=-dwarf=false', // '=' inside an unquoted value: split on the first
      '\tbuild\tDefaultGODEBUG=panicnil=1,netedns0=0',
      String.raw`	build	"odd key=x"=v`,
      String.raw`	build	-asmflags="a\tb\nc\\d \x41\u00e9\U0001F600\101"`,
      '\tbuild\tvcs.revision=0123456789abcdef',
      '\tbuild\tvcs.modified=true',
      '\tbuild\traw=`back quoted "value"`',
      String.raw`	build	latin1="\xe9"`, // an invalid UTF-8 byte: decoded as U+FFFD, not dropped
      '\tbuild\t__proto__=polluted', // must become a key, not the prototype
    ].join('\n');
    const [bi] = parseBuildInfo(out);
    assert.ok(bi);
    assert.equal(Object.getPrototypeOf(bi.settings), Object.prototype);
    assert.deepEqual({ ...bi.settings }, {
      '-ldflags': '-s -X "main.version=1.2 beta"',
      '-tags': 'netgo,osusergo',
      '-gcflags': 'cmd/...=-dwarf=false',
      DefaultGODEBUG: 'panicnil=1,netedns0=0',
      'odd key=x': 'v',
      '-asmflags': 'a\tb\nc\\d A\u00e9\u{1F600}A',
      'vcs.revision': '0123456789abcdef',
      'vcs.modified': 'true',
      raw: 'back quoted "value"',
      latin1: '\uFFFD',
      ['__proto__']: 'polluted',
    });
    assert.ok(Object.prototype.hasOwnProperty.call(bi.settings, '__proto__'));
  });

  it('skips malformed build lines and keeps the rest', () => {
    const out = [
      'b: go1.22.12',
      '\tbuild\tno-equals-sign',
      '\tbuild\t=missing-key',
      '\tbuild\t-ldflags="unterminated',
      '\tbuild\t"quoted key"no-equals',
      String.raw`	build	-x="bad escape \q"`,
      '\tbuild\tGOOS=linux',
      '\tbuild\t',
    ].join('\n');
    assert.deepEqual(parseBuildInfo(out)[0]?.settings, { GOOS: 'linux' });
  });

  it('splits several binaries (go version -m DIR) without mixing their lines', () => {
    const out = [
      'bin/a: go1.21.13',
      '\tpath\texample.com/a',
      '\tmod\texample.com/a\t(devel)\t',
      '\tdep\texample.com/dep\tv1.0.0\th1:x=',
      '\tbuild\tCGO_ENABLED=0',
      'bin/b: go1.23.5',
      '\tpath\tcommand-line-arguments',
      '\tbuild\tCGO_ENABLED=1',
      'bin/c: go1.22.12',
      '',
    ].join('\n');
    const all = parseBuildInfo(out);
    assert.deepEqual(
      all.map((b) => [b.binary, b.goVersion, b.path, b.main?.path, b.deps.length, b.settings.CGO_ENABLED]),
      [
        ['bin/a', 'go1.21.13', 'example.com/a', 'example.com/a', 1, '0'],
        ['bin/b', 'go1.23.5', 'command-line-arguments', undefined, 0, '1'],
        ['bin/c', 'go1.22.12', undefined, undefined, 0, undefined],
      ],
    );
  });

  it('header: splits on the last ": " (file names may contain ": go…"); devel and X: versions', () => {
    const out = [
      'dir/my tool: go1.x: go1.22.12',
      'C:\\Users\\u\\go\\bin\\gopls.exe: go1.23.5',
      '/opt/tip/bin/go: devel go1.24-1b2c3d4 Tue Jul 9 17:29:57 2024 +0000',
      'exp: go1.22.12 X:nocoverageredesign',
      'crlf: go1.21.13\r',
      '\tpath\tcmd/go\r',
    ].join('\n');
    assert.deepEqual(
      parseBuildInfo(out).map((b) => [b.binary, b.goVersion]),
      [
        ['dir/my tool: go1.x', 'go1.22.12'],
        ['C:\\Users\\u\\go\\bin\\gopls.exe', 'go1.23.5'],
        ['/opt/tip/bin/go', 'devel go1.24-1b2c3d4 Tue Jul 9 17:29:57 2024 +0000'],
        ['exp', 'go1.22.12 X:nocoverageredesign'],
        ['crlf', 'go1.21.13'],
      ],
    );
    assert.equal(parseBuildInfo(out)[4]?.path, 'cmd/go');
  });

  it('garbage, error lines and orphan tab lines give nothing', () => {
    for (const out of [
      '',
      '\n\n',
      'hello world',
      'go version go1.22.12 linux/amd64', // plain `go version`, not -m
      '/bin/true: could not read Go build info from /bin/true: not a Go executable',
      'x.sh: could not read Go build info from x.sh: unrecognized file format\n',
      'stat /nope: no such file or directory',
      '\tpath\tcmd/go\n\tbuild\tGOOS=linux\n', // body lines with no header
      'name:go1.22.1', // no space after the colon
      ': go1.22.1', // empty file name
      'f: 1.22.1', // not a Go version
      '\u0000\u0001binary\u00ff\tjunk',
    ]) {
      assert.deepEqual(parseBuildInfo(out), [], JSON.stringify(out));
    }
  });

  it('a stray non-header line ends the current binary', () => {
    const out = 'a: go1.22.12\n\tpath\texample.com/a\nwarning: something\n\tpath\texample.com/stray\n\tbuild\tGOOS=plan9\n';
    const all = parseBuildInfo(out);
    assert.equal(all.length, 1);
    assert.equal(all[0]?.path, 'example.com/a');
    assert.deepEqual(all[0]?.settings, {});
  });
});

describe('goUnquote', () => {
  const cases: [string, string | undefined][] = [
    ['""', ''],
    ['"a b"', 'a b'],
    [String.raw`"\"\\\a\b\f\n\r\t\v\'"`, '"\\\x07\b\f\n\r\t\v\''],
    [String.raw`"\xc3\xa9"`, 'é'], // two bytes forming one UTF-8 rune
    [String.raw`"\303\251"`, 'é'],
    ['`a\\nb`', 'a\\nb'], // raw string: no escapes
    ['"unterminated', undefined],
    ['"a"b"', undefined],
    [String.raw`"\z"`, undefined],
    [String.raw`"\x4"`, undefined],
    [String.raw`"\ud800"`, undefined], // surrogate
    [String.raw`"\400"`, undefined],
    ['x', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${JSON.stringify(expected)}`, () => assert.equal(goUnquote(input), expected));
  }
});

describe('readBuildInfo with scripted go commands', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-buildinfo-fake-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function script(name: string, body: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    return file;
  }

  it('passes `version -m TARGET` without a shell and forces GOTOOLCHAIN=local', async () => {
    const go = await script(
      'go-ok',
      '[ "$#" = 3 ] && [ "$1" = version ] && [ "$2" = -m ] || exit 9\n' +
        'printf \'%s: go1.22.12\\n\\tpath\\tcmd/go\\n\\tbuild\\tSEEN=%s\\n\' "$3" "$GOTOOLCHAIN"',
    );
    const target = join(dir, 'odd name; $(touch pwned) : go1.0');
    const bi = await readBuildInfo(go, target, { env: { PATH: process.env.PATH, GOTOOLCHAIN: 'go1.99.0+auto' } });
    assert.equal(bi.binary, target);
    assert.equal(bi.goVersion, 'go1.22.12');
    assert.equal(bi.settings.SEEN, 'local');
    assert.equal(existsSync(join(process.cwd(), 'pwned')), false);
  });

  it('kills the whole process group on timeout', async function () {
    const pidFile = join(dir, 'sleep.pid');
    // The grandchild keeps stdout open: a plain child kill would leave it running, and the read
    // would wait for it past the test's timeout.
    const go = await script('go-hang', `sleep 3600 &\necho $! > '${pidFile}'\nwait`);
    await expectGvxError(readBuildInfo(go, '/bin/true', { timeoutMs: 300 }), 'E_BUILD_INFO_TIMEOUT', /300 ms/);
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.ok(pid > 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(isAlive(pid), false, 'the sleep grandchild survived');
  });

  it('a go binary that cannot run is E_BUILD_INFO_FAILED', async () => {
    await expectGvxError(readBuildInfo(join(dir, 'missing-go'), '/bin/true'), 'E_BUILD_INFO_FAILED', /missing-go/);
  });

  it('a non-zero exit is E_BUILD_INFO_FAILED with go\'s message', async () => {
    const go = await script('go-fail', 'echo "stat $3: no such file or directory" >&2\nexit 1');
    await expectGvxError(readBuildInfo(go, '/nope'), 'E_BUILD_INFO_FAILED', /stat \/nope: no such file/);
  });

  it('output for other files only (a directory scan) is refused by readBuildInfo', async () => {
    const go = await script('go-dir', 'printf \'%s/a: go1.22.12\\n%s/b: go1.22.12\\n\' "$3" "$3"');
    await expectGvxError(readBuildInfo(go, '/some/dir'), 'E_BUILD_INFO_FAILED', /2 binaries/);
    assert.deepEqual((await readAllBuildInfo(go, '/some/dir')).map((b) => b.binary), ['/some/dir/a', '/some/dir/b']);
  });
});
