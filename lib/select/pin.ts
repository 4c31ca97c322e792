// Writing a project's .go-version (gvx use): one normalised spec and a newline, atomically.

import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { formatSpec, type VersionSpec } from '../version/spec.js';
import { GO_VERSION_FILE } from './version-file.js';

export async function writeGoVersionFile(dir: string, spec: VersionSpec): Promise<string> {
  const path = join(dir, GO_VERSION_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, `${formatSpec(spec)}\n`);
    await rename(tmp, path);
  } catch (error) {
    throw fileSystemError('write', path, error);
  }
  return path;
}
