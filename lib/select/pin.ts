// Writing a project's .go-version (gvx use): one normalised spec and a newline, atomically,
// through a temp file no planted symlink can redirect (the project may be a hostile clone).

import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { formatSpec, type VersionSpec } from '../version/spec.js';
import { GO_VERSION_FILE } from './version-file.js';

export async function writeGoVersionFile(dir: string, spec: VersionSpec): Promise<string> {
  const path = join(dir, GO_VERSION_FILE);
  try {
    await writeFileAtomic(path, `${formatSpec(spec)}\n`);
  } catch (error) {
    throw fileSystemError('write', path, error);
  }
  return path;
}
