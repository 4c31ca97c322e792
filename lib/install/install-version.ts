// All-or-nothing installation of one version (design §5), whatever the archive's source:
// lock -> clean leftovers -> unpack into staging -> verify hash and tree -> write the
// install record -> give the root the umask's mode -> one rename into versions/. Any failure
// removes the staging directory; a killed process leaves only a staging directory and a stale
// lock, both recovered by the next install of the same version.

import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError, fileSystemError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { InstallRecord } from '../store/inventory.js';
import { INSTALL_RECORD, type HomeLayout } from '../store/layout.js';
import { isInstalledDir } from '../store/installed-check.js';
import { acquireInstallLock } from './lock.js';
import { createStagingDir, removeStaleStaging, removeTree, retire } from './staging.js';
import { checkGoroot } from './tree-check.js';
import { sharedDirMode } from './umask.js';

export interface UnpackResult {
  /** sha256 of the bytes that were unpacked. */
  readonly sha256: string;
  /**
   * The h1: the unpacked toolchain module zip was checked against (the checksum database's):
   * verifies the install as expectedSha256 does, for payloads that learn it only while unpacking.
   */
  readonly verifiedH1?: string;
  /** For the install record, when only unpacking knows it (e.g. which GOPROXY entry answered). */
  readonly source?: string;
  /** golang.org/toolchain@<version>, for module zips. */
  readonly module?: string;
}

/** Where the bytes of one version come from (a download, a local file, a module zip). */
export interface Payload {
  readonly version: string;
  readonly archiveName: string;
  /** URL or path recorded in the install record. */
  readonly source: string;
  /** The checksum the bytes must have; undefined only with an explicit --no-verify. */
  readonly expectedSha256?: string;
  /** What to do after a sha256 mismatch, when "try again or change GVX_MIRROR" is not it. */
  readonly mismatchHint?: string;
  /**
   * Unpacks the archive so that its Go root is `dest`. May be retried: `freshStaging` gives
   * an empty directory each time (removing the one before).
   */
  unpack(freshStaging: () => Promise<string>): Promise<{ root: string } & UnpackResult>;
}

export interface InstallEvents {
  onWaitForLock?(version: string): void;
}

export type InstallStatus = 'installed' | 'already-installed';

export async function installVersion(
  layout: HomeLayout,
  payload: Payload,
  options: { force?: boolean; events?: InstallEvents } = {},
): Promise<InstallStatus> {
  const { version } = payload;
  const target = layout.versionDir(version);
  if (!options.force && (await isInstalledDir(target))) return 'already-installed';

  const lock = await acquireInstallLock(layout, version, { onWait: () => options.events?.onWaitForLock?.(version) });
  let staging: string | undefined;
  try {
    // Another process may have finished the same install while we waited.
    if (!options.force && (await isInstalledDir(target))) return 'already-installed';
    await removeStaleStaging(layout, version);

    const freshStaging = async () => {
      if (staging) await removeTree(staging);
      staging = await createStagingDir(layout, version);
      return staging;
    };
    const unpacked = await payload.unpack(freshStaging);
    const { root, sha256 } = unpacked;

    if (payload.expectedSha256 !== undefined && sha256 !== payload.expectedSha256) {
      throw new IntegrityError(
        'E_CHECKSUM_MISMATCH',
        `checksum mismatch for ${payload.archiveName}: expected sha256 ${payload.expectedSha256}, got ${sha256}`,
        { hint: payload.mismatchHint ?? `nothing was installed; try again (gvx install ${version}) or use another mirror (GVX_MIRROR)` },
      );
    }
    await checkGoroot(root, version, payload.archiveName);
    const verifiedBy = payload.expectedSha256 !== undefined ? 'sha256' : unpacked.verifiedH1 !== undefined ? 'h1' : undefined;
    const record: InstallRecord = {
      version,
      source: unpacked.source ?? payload.source,
      sha256,
      installedAt: new Date().toISOString(),
      verified: verifiedBy !== undefined,
      ...(verifiedBy && { verifiedBy }),
      ...(unpacked.module && { module: unpacked.module }),
      ...(unpacked.verifiedH1 && { h1: unpacked.verifiedH1 }),
    };
    try {
      await writeFileAtomic(join(root, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    } catch (error) {
      throw fileSystemError('write the install record in', root, error);
    }
    // The root may be the mkdtemp staging directory (0700): give it the mode any directory
    // would get under this umask (0755 under 022), so a shared GVX_HOME serves other users.
    try {
      await chmod(root, sharedDirMode());
    } catch (error) {
      throw fileSystemError('set the mode of', root, error);
    }

    lock.assertHeld();
    if (await isInstalledDir(target)) await retire(layout, target, version); // --force
    try {
      await mkdir(layout.versionsDir, { recursive: true });
      await rename(root, target);
    } catch (error) {
      throw fileSystemError('move the new version into', target, error);
    }
    if (root !== staging) await removeTree(staging!);
    staging = undefined;
    return 'installed';
  } finally {
    if (staging) await removeTree(staging).catch(() => {});
    await lock.release();
  }
}
