// Whose is an exported GOROOT? gvx's shell hook exports GOROOT=<home>/versions/<v> together
// with GVX_ACTIVE_VERSION=<v> at each prompt (lib/shell/*). That GOROOT is gvx's own state: it
// may lag behind the selection until the next prompt (right after `gvx use`, or when another
// terminal changed things), but the user never exported it and must never be told to remove it
// from a profile. Anything else is the user's.

import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tryParseGoVersion } from '../version/go-version.js';

export type ExportedGoroot =
  | { readonly owner: 'none' }
  /** Exported by gvx's shell hook for go `version` (which may no longer be the selection). */
  | { readonly owner: 'hook'; readonly goroot: string; readonly version: string }
  /** Exported by hand (a profile, an IDE, a script): gvx did not put it there. */
  | { readonly owner: 'user'; readonly goroot: string };

/**
 * Classifies the environment's GOROOT: 'hook' when GVX_ACTIVE_VERSION is set and GOROOT is
 * <home>/versions/<GVX_ACTIVE_VERSION> (as the hook spells it, or the same path once resolved).
 */
export function classifyExportedGoroot(env: Readonly<Record<string, string | undefined>>, home: string): ExportedGoroot {
  const goroot = env.GOROOT;
  if (!goroot) return { owner: 'none' };
  const version = env.GVX_ACTIVE_VERSION ?? '';
  // A valid version has no path separators, so it cannot point the path outside versions/.
  if (!tryParseGoVersion(version)) return { owner: 'user', goroot };
  const hooks = [`${home}/versions/${version}`, join(home, 'versions', version)];
  if (hooks.includes(goroot) || samePath(goroot, hooks[1]!)) return { owner: 'hook', goroot, version };
  return { owner: 'user', goroot };
}

function samePath(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false; // one of them does not exist (an uninstalled version): the spellings decided
  }
}
