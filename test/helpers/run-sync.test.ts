// The child of runSync has no terminal: it leads its own session, so /dev/tty cannot be opened.

import assert from 'node:assert/strict';
import { runSync, runSyncOk } from './run-sync.js';

describe('helpers/run-sync', () => {
  it('starts the child in its own session (detached is honoured)', () => {
    const [pid, sid] = runSyncOk('sh', ['-c', 'read -r pid comm state ppid pgrp sid rest </proc/$$/stat; echo $pid $sid']).trim().split(/\s+/);
    assert.ok(pid && /^\d+$/.test(pid), pid);
    assert.equal(sid, pid);
  });

  it('leaves the child no controlling terminal to open', () => {
    const result = runSync('sh', ['-c', 'if true </dev/tty 2>/dev/null; then echo opened; else echo none; fi']);
    assert.equal(result.stdout.trim(), 'none');
  });

  it('runSyncOk fails with the status and stderr of a failing command', () => {
    assert.throws(() => runSyncOk('sh', ['-c', 'echo oops >&2; exit 3']), /exited with 3: oops/);
  });
});
