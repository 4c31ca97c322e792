// readTreeFile: a file doctor and verify read from the user's tree. Real FIFOs, devices,
// directories and symlinks: each is described without blocking, reading without end, or
// quoting anything but a symlink's (escaped) target.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTreeFile } from '../../lib/verify/tree-file.js';
import { makeFifo } from '../helpers/fifo.js';
import { runSyncOk } from '../helpers/run-sync.js';

describe('readTreeFile (files doctor and verify read from the user tree)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-tree-file-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('a regular file: its bytes, complete, not a symlink; through a symlink: flagged as one', async () => {
    const file = join(dir, 'go.work');
    await writeFile(file, 'go 1.22\n');
    assert.deepEqual(await readTreeFile(file, 1024), { kind: 'file', bytes: Buffer.from('go 1.22\n'), complete: true, symlink: false });
    const link = join(dir, 'linked.work');
    await symlink(file, link);
    assert.deepEqual(await readTreeFile(link, 1024), { kind: 'file', bytes: Buffer.from('go 1.22\n'), complete: true, symlink: true });
  });

  it('past the budget: the first maxBytes only, and not complete', async () => {
    const file = join(dir, 'huge');
    await writeFile(file, 'x'.repeat(5000));
    const read = await readTreeFile(file, 4096);
    assert.equal(read.kind, 'file');
    assert.equal(read.kind === 'file' && read.bytes.length, 4096);
    assert.equal(read.kind === 'file' && read.complete, false);
  });

  it('a FIFO with no writer, /dev/zero through a symlink, a directory: unusable, each named', async () => {
    const fifo = join(dir, 'fifo');
    makeFifo(fifo);
    assert.deepEqual(await readTreeFile(fifo, 1024), { kind: 'unusable', why: 'is a FIFO, not a regular file' });
    const zero = join(dir, 'zero');
    await symlink('/dev/zero', zero);
    assert.deepEqual(await readTreeFile(zero, 1024), { kind: 'unusable', why: 'is a symlink to /dev/zero: a character device, not a regular file' });
    const sub = join(dir, 'sub');
    await mkdir(sub);
    assert.deepEqual(await readTreeFile(sub, 1024), { kind: 'unusable', why: 'is a directory, not a regular file' });
  });

  it('missing, dangling, a loop: not present or not regular; a target with control characters is escaped', async () => {
    assert.deepEqual(await readTreeFile(join(dir, 'none'), 1024), { kind: 'unusable', why: 'is not present' });
    const dangling = join(dir, 'dangling');
    await symlink('/nowhere/\x1b]0;pwned\x07', dangling);
    assert.deepEqual(await readTreeFile(dangling, 1024), { kind: 'unusable', why: 'is a symlink to /nowhere/?]0;pwned?: not present' });
    const loop = join(dir, 'loop');
    await symlink(loop, loop);
    assert.deepEqual(await readTreeFile(loop, 1024), { kind: 'unusable', why: `is a symlink to ${loop}: not a regular file (a symlink loop)` });
  });

  it('a regular file that may not be read: unusable, permission denied', async () => {
    const file = join(dir, 'private');
    await writeFile(file, 'secret\n', { mode: 0o000 });
    // In a child, so that root can run it without the capabilities that let root read anything.
    const reader = new URL('../../lib/verify/tree-file.js', import.meta.url).href;
    const script = `const { readTreeFile } = await import(${JSON.stringify(reader)}); console.log(JSON.stringify(await readTreeFile(${JSON.stringify(file)}, 1024)));`;
    const node = [process.execPath, '--input-type=module', '-e', script];
    const [command, ...args] = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...node] : node;
    assert.deepEqual(JSON.parse(runSyncOk(command!, args)), { kind: 'unusable', why: 'is a file that cannot be read (permission denied)' });
  });
});
