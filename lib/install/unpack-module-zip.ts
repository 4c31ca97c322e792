// A golang.org/toolchain module zip becomes the Go root "<staging>/go"; only that tree is
// renamed into place, and the staging directory (with the zip, if it was downloaded there) is
// removed by installVersion.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { extractToolchainZip } from '../goproxy/extract-toolchain-zip.js';
import type { UnpackLimits } from './archive-policy.js';

export async function unpackModuleZip(zipPath: string, staging: string, prefix: string, limits: UnpackLimits): Promise<string> {
  const root = join(staging, 'go');
  try {
    await mkdir(root);
  } catch (error) {
    throw fileSystemError('create', root, error);
  }
  await extractToolchainZip(zipPath, root, prefix, limits);
  return root;
}
