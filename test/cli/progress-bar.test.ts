// The install progress line (install-messages.ts, progress-bar.ts) past the download: when the
// archive unpacks, the line says so, with a count of files, then says it verifies, instead of
// sitting at "ETA 0s"; a local archive gets those phases too, --quiet and a non-TTY get none.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { installMessages } from '../../lib/cli/install-messages.js';
import { Output } from '../../lib/cli/output.js';

const MiB = 1024 * 1024;
const ERASE_TO_END = '\u001b[K';

function terminal() {
  const stderr = new PassThrough({ encoding: 'utf8' });
  let screen = '';
  stderr.on('data', (text: string) => (screen += text));
  const out = new Output(true, new PassThrough(), stderr);
  /** The status lines drawn so far ("\r<text>ESC[K"), the newest last; an erasure is "\rESC[K". */
  const statuses = () =>
    screen
      .split('\r')
      .filter((part) => part.endsWith(ERASE_TO_END) && part !== ERASE_TO_END)
      .map((part) => part.slice(0, -ERASE_TO_END.length));
  return { out, statuses, screen: () => screen };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the install progress line after the download', () => {
  it('goes from the finished download to unpacking, with a count of files, then to verifying', async () => {
    const { out, statuses } = terminal();
    const messages = installMessages(out, { progress: true });
    messages.onDownload!('1.22.5', 'https://go.dev/dl/go1.22.5.linux-amd64.tar.gz');
    messages.onProgress!(4 * MiB, 4 * MiB);
    assert.match(statuses().at(-1)!, /^go1\.22\.5 \[#{24}\] 4\.0\/4\.0 MiB [\d.]+ MiB\/s/);

    messages.onUnpacking!('1.22.5', 0);
    assert.equal(statuses().at(-1), 'go1.22.5 unpacking…');
    // Redrawn at most ten times a second: files keep coming until the count is shown.
    let files = 0;
    while (!statuses().at(-1)!.endsWith(' files')) {
      messages.onUnpacking!('1.22.5', ++files);
      await nextTick();
    }
    const counted = /^go1\.22\.5 unpacking… (\d+) files$/.exec(statuses().at(-1)!);
    assert.ok(counted && Number(counted[1]) >= 1 && Number(counted[1]) <= files, statuses().at(-1));

    messages.onVerifying!('1.22.5');
    assert.equal(statuses().at(-1), 'go1.22.5 verifying…');
  });

  it('a local archive shows the phases without a download bar', () => {
    const { out, statuses } = terminal();
    const messages = installMessages(out, { progress: true, localArchive: true });
    messages.onDownload!('1.21.13', '/tmp/go1.21.13.linux-amd64.tar.gz');
    messages.onUnpacking!('1.21.13', 0);
    messages.onVerifying!('1.21.13');
    assert.deepEqual(statuses(), ['go1.21.13 unpacking…', 'go1.21.13 verifying…']);
  });

  it('draws nothing under --quiet or without a terminal', () => {
    for (const options of [{ progress: true, quiet: true }, { progress: false }]) {
      const { out, screen } = terminal();
      const messages = installMessages(out, options);
      messages.onUnpacking!('1.22.5', 0);
      messages.onUnpacking!('1.22.5', 1);
      messages.onVerifying!('1.22.5');
      messages.finish();
      assert.equal(screen(), '', JSON.stringify(options));
    }
  });
});
