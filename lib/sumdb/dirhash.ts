// The "h1:" hash of go.sum and the checksum database (golang.org/x/mod/sumdb/dirhash Hash1):
// for each file name in sorted order, the line "<sha256 hex>  <name>\n"; then sha256 of all
// those lines, base64, prefixed "h1:". For a module zip the names are the zip's entry names,
// "module@version/" prefix included; for a go.mod the single name is "go.mod".

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ZipReader, withZip } from '../archive/zip-reader.js';
import { GvxError, IntegrityError } from '../errors.js';

/** Hash1 over named contents, each opened (and streamed) in turn. */
async function hash1(names: readonly string[], open: (name: string) => Promise<Readable>): Promise<string> {
  const summary = createHash('sha256');
  // Go sorts by bytes (sort.Strings); JS compares UTF-16 units, which differs beyond the BMP.
  const sorted = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of sorted) {
    if (name.includes('\n')) {
      throw new IntegrityError('E_DIRHASH_NAME', `cannot hash file name with a newline: ${JSON.stringify(name)}`);
    }
    const file = createHash('sha256');
    for await (const chunk of await open(name)) file.update(chunk as Buffer);
    summary.update(`${file.digest('hex')}  ${name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

/** h1 of a module zip on disk, streamed entry by entry. */
export async function hashZip(zipPath: string): Promise<string> {
  return withZip(zipPath, (zip) => hashOpenZip(zip));
}

async function hashOpenZip(zip: ZipReader): Promise<string> {
  const byName = new Map(zip.entries.map((e) => [e.name, e]));
  // Go's HashZip would hash a duplicated name twice with the last entry's content;
  // a zip like that is not a valid module zip, so refuse it instead.
  if (byName.size !== zip.entries.length) {
    throw new IntegrityError('E_ZIP_DUPLICATE', `${zip.path} has duplicate entry names`, {
      hint: 'a genuine module zip never repeats a name; this one was tampered with',
    });
  }
  try {
    return await hash1([...byName.keys()], (name) => zip.openEntry(byName.get(name)!));
  } catch (error) {
    if (error instanceof GvxError) throw error;
    throw new IntegrityError('E_ZIP_CORRUPT', `cannot read ${zip.path}: ${(error as Error).message}`, { cause: error });
  }
}

/** h1 of a go.mod file's content (the "/go.mod h1:" line of go.sum). */
export async function hashGoMod(content: Buffer | string): Promise<string> {
  return hash1(['go.mod'], async () => Readable.from([Buffer.from(content)]));
}
