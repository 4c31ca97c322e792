// Clean-up on Ctrl-C or kill (SIGINT, SIGTERM) during an install: without it the default
// action kills the process at once and the staging tree stays behind. Clean-ups are
// synchronous (rmSync) because after a signal nothing asynchronous is waited for.
// The handlers exist only while a clean-up is registered: outside installs, the default
// behaviour (and e.g. `gvx exec` forwarding signals to its child) is untouched.

import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
// Wrappers, so that registering the same function twice gives two independent entries.
const cleanups = new Set<() => void>();
let exiting = false;

function onSignal(signal: NodeJS.Signals): void {
  if (exiting) return; // a second signal while cleaning up: the first is already handling it
  exiting = true;
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // best effort: the remaining clean-ups and the exit matter more
    }
  }
  // process.exit, not re-raising the signal: 'exit' handlers still run (proper-lockfile frees
  // its locks there, through signal-exit). 128 + n is what a shell reports for death by signal n.
  process.exit(128 + constants.signals[signal]);
}

/** Runs `cleanup` if SIGINT or SIGTERM arrives before the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  const entry = () => cleanup();
  if (cleanups.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  cleanups.add(entry);
  return () => {
    if (!cleanups.delete(entry)) return; // already unregistered
    if (cleanups.size === 0) for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
