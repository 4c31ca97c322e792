import assert from 'node:assert/strict';
import { parseGoVersionFile, parseToolVersionsFile } from '../../lib/select/version-file.js';

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
    it(`.go-version ${JSON.stringify(content)} -> ${spec}`, () => assert.equal(parseGoVersionFile(content, '/p/.go-version').text, spec));
  }

  const bad = ['', '\n\n# only a comment\n', '1.22\n1.21\n', '$(touch /tmp/x)', '`touch /tmp/x`', '1.22; rm -rf /', '1.22 && id', '../../bin', "'1.22'", '"1.22"', 'x'.repeat(1 << 20), '\u0000\u0001\u00ff\u0002'];
  for (const content of bad) {
    it(`.go-version rejects ${JSON.stringify(content.slice(0, 20))}`, () => {
      assert.throws(
        () => parseGoVersionFile(content, '/p/.go-version'),
        (error: Error) => error.message.startsWith('/p/.go-version: ') && error.message.length < 200,
      );
    });
  }

  it('.tool-versions: golang and go lines, first version wins', () => {
    assert.equal(parseToolVersionsFile('nodejs 20.1.0\ngolang 1.22.5 1.21.0\n', '/p/.tool-versions')?.text, '1.22.5');
    assert.equal(parseToolVersionsFile('go 1.21 # comment\n', '/p/.tool-versions')?.text, '1.21');
    assert.equal(parseToolVersionsFile('nodejs 20.1.0\npython 3.12\n', '/p/.tool-versions'), undefined);
    assert.throws(() => parseToolVersionsFile('golang ref:abcdef\n', '/p/.tool-versions'), /\/p\/\.tool-versions: the golang line is not a Go version/);
    assert.throws(() => parseToolVersionsFile('golang\n', '/p/.tool-versions'), /has no version/);
  });
});
