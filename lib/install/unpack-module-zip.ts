// A golang.org/toolchain module zip, already in the staging directory, becomes the Go root
// "<staging>/go"; the zip itself is deleted afterwards so only the tree is renamed into place.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { extractToolchainZip } from '../goproxy/extract-toolchain-zip.js';

export async function unpackModuleZip(zipPath: string, staging: string, prefix: string): Promise<string> {
  const root = join(staging, 'go');
  try {
    await mkdir(root);
  } catch (error) {
    throw fileSystemError('create', root, error);
  }
  await extractToolchainZip(zipPath, root, prefix);
  return root;
}

/** Deletes a zip that is no longer needed (inside staging: a failure here is not fatal). */
export async function dropZip(zipPath: string): Promise<void> {
  await rm(zipPath, { force: true }).catch(() => {});
}
