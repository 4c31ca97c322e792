// What reaches the terminal through Output (lib/cli/output.ts): a message is one line whatever
// it holds (its control characters escaped), while gvx's own colours, status line and shell
// code still come out as they are.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Output } from '../../lib/cli/output.js';

const HOSTILE = '/tmp/evil\u001b[2J\nfake line\u0007\u009b';
const ESCAPED = '/tmp/evil\\x1b[2J\\nfake line\\x07\\x9b';

function capture(color: boolean) {
  const stdout = new PassThrough({ encoding: 'utf8' });
  const stderr = new PassThrough({ encoding: 'utf8' });
  const out = new Output(color, stdout, stderr);
  const read = (stream: PassThrough) => (stream.read() as string | null) ?? '';
  return { out, stdout: () => read(stdout), stderr: () => read(stderr) };
}

describe('Output', () => {
  it('escapes control characters in results, messages, warnings, errors and hints', () => {
    const { out, stdout, stderr } = capture(false);
    out.line(`go 1.22.12 (${HOSTILE})`);
    out.info(`gvx: ${HOSTILE}`);
    out.warn(HOSTILE);
    out.error(HOSTILE, `gvx use 1.22 in ${HOSTILE}`);
    assert.equal(stdout(), `go 1.22.12 (${ESCAPED})\n`);
    assert.equal(stderr(), `gvx: ${ESCAPED}\ngvx: warning: ${ESCAPED}\ngvx: error: ${ESCAPED}\nhint: gvx use 1.22 in ${ESCAPED}\n`);
  });

  it('keeps its own colours while escaping what they frame', () => {
    const { out, stdout, stderr } = capture(true);
    out.line(out.ok(HOSTILE));
    out.line(out.bad(HOSTILE));
    out.error(HOSTILE);
    assert.equal(stdout(), `\u001b[32m✓\u001b[0m ${ESCAPED}\n\u001b[31m✗\u001b[0m ${ESCAPED}\n`);
    assert.equal(stderr(), `\u001b[31mgvx: error:\u001b[0m ${ESCAPED}\n`);
  });

  it('draws and clears its status line, escaping the text in it', () => {
    const { out, stderr } = capture(true);
    out.status(`go1.22.5 ${HOSTILE}`);
    out.info('done');
    assert.equal(stderr(), `\rgo1.22.5 ${ESCAPED}\u001b[K\r\u001b[Kdone\n`);
  });

  it('JSON stays valid and equal, with DEL and C1 controls written as \\u escapes too', () => {
    const { out, stdout } = capture(false);
    const value = { file: `${HOSTILE}\u007f` };
    out.json(value);
    const text = stdout();
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('writes shell code as is, newlines and all', () => {
    const { out, stdout } = capture(false);
    out.code("export PATH='/h/\u001b/shims':\"$PATH\"\ngvx() { :; }");
    assert.equal(stdout(), "export PATH='/h/\u001b/shims':\"$PATH\"\ngvx() { :; }\n");
  });
});
