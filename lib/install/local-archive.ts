// What a local file given to `gvx install --archive` is: a release .tar.gz (version from its
// name, go1.22.5.linux-amd64.tar.gz, else from the VERSION file inside) or a golang.org/toolchain
// module .zip (version from the prefix every entry carries). Nothing is unpacked here.

import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { withZip } from '../archive/zip-reader.js';
import type { Config } from '../config.js';
import { GvxError, IntegrityError, NotFoundError, UsageError } from '../errors.js';
import { TOOLCHAIN_MODULE, parseToolchainModuleVersion } from '../goproxy/toolchain-module.js';
import { downloadArch } from '../remote/artifact.js';
import { tryParseGoVersion } from '../version/go-version.js';
import { readTarballVersion } from './tarball-version.js';

export type LocalArchive =
  | { readonly kind: 'tarball'; readonly path: string; readonly filename: string; readonly version: string }
  | {
      readonly kind: 'module-zip';
      readonly path: string;
      readonly filename: string;
      readonly version: string;
      readonly moduleVersion: string;
      /** "golang.org/toolchain@<moduleVersion>/". */
      readonly prefix: string;
    };

const RELEASE_NAME = /^go(.+)\.([a-z0-9]+)-([a-z0-9]+)\.tar\.gz$/;

export async function identifyLocalArchive(file: string, config: Config): Promise<LocalArchive> {
  const path = resolve(config.cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new NotFoundError('E_ARCHIVE_MISSING', `--archive ${file}: no such file`, { hint: 'give the path of a go<version>.<os>-<arch>.tar.gz or a toolchain module .zip' });
  }
  const filename = basename(path);
  if (filename.endsWith('.zip')) return identifyModuleZip(path, filename, config);
  if (!filename.endsWith('.tar.gz') && !filename.endsWith('.tgz')) {
    throw new UsageError(`--archive ${file}: not a .tar.gz release archive or a toolchain module .zip`, {
      hint: 'gvx install --archive go1.22.5.linux-amd64.tar.gz (as downloaded from go.dev/dl)',
    });
  }
  const named = RELEASE_NAME.exec(filename);
  if (named) {
    const version = tryParseGoVersion(named[1]!);
    if (version) {
      checkPlatform(file, named[2]!, named[3]!, config);
      return { kind: 'tarball', path, filename, version: version.text };
    }
  }
  const fromFile = await readTarballVersion(path);
  const version = fromFile === undefined ? undefined : tryParseGoVersion(fromFile.replace(/^go/, ''));
  if (!fromFile?.startsWith('go') || !version) {
    throw new IntegrityError('E_ARCHIVE_NO_VERSION', `--archive ${file}: the name does not say which Go it is, and it has no readable go/VERSION`, {
      hint: 'rename it go<version>.<os>-<arch>.tar.gz if you know the version; nothing was installed',
    });
  }
  return { kind: 'tarball', path, filename, version: version.text };
}

async function identifyModuleZip(path: string, filename: string, config: Config): Promise<LocalArchive> {
  const names = await withZip(path, async (zip) => zip.entries.map((e) => e.name)).catch((error: unknown) => {
    if (error instanceof GvxError) throw error;
    throw new IntegrityError('E_ZIP_CORRUPT', `--archive ${filename}: cannot read the zip (${(error as Error).message})`, { hint: 'nothing was installed' });
  });
  // Every entry starts "golang.org/toolchain@<moduleVersion>/"; extraction checks the rest.
  const first = names[0] ?? '';
  const at = first.indexOf('@');
  const slash = first.indexOf('/', at + 1);
  const top = at < 0 || slash < 0 ? first : first.slice(0, slash);
  const parsed = at > 0 && top.slice(0, at) === TOOLCHAIN_MODULE ? parseToolchainModuleVersion(top.slice(at + 1)) : undefined;
  if (!parsed) {
    throw new IntegrityError('E_ARCHIVE_NOT_TOOLCHAIN', `--archive ${filename}: not a ${TOOLCHAIN_MODULE} module zip (its entries start "${top.slice(0, 80)}")`, {
      hint: 'a toolchain module zip is what GOPROXY serves at golang.org/toolchain/@v/v0.0.1-go<version>.<os>-<arch>.zip; nothing was installed',
    });
  }
  checkPlatform(filename, parsed.goos, parsed.goarch, config);
  const moduleVersion = top.slice(at + 1);
  return { kind: 'module-zip', path, filename, version: parsed.goVersion.text, moduleVersion, prefix: `${top}/` };
}

/** An archive for another platform would install a go that cannot run here. */
function checkPlatform(file: string, goos: string, goarch: string, config: Config): void {
  // A module zip names the GOARCH, a release tarball go.dev's spelling of it.
  const sameArch = goarch === config.goarch || goarch === downloadArch(config.goarch);
  if (goos !== config.goos || !sameArch) {
    throw new UsageError(`--archive ${file} is for ${goos}/${goarch}, and this machine is ${config.goos}/${config.goarch}`, {
      hint: `use the go<version>.${config.goos}-${downloadArch(config.goarch)}.tar.gz archive`,
    });
  }
}
