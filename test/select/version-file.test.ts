import assert from 'node:assert/strict';
import { versionFileText } from '../../lib/select/untrusted-file.js';
import { parseEnvSpec, parseGoVersionFile, parseToolVersionsFile } from '../../lib/select/version-file.js';

const goVersion = (content: string) => versionFileText('/p/.go-version', content);
const toolVersions = (content: string) => versionFileText('/p/.tool-versions', content);

describe('version files', () => {
  const ok: [string, string][] = [
    ['1.22\n', '1.22'],
    ['go1.22.5', '1.22.5'],
    ['  1.22.5  \n', '1.22.5'],
    ['1.22.5\r\n', '1.22.5'],
    ['# pinned for the CI image\n1.21\n\n', '1.21'],
    ['1.21 # the LTS we ship\n', '1.21'],
    ['\t1.23rc1\t\r\n# trailing comment\n', '1.23rc1'],
    ['latest\n', 'latest'],
  ];
  for (const [content, spec] of ok) {
    it(`.go-version ${JSON.stringify(content)} -> ${spec}`, () => assert.equal(parseGoVersionFile(goVersion(content)).text, spec));
  }

  const bad = ['', '\n\n# only a comment\n', '1.22\n1.21\n', '$(touch /tmp/x)', '`touch /tmp/x`', '1.22; rm -rf /', '1.22 && id', '../../bin', "'1.22'", '"1.22"', 'x'.repeat(1 << 20), '\u0000\u0001\u00ff\u0002'];
  for (const content of bad) {
    it(`.go-version rejects ${JSON.stringify(content.slice(0, 20))}`, () => {
      assert.throws(
        () => parseGoVersionFile(goVersion(content)),
        (error: Error) => error.message.startsWith('/p/.go-version: ') && error.message.length < 200,
      );
    });
  }

  it('.tool-versions: golang and go lines, first version wins', () => {
    assert.equal(parseToolVersionsFile(toolVersions('nodejs 20.1.0\ngolang 1.22.5 1.21.0\n'))?.text, '1.22.5');
    assert.equal(parseToolVersionsFile(toolVersions('go 1.21 # comment\n'))?.text, '1.21');
    assert.equal(parseToolVersionsFile(toolVersions('nodejs 20.1.0\npython 3.12\n')), undefined);
    assert.throws(() => parseToolVersionsFile(toolVersions('golang ref:abcdef\n')), { message: '/p/.tool-versions: "ref:abcdef" is not a valid Go version' });
    assert.throws(() => parseToolVersionsFile(toolVersions('golang\n')), /has no version/);
  });

  it('quotes the offending value of a regular file, never of a symlinked one', () => {
    assert.throws(() => parseGoVersionFile(goVersion('1.22.x\n')), { message: '/p/.go-version: "1.22.x" is not a valid Go version' });
    const linked = versionFileText('/p/.go-version', 'SECRET_TOKEN=abc\n', { echo: false });
    assert.throws(
      () => parseGoVersionFile(linked),
      (error: Error) => !error.message.includes('SECRET') && error.message === '/p/.go-version: not a valid Go version',
    );
  });

  it('quotes only safe bytes, and at most 32 of them', () => {
    const message = (content: string | Buffer) => {
      try {
        parseGoVersionFile(typeof content === 'string' ? goVersion(content) : versionFileText('/p/.go-version', content));
      } catch (error) {
        return (error as Error).message;
      }
      assert.fail('no error');
    };
    const hidden = '/p/.go-version: not a valid Go version (it holds characters that are not shown)';
    assert.equal(message('$(id)\n'), hidden);
    assert.equal(message('1.22\u001b[31m\n'), hidden);
    assert.equal(message(Buffer.from([0x31, 0x2e, 0xff, 0x0a])), hidden);
    assert.equal(message('1.22é\n'), hidden, 'UTF-8 bytes are not in the safe list');
    assert.equal(message(`1.22.${'x'.repeat(27)}\n`), `/p/.go-version: "1.22.${'x'.repeat(27)}" is not a valid Go version`, '32 bytes: whole');
    assert.equal(message(`${'1'.repeat(1000)}\n`), `/p/.go-version: "${'1'.repeat(32)}…" is not a valid Go version`);
  });

  it('GVX_GO_VERSION: quoted the same way, refused unread past 256 bytes', () => {
    assert.throws(() => parseEnvSpec(' 1.22.x '), { message: 'GVX_GO_VERSION: "1.22.x" is not a valid Go version' });
    assert.throws(() => parseEnvSpec('$(id)'), { message: 'GVX_GO_VERSION: not a valid Go version (it holds characters that are not shown)' });
    assert.throws(() => parseEnvSpec('1'.repeat(1000)), { message: 'GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)' });
  });

  it('the byte budget: 4096 bytes pass, one more is refused, NULs are not counted', () => {
    assert.equal(parseGoVersionFile(goVersion(`1.22 #${'x'.repeat(4096 - 7)}\n`)).text, '1.22');
    assert.throws(() => parseGoVersionFile(goVersion(`1.22 #${'x'.repeat(4096 - 6)}\n`)), /larger than 4096 bytes/);
    assert.equal(parseGoVersionFile(goVersion(`1.22 #${'x'.repeat(4096 - 6)}`)).text, '1.22', 'no newline: 4096 bytes');
    assert.equal(parseGoVersionFile(goVersion(`${'\0'.repeat(10000)}1.22\n`)).text, '1.22');
    assert.throws(() => parseGoVersionFile(goVersion(`${'\n'.repeat(5000)}1.22\n`)), /larger than 4096 bytes/);
    assert.throws(() => parseGoVersionFile(goVersion(`1.22 # ${'é'.repeat(2100)}\n`)), /larger than 4096 bytes/, 'bytes, not characters');
    assert.throws(() => parseGoVersionFile(versionFileText('/p/.go-version', '1.22\n', { complete: false })), /larger than 4096 bytes/);
  });
});
