// The sha256 of a file on disk, streamed (toolchain zips are ~100 MB: never read whole).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileSystemError } from '../errors.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (error) {
    throw fileSystemError('read', path, error);
  }
  return hash.digest('hex');
}
