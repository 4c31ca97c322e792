// Payloads for `gvx install --archive FILE`: a local release .tar.gz (hashed, then unpacked
// once it verified, like a download) or a local golang.org/toolchain module .zip
// (checked by --sha256, or by the checksum database's h1: as GOPROXY installs are, or not at
// all with an explicit --no-verify). The file is read in place, never copied.

import { extractTarballFile } from '../archive/extract-tarball.js';
import { unpackModuleZip } from '../archive/extract-toolchain-zip.js';
import type { UnpackLimits } from '../archive/unpack-policy.js';
import type { Config } from '../config.js';
import { ExitCode } from '../error-codes.js';
import { GvxError } from '../errors.js';
import { readToolchainNetwork, verifyToolchainZip } from './verified-toolchain-zip.js';
import { TOOLCHAIN_MODULE } from '../goproxy/toolchain-module.js';
import type { HttpClient } from '../net/http.js';
import type { MirrorChecksum } from '../store/install-record.js';
import { SumdbClient } from '../sumdb/client.js';
import { sha256File } from './file-sha256.js';
import type { Payload } from './install-version.js';
import type { LocalArchive } from './local-archive.js';

type Tarball = Extract<LocalArchive, { kind: 'tarball' }>;
type ModuleZip = Extract<LocalArchive, { kind: 'module-zip' }>;

const MISMATCH_HINT = 'nothing was installed; the file is not the archive that checksum belongs to (a damaged download, or another version or platform)';
const UNVERIFIED_WAY_OUT = 'or give the archive\'s checksum with --sha256 HEX (or, knowingly, --no-verify)';

export function tarballFilePayload(archive: Tarball, expectedSha256: string | undefined, limits: UnpackLimits, mirrorChecksum?: MirrorChecksum): Payload {
  return {
    version: archive.version,
    archiveName: archive.filename,
    source: archive.path,
    expectedSha256,
    ...(mirrorChecksum && { mirrorChecksum }),
    mismatchHint: MISMATCH_HINT,
    obtain: async () => ({ ...userFile(archive.path), sha256: await sha256File(archive.path) }),
    async unpack(obtained, staging, onFile) {
      await extractTarballFile(obtained.file, { dest: staging, archiveName: archive.filename, limits, onFile });
      return staging;
    },
  };
}

/** The user's own file: read where it is, never deleted. */
function userFile(path: string) {
  return { file: path, resumed: false, discard: async () => {} };
}

export type ZipCheck =
  | { readonly kind: 'sha256'; readonly sha256: string }
  | { readonly kind: 'sumdb'; readonly config: Config; readonly http: HttpClient }
  | { readonly kind: 'none' };

export function moduleZipFilePayload(archive: ModuleZip, check: ZipCheck, limits: UnpackLimits): Payload {
  // GOSUMDB=off or a broken GOPROXY: fail now, before the lock, with the way out.
  const lookup = check.kind === 'sumdb' ? sumdbLookup(check.config, check.http, archive.moduleVersion) : undefined;
  return {
    version: archive.version,
    archiveName: archive.filename,
    source: archive.path,
    expectedSha256: check.kind === 'sha256' ? check.sha256 : undefined,
    mismatchHint: MISMATCH_HINT,
    async obtain() {
      const verifiedH1 = lookup ? await verifyToolchainZip(archive.path, archive.moduleVersion, await withWayOut(lookup())) : undefined;
      const sha256 = await sha256File(archive.path);
      return { ...userFile(archive.path), sha256, verifiedH1, module: `${TOOLCHAIN_MODULE}@${archive.moduleVersion}` };
    },
    unpack: (obtained, staging, onFile) => unpackModuleZip(obtained.file, staging, archive.prefix, limits, onFile),
  };
}

/** The h1: the checksum database vouches for (signed tree head and inclusion proof checked). */
function sumdbLookup(config: Config, http: HttpClient, moduleVersion: string): () => Promise<string> {
  let client: SumdbClient;
  try {
    client = new SumdbClient({ http, ...readToolchainNetwork(config) });
  } catch (error) {
    throw addWayOut(error);
  }
  return async () => (await client.lookup(TOOLCHAIN_MODULE, moduleVersion)).h1;
}

async function withWayOut<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw addWayOut(error);
  }
}

/** Same error and exit code, with a hint that names the flags that avoid the database. */
function addWayOut(error: unknown): unknown {
  // Not for a database that lied: that is no reason to skip checking.
  if (!(error instanceof GvxError) || (error.exitCode === ExitCode.integrity && error.code !== 'E_GOSUMDB_OFF')) return error;
  return new GvxError(error.code, error.message, { hint: `${error.hint ? `${error.hint}; ` : ''}${UNVERIFIED_WAY_OUT}`, cause: error });
}
