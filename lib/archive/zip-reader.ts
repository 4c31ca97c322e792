// A small zip reader over a file handle, enough for Go module zips: it reads the central
// directory (zip64 included), lists the entries, and opens one entry at a time as a stream
// (stored or deflate), checking its size and CRC-32 at the end. Nothing reads a whole zip
// into memory. Encrypted entries and other compression methods are refused.

import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback, pipeline } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { IntegrityError } from '../errors.js';

export interface ZipEntry {
  /** The name exactly as stored (UTF-8). Directories end in "/". */
  readonly name: string;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  readonly isDirectory: boolean;
  /** Unix mode bits from the external attributes, when the zip was made on Unix (else 0). */
  readonly unixMode: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** Largest central directory read into memory (10k-entry toolchain zips need about 1 MB). */
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

function corrupt(path: string, why: string): IntegrityError {
  return new IntegrityError('E_ZIP_CORRUPT', `${path} is not a valid zip file: ${why}`, {
    hint: 'the download is damaged or is not a module zip; delete it and try again',
  });
}

export class ZipReader {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly size: number,
    readonly entries: readonly ZipEntry[],
  ) {}

  static async open(path: string): Promise<ZipReader> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const entries = await readCentralDirectory(path, handle, size);
      return new ZipReader(path, handle, size, entries);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Streams an entry's content; the stream errors (IntegrityError) on a size or CRC mismatch. */
  async openEntry(entry: ZipEntry): Promise<Readable> {
    const header = await readAt(this.handle, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIG) throw corrupt(this.path, `bad local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) throw corrupt(this.path, `${entry.name} runs past the end of the file`);
    const raw =
      entry.compressedSize === 0
        ? emptyStream()
        : // A plain fd stream: FileHandle streams add a listener to the handle per stream.
          createReadStream('', { fd: this.handle.fd, start, end: start + entry.compressedSize - 1, autoClose: false });
    const check = new EntryCheck(this.path, entry);
    const stages: (Readable | Transform)[] = [raw];
    if (entry.method === METHOD_DEFLATE) {
      const inflate = createInflateRaw();
      // Registered before pipeline's own handler, so the consumer sees an IntegrityError.
      inflate.on('error', (e) => check.destroy(corrupt(this.path, `${entry.name}: ${e.message}`)));
      stages.push(inflate);
    }
    stages.push(check);
    pipeline(stages, () => {}); // errors reach the consumer through `check`
    return check;
  }

  async readEntry(entry: ZipEntry): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openEntry(entry)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Opens a zip, runs `fn`, and closes it whatever happens. */
export async function withZip<T>(path: string, fn: (zip: ZipReader) => Promise<T>): Promise<T> {
  const zip = await ZipReader.open(path);
  try {
    return await fn(zip);
  } finally {
    await zip.close();
  }
}

/** Counts bytes and CRC-32 as they pass; refuses more bytes than declared (zip bombs). */
class EntryCheck extends Transform {
  private crc = 0;
  private bytes = 0;
  constructor(
    private readonly path: string,
    private readonly entry: ZipEntry,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.entry.uncompressedSize) {
      callback(corrupt(this.path, `${this.entry.name} is larger than its declared ${this.entry.uncompressedSize} bytes`));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.entry.uncompressedSize) {
      callback(corrupt(this.path, `${this.entry.name} has ${this.bytes} bytes, its header says ${this.entry.uncompressedSize}`));
    } else if (this.crc >>> 0 !== this.entry.crc32 >>> 0) {
      callback(
        new IntegrityError('E_ZIP_CRC', `${this.path}: ${this.entry.name} fails its CRC-32 check`, {
          hint: 'the zip is corrupt or was tampered with; nothing from it was installed',
        }),
      );
    } else {
      callback();
    }
  }
}

function emptyStream(): Readable {
  return Readable.from([]);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function readCentralDirectory(path: string, handle: FileHandle, size: number): Promise<ZipEntry[]> {
  // The end record is in the last 22 bytes plus at most a 64 KiB comment.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(path, 'no end of central directory record');
  const eocdOffset = size - tailLength + eocd;
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw corrupt(path, 'multi-disk zips are not supported');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);

  // A zip64 locator sits just before the classic end record.
  if (eocdOffset >= 20) {
    const locator = await readAt(handle, eocdOffset - 20, 20);
    if (locator.readUInt32LE(0) === ZIP64_LOCATOR_SIG) {
      const z64Offset = safeNumber(path, locator.readBigUInt64LE(8));
      const z64 = await readAt(handle, z64Offset, 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt(path, 'bad zip64 end record');
      count = safeNumber(path, z64.readBigUInt64LE(32));
      cdSize = safeNumber(path, z64.readBigUInt64LE(40));
      cdOffset = safeNumber(path, z64.readBigUInt64LE(48));
    }
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY) throw corrupt(path, `central directory of ${cdSize} bytes is too large`);
  if (cdOffset + cdSize > size) throw corrupt(path, 'central directory runs past the end of the file');
  const cd = await readAt(handle, cdOffset, cdSize);

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) throw corrupt(path, `bad central directory entry ${i}`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const external = cd.readUInt32LE(p + 38);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw corrupt(path, `central directory entry ${i} is truncated`);
    let name: string;
    try {
      name = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw corrupt(path, `entry ${i} has a name that is not UTF-8`);
    }
    // Zip64 extended information: 64-bit values for the fields saturated at 0xffffffff, in order.
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    for (let q = 0; q + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(q);
      const len = extra.readUInt16LE(q + 2);
      if (id === 0x0001) {
        let r = q + 4;
        const next = () => {
          if (r + 8 > q + 4 + len) throw corrupt(path, `bad zip64 field for ${name}`);
          const v = safeNumber(path, extra.readBigUInt64LE(r));
          r += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      q += 4 + len;
    }
    if (flags & 0x0001) {
      throw new IntegrityError('E_ZIP_ENCRYPTED', `${path}: entry ${name} is encrypted`, {
        hint: 'module zips are never encrypted; this file is not a genuine toolchain module zip',
      });
    }
    if (method !== METHOD_STORE && method !== METHOD_DEFLATE) {
      throw new IntegrityError('E_ZIP_METHOD', `${path}: entry ${name} uses unsupported compression method ${method}`, {
        hint: 'module zips use stored or deflate entries only; this file is not a genuine toolchain module zip',
      });
    }
    if (localHeaderOffset + compressedSize > cdOffset) throw corrupt(path, `${name} overlaps the central directory`);
    entries.push({
      name,
      method,
      crc32: crc,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
      unixMode: madeBy === 3 ? external >>> 16 : 0,
    });
    p = end;
  }
  return entries;
}

function safeNumber(path: string, value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(path, 'a zip64 field is out of range');
  return Number(value);
}
