// Every child that a test or a benchmark waits for synchronously starts here:
// - in its own session (detached), so it has no controlling terminal: an interactive zsh
//   otherwise opens /dev/tty and waits for keys nobody types when `npm test` runs in a terminal;
// - with a timeout, because a blocked spawnSync blocks mocha's own timeout too.
// test/architecture.test.ts fails on a synchronous spawn anywhere else in test/ or bench/.

import { type SpawnSyncOptions, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns, spawnSync } from 'node:child_process';

/** Long enough for a real go build, short enough that a hang fails the test instead of the run. */
const SYNC_TIMEOUT_MS = 120_000;

export type RunSyncOptions = Omit<SpawnSyncOptions, 'detached' | 'encoding'>;

/** Runs a command to completion with no terminal; output as text. Never throws on a non-zero exit. */
export function runSync(command: string, args: readonly string[], options: RunSyncOptions = {}): SpawnSyncReturns<string> {
  // spawnSync hands `detached` to libuv as spawn does (setsid), though @types/node omits it:
  // run-sync.test.ts checks that the child leads its own session.
  const detached: SpawnSyncOptionsWithStringEncoding & { detached: true } = { timeout: SYNC_TIMEOUT_MS, killSignal: 'SIGKILL', ...options, detached: true, encoding: 'utf8' };
  return spawnSync(command, args, detached);
}

/** runSync for a command that must succeed: its stdout, or an error carrying its status and stderr. */
export function runSyncOk(command: string, args: readonly string[], options: RunSyncOptions = {}): string {
  const result = runSync(command, args, options);
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
  }
  return result.stdout;
}
