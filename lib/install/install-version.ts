// All-or-nothing installation of one version, whatever the archive's source: lock -> clean
// leftovers -> obtain the archive (a download resumes what an earlier run kept) -> verify its
// checksum -> unpack into staging -> check the tree -> write the install record -> give the
// root the umask's mode -> one rename into versions/. Any failure, Ctrl-C or SIGTERM removes
// the staging directory; a killed process leaves a staging directory and a stale lock, both
// recovered by the next install, and a partial download that the next install continues.

import { rmSync } from 'node:fs';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError, fileSystemError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { InstallRecord, MirrorChecksum } from '../store/install-record.js';
import { INSTALL_RECORD, type HomeLayout } from '../store/layout.js';
import { isInstalledDir } from '../store/installed-check.js';
import { acquireInstallLock } from '../store/lock.js';
import { sharedDirMode } from '../umask.js';
import { onInterrupt } from './interrupt.js';
import { createStagingDir, removeStaleStaging, removeTree, retire } from './staging.js';
import { sweepLeftovers } from './sweep.js';
import { checkGoroot } from './tree-check.js';

/** An archive on local disk and what is known of its integrity, before anything is unpacked. */
export interface ObtainedArchive {
  readonly file: string;
  /** sha256 of the whole file. */
  readonly sha256: string;
  /**
   * The h1: a toolchain module zip was checked against (the checksum database's): verifies
   * the install as expectedSha256 does, for payloads that learn it only while obtaining.
   */
  readonly verifiedH1?: string;
  /** For the install record, when only obtaining knows it (e.g. which GOPROXY entry answered). */
  readonly source?: string;
  /** golang.org/toolchain@<version>, for module zips. */
  readonly module?: string;
  /** Part of the file was kept from an earlier run: a checksum mismatch earns one fresh download. */
  readonly resumed: boolean;
  /** Forgets a downloaded file (installed, or proven bad); a user's own file is left alone. */
  discard(): Promise<void>;
}

/** Where the bytes of one version come from (a download, a local file, a module zip). */
export interface Payload {
  readonly version: string;
  readonly archiveName: string;
  /** URL or path recorded in the install record. */
  readonly source: string;
  /** The checksum the bytes must have; undefined only with an explicit --no-verify. */
  readonly expectedSha256?: string;
  /** Set when expectedSha256 is only a directory mirror's own .sha256 (recorded as such). */
  readonly mirrorChecksum?: MirrorChecksum;
  /** What to do after a sha256 mismatch, when "try again or change GVX_MIRROR" is not it. */
  readonly mismatchHint?: string;
  /** Brings the archive to local disk and hashes it; `fresh` drops whatever an earlier run kept. */
  obtain(options: { fresh: boolean }): Promise<ObtainedArchive>;
  /** Unpacks a verified archive into `staging` (empty), calling onFile per file written; returns the Go root inside it. */
  unpack(archive: ObtainedArchive, staging: string, onFile?: (files: number) => void): Promise<string>;
}

export interface InstallEvents {
  onWaitForLock?: (version: string) => void;
  /** We waited for another gvx, and it installed the version meanwhile. */
  onInstalledByOther?: (version: string) => void;
  /** The lock is ours and the archive is about to be obtained (downloaded, or read). */
  onDownload?: (version: string, source: string) => void;
  /** A status line for stderr (where a checksum came from; a resumed download fetched again). */
  onNote?: (message: string) => void;
  /** The archive verified: unpacking starts (`files` 0), then after each file written, the count so far. */
  onUnpacking?: (version: string, files: number) => void;
  /** Unpacked: the tree is checked (bin/go, VERSION) before it becomes visible. */
  onVerifying?: (version: string) => void;
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

  let waited = false;
  const lock = await acquireInstallLock(layout, version, {
    onWait: () => {
      waited = true;
      options.events?.onWaitForLock?.(version);
    },
  });
  let staging: string | undefined;
  let forgetStaging = () => {};
  try {
    // Another process may have finished the same install while we waited.
    if (!options.force && (await isInstalledDir(target))) {
      if (waited) options.events?.onInstalledByOther?.(version);
      return 'already-installed';
    }
    await removeStaleStaging(layout, version);
    // And what killed installs or uninstalls of other versions left (their locks are free).
    await sweepLeftovers(layout, { except: version });

    // Obtain and verify before unpacking anything: the unpacker only ever sees bytes whose
    // checksum matched (module zips: whose h1: the checksum database vouched for).
    options.events?.onDownload?.(version, payload.source);
    let archive = await payload.obtain({ fresh: false });
    if (mismatch(payload, archive) && archive.resumed) {
      // The kept part may be what went wrong (a file changed on the server, a crash that lost
      // writes): one download from scratch settles it.
      options.events?.onNote?.(`gvx: the resumed download of ${payload.archiveName} did not verify; downloading it again from the start`);
      archive = await payload.obtain({ fresh: true });
    }
    if (mismatch(payload, archive)) {
      await archive.discard();
      throw new IntegrityError(
        'E_CHECKSUM_MISMATCH',
        `checksum mismatch for ${payload.archiveName}: expected sha256 ${payload.expectedSha256}, got ${archive.sha256}`,
        { hint: payload.mismatchHint ?? `nothing was installed; try again (gvx install ${version}) or use another mirror (GVX_MIRROR)` },
      );
    }

    staging = await createStagingDir(layout, version);
    // Ctrl-C or SIGTERM from here on: remove the half-unpacked tree (the verified download stays).
    const tree = staging;
    forgetStaging = onInterrupt(() => rmSync(tree, { recursive: true, force: true }));
    let root: string;
    try {
      options.events?.onUnpacking?.(version, 0);
      root = await payload.unpack(archive, staging, (files) => options.events?.onUnpacking?.(version, files));
    } catch (error) {
      // A verified archive the unpacker refuses will be refused again: do not keep it.
      if (error instanceof IntegrityError) await archive.discard();
      throw error;
    }
    const { sha256 } = archive;
    options.events?.onVerifying?.(version);
    await checkGoroot(root, version, payload.archiveName);
    // A release the official index does not list is unverified, whatever checksum the mirror gave.
    const verifiedBy = payload.mirrorChecksum === 'unlisted' ? undefined
      : payload.expectedSha256 !== undefined ? 'sha256'
      : archive.verifiedH1 !== undefined ? 'h1'
      : undefined;
    const record: InstallRecord = {
      version,
      source: archive.source ?? payload.source,
      sha256,
      installedAt: new Date().toISOString(),
      verified: verifiedBy !== undefined,
      ...(verifiedBy && { verifiedBy }),
      ...(payload.mirrorChecksum && { mirrorChecksum: payload.mirrorChecksum }),
      ...(archive.module && { module: archive.module }),
      ...(archive.verifiedH1 && { h1: archive.verifiedH1 }),
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
    forgetStaging(); // installed: a Ctrl-C from here on has nothing to undo
    if (root !== staging) await removeTree(staging);
    staging = undefined;
    await archive.discard(); // installed: the download has served its purpose
    return 'installed';
  } finally {
    if (staging) await removeTree(staging).catch(() => {});
    forgetStaging();
    await lock.release();
  }
}

function mismatch(payload: Payload, archive: ObtainedArchive): boolean {
  return payload.expectedSha256 !== undefined && archive.sha256 !== payload.expectedSha256;
}
