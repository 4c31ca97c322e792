// The global default (`gvx use --global`): one spec in GVX_HOME/default.

import { mkdir, readFile } from 'node:fs/promises';
import type { VersionSpec } from '../version/spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { HomeLayout } from './layout.js';

/**
 * Whether a global default is set: the file exists with something in it. What it says is read
 * by lib/select/selection.ts, with the .go-version rules every resolver applies to it; this
 * only decides whether an install may make itself the default.
 */
export async function defaultIsSet(layout: HomeLayout): Promise<boolean> {
  try {
    return (await readFile(layout.defaultFile, 'utf8')).trim() !== '';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function writeDefault(layout: HomeLayout, spec: VersionSpec): Promise<void> {
  await mkdir(layout.home, { recursive: true });
  await writeFileAtomic(layout.defaultFile, `${spec.text}\n`);
}
