// One streaming pass over a release .tar.gz: every byte is hashed (sha256) as it passes on
// to node-tar, which unpacks into the staging directory. Nothing holds the whole archive.
// node-tar runs in strict mode (its warnings become failures) and every entry is checked
// against the archive policy first, so nothing is ever written outside `dest`.

import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { GvxError, IntegrityError, fileSystemError } from '../errors.js';
import { networkError } from '../net/http.js';
import { type EntryKind, checkEntry } from './archive-policy.js';

export interface ExtractResult {
  readonly sha256: string;
  readonly bytes: number;
}

export interface ExtractOptions {
  readonly dest: string;
  readonly archiveName: string;
  /** Where the bytes come from, for messages about a cut-off download. */
  readonly sourceUrl: string;
  readonly onBytes?: (bytes: number) => void;
}

const KINDS: Record<string, EntryKind> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'directory',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

export async function extractTarball(source: Readable, options: ExtractOptions): Promise<ExtractResult> {
  const hash = createHash('sha256');
  let bytes = 0;
  let sourceError: unknown;
  let refusal: GvxError | undefined;
  source.once('error', (error) => {
    sourceError = error;
  });

  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onBytes?.(bytes);
      callback(null, chunk);
    },
  });

  const unpack = new tar.Unpack({
    cwd: options.dest,
    strip: 1,
    strict: true,
    preserveOwner: false, // as root, node-tar would otherwise chown to the archive's uids
    filter: (_path, entry) => {
      if (refusal) return false;
      const e = entry as tar.ReadEntry;
      try {
        checkEntry({ path: e.path, kind: KINDS[e.type] ?? 'other', linkpath: e.linkpath }, 'go', options.archiveName);
        return true;
      } catch (error) {
        refusal = error as GvxError;
        unpack.abort(refusal);
        return false;
      }
    },
  });

  try {
    await pipeline(source, hashing, unpack);
  } catch (error) {
    if (refusal) throw refusal;
    if (sourceError !== undefined) throw networkError(options.sourceUrl, sourceError);
    throw classifyUnpackError(error, options);
  }
  if (refusal) throw refusal;
  return { sha256: hash.digest('hex'), bytes };
}

function classifyUnpackError(error: unknown, options: ExtractOptions): GvxError {
  if (error instanceof GvxError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EMFILE'].includes(code)) {
    return fileSystemError('write into', options.dest, error);
  }
  // zlib/tar format errors: a corrupt archive (a cut-off body is reported by the source above).
  return new IntegrityError('E_ARCHIVE_CORRUPT', `cannot unpack ${options.archiveName}: ${(error as Error).message}`, {
    hint: 'the archive is corrupt or not a tar.gz; nothing was installed',
    cause: error,
  });
}
