// What is installed: the directories under versions/ whose names are valid Go versions.
// Staging and trash live elsewhere (layout.ts), so everything listed here is complete.

import { readdir } from 'node:fs/promises';
import { type GoVersion, compareGoVersions, tryParseGoVersion } from '../version/go-version.js';
import { HomeLayout } from './layout.js';

export interface InstalledVersion {
  readonly version: GoVersion;
  readonly goroot: string;
}

/** Installed versions, newest first. */
export async function listInstalled(layout: HomeLayout): Promise<InstalledVersion[]> {
  let names: string[];
  try {
    names = await readdir(layout.versionsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const installed: InstalledVersion[] = [];
  for (const name of names) {
    const version = tryParseGoVersion(name);
    // Only canonical names (no "go" prefix) are gvx's; anything else is not ours to list.
    if (version && version.text === name) installed.push({ version, goroot: layout.versionDir(name) });
  }
  return installed.sort((a, b) => compareGoVersions(b.version, a.version));
}

export async function findInstalled(layout: HomeLayout, version: GoVersion): Promise<InstalledVersion | undefined> {
  return (await listInstalled(layout)).find((v) => compareGoVersions(v.version, version) === 0);
}
