// A real FIFO for the tests of hostile files (Node has no mkfifo of its own).

import { spawnSync } from 'node:child_process';

export function mkfifo(path: string): void {
  const result = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mkfifo ${path} failed: ${result.stderr}`);
}
