// After anything that changes versions/ (install, uninstall) or the default (use --global):
// the alias table the shims read, and the global default, rewritten under ONE home-wide lock
// from a listing taken while holding it. Concurrent installs of different versions therefore
// serialise here, and the last writer always wrote from a listing that includes every version
// renamed in before it took the lock: no alias is lost to a stale listing, and "the first
// version installed becomes the default" happens once.

import { GvxError } from '../errors.js';
import type { VersionSpec } from '../version/spec.js';
import { aliasesInStep, writeAliases } from './aliases.js';
import { defaultIsSet, writeDefault } from './default-version.js';
import { listInstalled } from './inventory.js';
import type { HomeLayout } from './layout.js';
import { acquireHomeLock, type HeldLock } from './lock.js';

export interface RefreshOptions {
  /** Becomes the global default when none is set (an install: the first version installed). */
  readonly defaultIfUnset?: VersionSpec;
  /** Becomes the global default (gvx use --global). */
  readonly setDefault?: VersionSpec;
}

export interface RefreshResult {
  /** The default was written by this call. */
  readonly becameDefault: boolean;
}

export async function refreshStore(layout: HomeLayout, options: RefreshOptions = {}): Promise<RefreshResult> {
  let lock: HeldLock;
  try {
    lock = await acquireHomeLock(layout);
  } catch (error) {
    // A read-only home: nothing can change it under us, so a store already in step is fine
    // (`gvx install` of an installed version keeps working there).
    if (isUnwritable(error) && !options.setDefault && (await inStep(layout, options))) return { becameDefault: false };
    throw error;
  }
  try {
    await writeAliases(layout, await listInstalled(layout));
    let becameDefault = false;
    if (options.setDefault) {
      await writeDefault(layout, options.setDefault);
      becameDefault = true;
    } else if (options.defaultIfUnset && !(await defaultIsSet(layout))) {
      await writeDefault(layout, options.defaultIfUnset);
      becameDefault = true;
    }
    return { becameDefault };
  } finally {
    await lock.release();
  }
}

function isUnwritable(error: unknown): boolean {
  return error instanceof GvxError && (error.code === 'E_FS_EROFS' || error.code === 'E_FS_EACCES' || error.code === 'E_FS_EPERM');
}

async function inStep(layout: HomeLayout, options: RefreshOptions): Promise<boolean> {
  if (!(await aliasesInStep(layout, await listInstalled(layout)))) return false;
  return !options.defaultIfUnset || (await defaultIsSet(layout));
}
