// A per-version install lock, shared by every gvx process on this machine (proper-lockfile:
// an atomic mkdir whose mtime the holder keeps fresh). A holder killed with -9 stops
// refreshing it, so after STALE_MS the next installer takes the lock over: no manual clean-up.

import { mkdir } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { FileSystemError, fileSystemError } from '../errors.js';
import { diagnoseCreateError } from '../store/fs-diagnosis.js';
import type { HomeLayout } from '../store/layout.js';

const STALE_MS = 5000;
const UPDATE_MS = 1000;
const POLL_MS = 200;

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

export async function acquireInstallLock(layout: HomeLayout, version: string, options: LockOptions = {}): Promise<HeldLock> {
  const target = layout.lockTarget(version);
  try {
    await mkdir(layout.locksDir, { recursive: true });
  } catch (error) {
    throw fileSystemError('create the lock directory', layout.locksDir, await diagnoseCreateError(layout.locksDir, error));
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60 * 1000);
  let waiting = false;
  let compromised: Error | undefined;
  for (;;) {
    try {
      const release = await lockfile.lock(target, {
        realpath: false, // the target is a name, not a file that must exist
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        onCompromised: (error) => {
          compromised = error;
        },
      });
      return {
        assertHeld() {
          if (compromised) {
            throw new FileSystemError('E_LOCK_LOST', `lost the install lock for ${version}: ${compromised.message}`, {
              hint: `run gvx install ${version} again`,
            });
          }
        },
        async release() {
          await release().catch(() => {}); // already released or compromised: nothing left to free
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw fileSystemError('lock', target, error);
      if (Date.now() > deadline) {
        throw new FileSystemError('E_LOCK_TIMEOUT', `timed out waiting for another gvx install of ${version}`, {
          hint: `if no other gvx is running, remove ${target}.lock`,
        });
      }
      if (!waiting) {
        waiting = true;
        options.onWait?.();
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
