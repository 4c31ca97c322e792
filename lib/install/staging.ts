// The staging area: installs are unpacked under GVX_HOME/staging (same file system as
// versions/), so the final step is a single rename. Directories are named
// "<version>-<random>" so that, under the version's lock, leftovers of a killed install of
// the same version can be recognised and removed.

import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { diagnoseCreateError } from '../store/fs-diagnosis.js';
import type { HomeLayout } from '../store/layout.js';
import { tryParseGoVersion } from '../version/go-version.js';

export async function createStagingDir(layout: HomeLayout, version: string): Promise<string> {
  try {
    await mkdir(layout.stagingDir, { recursive: true });
    return await mkdtemp(join(layout.stagingDir, `${version}-`));
  } catch (error) {
    throw fileSystemError('create a staging directory in', layout.stagingDir, await diagnoseCreateError(layout.stagingDir, error));
  }
}

/**
 * The version a staging/ or trash/ entry belongs to, if its name is "<version>-<random>" as
 * mkdtemp made it (6 letters or digits on every platform Node supports); else undefined.
 * The version is returned as written in the name, which is the text the creator locked.
 */
export function leftoverVersion(name: string): string | undefined {
  const match = /^(.+)-[A-Za-z0-9]{6}$/.exec(name);
  return match && tryParseGoVersion(match[1]!) ? match[1] : undefined;
}

/** Removes leftovers of earlier (killed) installs of `version`. Call only while holding its lock. */
export async function removeStaleStaging(layout: HomeLayout, version: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(layout.stagingDir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => leftoverVersion(n) === version).map((n) => removeTree(join(layout.stagingDir, n))));
}

export async function removeTree(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Moves a directory out of versions/ into trash/ (one rename: it stops looking installed at
 * once), then deletes it. Used by uninstall and by install --force.
 */
export async function retire(layout: HomeLayout, dir: string, version: string): Promise<void> {
  try {
    await mkdir(layout.trashDir, { recursive: true });
    const trash = await mkdtemp(join(layout.trashDir, `${version}-`));
    await rename(dir, join(trash, 'go'));
    await removeTree(trash);
  } catch (error) {
    throw fileSystemError('remove', dir, error);
  }
}
