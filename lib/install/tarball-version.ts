// The first line of go/VERSION inside a release .tar.gz, read by streaming only as far as that
// entry (for archives whose file name does not say the version).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { IntegrityError } from '../errors.js';

const MAX_VERSION_FILE = 4096;

export function readTarballVersion(path: string): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const input = createReadStream(path);
    const gunzip = createGunzip();
    const parser = new tar.Parser();
    let settled = false;
    const settle = (error: unknown, value?: string) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip.destroy();
      if (error) {
        reject(new IntegrityError('E_ARCHIVE_CORRUPT', `cannot read ${path}: ${(error as Error).message}`, { hint: 'the archive is corrupt or not a tar.gz; nothing was installed' }));
      } else {
        resolvePromise(value);
      }
    };
    parser.on('entry', (entry: tar.ReadEntry) => {
      if (entry.path.replace(/^\.\//, '') !== 'go/VERSION' || (entry.size ?? 0) > MAX_VERSION_FILE) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8').split('\n', 1)[0]!.trim()));
    });
    parser.on('end', () => settle(undefined, undefined));
    parser.on('error', (error: Error) => settle(error));
    input.on('error', (error) => settle(error));
    gunzip.on('error', (error) => settle(error));
    input.pipe(gunzip).pipe(parser as unknown as NodeJS.WritableStream);
  });
}
