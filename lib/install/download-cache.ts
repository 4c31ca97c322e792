// The download cache: GVX_HOME/downloads holds archives being downloaded, so a download cut
// off by the network, Ctrl-C, kill -9 or a reboot is continued by the next install of the
// same file instead of starting over (a Go release is 65-100 MB). A file is keyed by what
// identifies its content, so a different mirror or a re-published file never continues the
// wrong bytes. It is removed once installed or proven bad; nothing in it is ever run or
// shown as a version. Files untouched for two weeks are swept (sweep.ts); `rm -rf` of the
// directory is always safe while no install runs.

import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { diagnoseCreateError } from '../store/fs-diagnosis.js';
import type { HomeLayout } from '../store/layout.js';

/**
 * Where a download is kept: "<key>-<name>", the key hashing what identifies its content: a
 * release archive's URL with the sha256 the index gives it, or a toolchain module's path and
 * version (the checksum database fixes a module version's content for ever).
 */
export async function downloadCachePath(layout: HomeLayout, identity: string, name: string): Promise<string> {
  const dir = layout.downloadsDir;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw fileSystemError('create the download cache', dir, await diagnoseCreateError(dir, error));
  }
  const key = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return join(dir, `${key}-${name.replace(/[^A-Za-z0-9._+@-]/g, '_').slice(-100)}`);
}

export async function removeCachedDownload(file: string): Promise<void> {
  await rm(file, { force: true });
}
