// Locks shared by every gvx process on this machine (proper-lockfile: an atomic mkdir whose
// mtime the holder keeps fresh). A holder killed with -9 stops refreshing it, so after
// STALE_MS the next one takes the lock over: no manual clean-up. Two kinds:
// - per version, held for a whole install or uninstall of that version;
// - one for the home, held for the few milliseconds it takes to rewrite the alias table and
//   the default from a fresh listing (refresh.ts).

import { mkdir } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { FileSystemError, fileSystemError } from '../errors.js';
import { diagnoseCreateError } from './fs-diagnosis.js';
import type { HomeLayout } from './layout.js';

const STALE_MS = 5000;
const UPDATE_MS = 1000;
const POLL_MS = 200;
/** The home lock is held briefly: poll it often, so concurrent installs do not queue for long. */
const HOME_POLL_MS = 20;

export interface HeldLock {
  /** Throws if the lock was lost (e.g. its directory removed), so the caller never renames unprotected. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Called once when another process holds the lock and we start waiting. */
  onWait?: () => void;
  timeoutMs?: number;
}

interface LockSpec {
  readonly target: string;
  readonly pollMs: number;
  readonly timeoutMs: number;
  /** "the install lock for 1.22.5" */
  readonly name: string;
  /** What the holder was doing, for a timeout message. */
  readonly holderDoes: string;
  readonly retryHint: string;
}

export async function acquireInstallLock(layout: HomeLayout, version: string, options: LockOptions = {}): Promise<HeldLock> {
  return acquire(layout, installLockSpec(layout, version, options.timeoutMs), options.onWait);
}

/**
 * Takes the version's install lock only if it is free now (a stale lock of a dead process
 * counts as free), else returns undefined at once. For housekeeping (sweep.ts) that must
 * never wait behind a running install. Within one process a lock it already holds is not
 * free either (proper-lockfile sees a fresh lock directory).
 */
export async function tryInstallLock(layout: HomeLayout, version: string): Promise<HeldLock | undefined> {
  await ensureLocksDir(layout);
  return tryLock(installLockSpec(layout, version));
}

function installLockSpec(layout: HomeLayout, version: string, timeoutMs = 30 * 60 * 1000): LockSpec {
  return {
    target: layout.lockTarget(version),
    pollMs: POLL_MS,
    timeoutMs,
    name: `the install lock for ${version}`,
    holderDoes: `install of ${version}`,
    retryHint: `run gvx install ${version} again`,
  };
}

/** The home-wide lock around rewriting the alias table and the default. */
export async function acquireHomeLock(layout: HomeLayout, options: LockOptions = {}): Promise<HeldLock> {
  return acquire(
    layout,
    {
      target: layout.homeLockTarget,
      pollMs: HOME_POLL_MS,
      timeoutMs: options.timeoutMs ?? 5 * 60 * 1000,
      name: `the lock of ${layout.home}`,
      holderDoes: `update of ${layout.home}`,
      retryHint: 'run the command again',
    },
    options.onWait,
  );
}

async function acquire(layout: HomeLayout, spec: LockSpec, onWait: (() => void) | undefined): Promise<HeldLock> {
  await ensureLocksDir(layout);
  const deadline = Date.now() + spec.timeoutMs;
  let waiting = false;
  for (;;) {
    const held = await tryLock(spec);
    if (held) return held;
    if (Date.now() > deadline) {
      throw new FileSystemError('E_LOCK_TIMEOUT', `timed out waiting for another gvx ${spec.holderDoes}`, {
        hint: `if no other gvx is running, remove ${spec.target}.lock`,
      });
    }
    if (!waiting) {
      waiting = true;
      onWait?.();
    }
    await new Promise((resolve) => setTimeout(resolve, spec.pollMs));
  }
}

async function ensureLocksDir(layout: HomeLayout): Promise<void> {
  try {
    await mkdir(layout.locksDir, { recursive: true });
  } catch (error) {
    throw fileSystemError('create the lock directory', layout.locksDir, await diagnoseCreateError(layout.locksDir, error));
  }
}

/** One attempt: the lock, or undefined if another holder has it (ELOCKED). */
async function tryLock(spec: LockSpec): Promise<HeldLock | undefined> {
  const { target } = spec;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false, // the target is a name, not a file that must exist
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: 0,
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw fileSystemError('lock', target, error);
  }
  return {
    assertHeld() {
      if (compromised) {
        throw new FileSystemError('E_LOCK_LOST', `lost ${spec.name}: ${compromised.message}`, { hint: spec.retryHint });
      }
    },
    async release() {
      await release().catch(() => {}); // already released or compromised: nothing left to free
    },
  };
}
