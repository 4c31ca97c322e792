// The global default (`gvx use --global`): one spec in GVX_HOME/default.

import { mkdir, readFile } from 'node:fs/promises';
import { formatSpec, parseSpec, type VersionSpec } from '../version/spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { HomeLayout } from './layout.js';

export interface DefaultSelection {
  readonly spec: VersionSpec;
  readonly file: string;
}

export async function readDefault(layout: HomeLayout): Promise<DefaultSelection | undefined> {
  let text: string;
  try {
    text = await readFile(layout.defaultFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const line = text.trim();
  if (line === '') return undefined;
  return { spec: parseSpec(line, layout.defaultFile), file: layout.defaultFile };
}

export async function writeDefault(layout: HomeLayout, spec: VersionSpec): Promise<void> {
  await mkdir(layout.home, { recursive: true });
  await writeFileAtomic(layout.defaultFile, `${formatSpec(spec)}\n`);
}
