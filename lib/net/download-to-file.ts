// Downloads a URL into a file that survives failures, so nothing is fetched twice: a
// connection cut mid-way is retried with `Range: bytes=N-`, and a file left by a killed or
// interrupted run is continued the same way by the next one. A server that ignores Range
// (200) or cannot serve it (416) gets a clean restart. The sha256 covers the whole file: the
// kept prefix is hashed first, then every new byte as it is written, so the caller can
// verify before it unpacks anything. Bytes are hashed once written, so the file and the hash
// always describe the same bytes, whatever fails.

import { createHash, type Hash } from 'node:crypto';
import { constants as fsc, createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { type Readable, Writable } from 'node:stream';
import { FileSystemError, GvxError, IntegrityError, fileSystemError } from '../errors.js';
import { type HttpClient, discard, networkError } from './http.js';

/** Bytes in the file so far, and the whole size when known (a progress bar). */
export type ProgressListener = (bytes: number, total: number | undefined) => void;

export interface DownloadListeners {
  readonly onProgress?: ProgressListener;
  /** A download continues from `from` bytes kept by an earlier attempt or run. */
  readonly onResume?: (from: number, total: number | undefined) => void;
}

export interface DownloadToFileOptions extends DownloadListeners {
  readonly url: string;
  readonly file: string;
  /** The most bytes the whole file may have (the index's size, the module zip limit). */
  readonly maxBytes: number;
  /** The size the file should have, when known: the progress total before any response. */
  readonly expectedBytes?: number;
  /** The error for a status other than 200/206/416 (a 404 means different things to callers). */
  readonly statusError: (status: number, url: string) => Error;
}

export interface DownloadedFile {
  readonly sha256: string;
  readonly bytes: number;
  /** Bytes that were already in the file when this run started (0: a fresh download). */
  readonly keptFromEarlierRun: number;
}

/** The file's content so far and its running hash: the two always describe the same bytes. */
interface Progress {
  hash: Hash;
  bytes: number;
}

// O_NOFOLLOW and O_NONBLOCK: a symlink or FIFO at the name fails or is refused below, never
// followed or waited on.
const NEW_FILE_FLAGS = fsc.O_RDWR | fsc.O_CREAT | fsc.O_NOFOLLOW | fsc.O_NONBLOCK;

export async function downloadToFile(http: HttpClient, options: DownloadToFileOptions): Promise<DownloadedFile> {
  const { url, file } = options;
  let handle: FileHandle;
  try {
    handle = await open(file, NEW_FILE_FLAGS, 0o644);
  } catch (error) {
    throw fileSystemError('open the download', file, error);
  }
  try {
    await refuseUnlessOwnRegularFile(handle, file);
    // A fresh mtime marks the file as in use, so no other install's sweep takes it as abandoned.
    const now = new Date();
    await handle.utimes(now, now).catch(() => {});
    const kept = await hashKeptPrefix(handle, file, options.maxBytes);
    const progress: Progress = kept;
    const keptFromEarlierRun = kept.bytes;
    await http.withRetries(url, () => attempt(http, handle, progress, options));
    try {
      await handle.truncate(progress.bytes);
    } catch (error) {
      throw fileSystemError('write', file, error);
    }
    return { sha256: progress.hash.digest('hex'), bytes: progress.bytes, keptFromEarlierRun };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** A FIFO or device is not written to, nor a file with another link (its bytes are someone else's too). */
async function refuseUnlessOwnRegularFile(handle: FileHandle, file: string): Promise<void> {
  let info;
  try {
    info = await handle.stat();
  } catch (error) {
    throw fileSystemError('open the download', file, error);
  }
  if (info.isFile() && info.nlink === 1) return;
  throw new FileSystemError('E_FS_OTHER', `${file} is ${info.isFile() ? `a file with ${info.nlink} links` : 'not a regular file'}: gvx does not write a download through it`, {
    hint: `remove ${file} and run the command again`,
  });
}

/** Hashes what an earlier run left (nothing for a new file); an oversized file starts over. */
async function hashKeptPrefix(handle: FileHandle, file: string, maxBytes: number): Promise<Progress> {
  const hash = createHash('sha256');
  try {
    const { size } = await handle.stat();
    if (size === 0 || size > maxBytes) return { hash, bytes: 0 };
    let bytes = 0;
    for await (const chunk of createReadStream('', { fd: handle.fd, start: 0, end: size - 1, autoClose: false })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { hash, bytes };
  } catch (error) {
    throw fileSystemError('read the earlier download', file, error);
  }
}

/** One request: continues from progress.bytes when the server allows it, else from 0. */
async function attempt(http: HttpClient, handle: FileHandle, progress: Progress, options: DownloadToFileOptions): Promise<void> {
  const { url, file } = options;
  const from = progress.bytes;
  const response = await http.open(url, from > 0 ? { headers: { range: `bytes=${from}-` } } : {});
  const range = contentRange(response.headers['content-range']);
  if (response.status === 416 && from > 0) {
    discard(response.body);
    if (range?.total === from) return; // the kept file is already whole: the hash decides
    restart(progress);
    return attempt(http, handle, progress, options);
  }
  let total: number | undefined;
  if (from > 0 && response.status === 206 && range?.start === from) {
    total = range.total;
    options.onResume?.(from, total);
  } else if (from > 0 && response.status === 206) {
    // Another range than the one asked for: ask again for the whole file.
    discard(response.body);
    restart(progress);
    return attempt(http, handle, progress, options);
  } else if (response.status === 200 || response.status === 206) {
    restart(progress); // the body is the whole file (a 200 to a Range: the server ignored it)
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > 0) total = length;
  } else {
    discard(response.body);
    throw options.statusError(response.status, response.url);
  }
  total ??= options.expectedBytes;
  if (total !== undefined && total > options.maxBytes) {
    discard(response.body);
    throw tooLarge(url, options.maxBytes);
  }

  try {
    await writeBody(response.body, new FileSink(handle, file, progress, (bytes) => {
      if (bytes > options.maxBytes) throw tooLarge(url, options.maxBytes);
    }, (bytes) => options.onProgress?.(bytes, total)));
  } catch (error) {
    discard(response.body);
    throw error instanceof GvxError ? error : networkError(url, error);
  }
}

/**
 * Pipes the body into the sink. When the body fails (a cut connection, a transfer abandoned as
 * too slow), the bytes it delivered are still written before its error is passed on, so the
 * next attempt asks for the rest after them.
 */
export function writeBody(body: Readable, sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let bodyError: Error | undefined;
    body.once('error', (error) => {
      bodyError = error;
      body.unpipe(sink);
      sink.end(); // writes what is queued, then 'finish'
    });
    sink.once('finish', () => (bodyError === undefined ? resolve() : reject(bodyError)));
    sink.once('error', (error) => {
      body.unpipe(sink);
      reject(error);
    });
    body.pipe(sink);
  });
}

/**
 * Writes the body at the file's end while the socket keeps being read (up to 1 MiB queued,
 * written in batches), and hashes each batch only once it is written: `progress` describes
 * exactly the bytes in the file.
 */
class FileSink extends Writable {
  constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
    private readonly progress: Progress,
    private readonly checkSize: (bytes: number) => void,
    private readonly onWritten: (bytes: number) => void,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const length = buffers.reduce((n, b) => n + b.length, 0);
    try {
      this.checkSize(this.progress.bytes + length);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.writeAll(buffers, length).then(
      () => {
        for (const b of buffers) this.progress.hash.update(b);
        this.progress.bytes += length;
        this.onWritten(this.progress.bytes);
        callback();
      },
      (error: unknown) => callback(fileSystemError('write', this.file, error)),
    );
  }

  /** A short write (a disk filling up) is continued: the next write then says why it stopped. */
  private async writeAll(buffers: Buffer[], length: number): Promise<void> {
    const at = this.progress.bytes;
    let written = (await this.handle.writev(buffers, at)).bytesWritten;
    while (written < length) {
      const rest = Buffer.concat(buffers).subarray(written);
      const { bytesWritten } = await this.handle.write(rest, 0, rest.length, at + written);
      if (bytesWritten === 0) throw new Error(`no progress writing at byte ${at + written}`);
      written += bytesWritten;
    }
  }
}

function restart(progress: Progress): void {
  progress.hash = createHash('sha256');
  progress.bytes = 0;
}

// "bytes 100-199/1000" -> { start: 100, total: 1000 }; "bytes */1000" (a 416) -> { total: 1000 }.
function contentRange(value: string | string[] | undefined): { start?: number; total?: number } | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const match = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return {
    start: match[1] === undefined ? undefined : Number(match[1]),
    total: match[2] === '*' ? undefined : Number(match[2]),
  };
}

function tooLarge(url: string, maxBytes: number): IntegrityError {
  return new IntegrityError('E_DOWNLOAD_TOO_LARGE', `${url} sent more than ${maxBytes} bytes, more than the file can be`, {
    hint: 'the server is misbehaving; nothing was installed. Check GVX_MIRROR (or GOPROXY)',
  });
}
