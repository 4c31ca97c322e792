// A small streaming zip writer for tests: deflate or store per entry, optional zip64 records,
// and knobs to write broken entries (flags, a wrong CRC) that real zip tools refuse to make.

import { type FileHandle, open } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

export interface EntryOptions {
  method?: 'deflate' | 'store';
  /** General purpose flags to write (e.g. 1 = encrypted). */
  flags?: number;
  /** Write this CRC instead of the real one. */
  crc?: number;
}

/** Writes a zip entry by entry; only the central directory is held until close(). */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly zip64: boolean,
  ) {}

  static async create(path: string, options: { zip64?: boolean } = {}): Promise<ZipWriter> {
    return new ZipWriter(await open(path, 'w'), options.zip64 ?? false);
  }

  private async write(buffer: Buffer): Promise<void> {
    await this.handle.write(buffer);
    this.offset += buffer.length;
  }

  async add(name: string, data: Buffer, options: EntryOptions = {}): Promise<void> {
    const method = options.method === 'store' || name.endsWith('/') ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = options.crc ?? crc32(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const flags = 0x0800 | (options.flags ?? 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(this.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const headerOffset = this.offset;
    await this.write(Buffer.concat([local, nameBuf]));
    await this.write(body);

    // In zip64 mode every size and offset goes into the zip64 extra field.
    const extra = Buffer.alloc(this.zip64 ? 28 : 0);
    if (this.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(headerOffset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(this.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(0, 38);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : headerOffset, 42);
    this.central.push(central, nameBuf, extra);
    this.count++;
  }

  async close(): Promise<void> {
    const cd = Buffer.concat(this.central);
    const cdOffset = this.offset;
    await this.write(cd);
    if (this.zip64) {
      const z64Offset = this.offset;
      const rec = Buffer.alloc(56);
      rec.writeUInt32LE(0x06064b50, 0);
      rec.writeBigUInt64LE(44n, 4);
      rec.writeUInt16LE(45, 12);
      rec.writeUInt16LE(45, 14);
      rec.writeBigUInt64LE(BigInt(this.count), 24);
      rec.writeBigUInt64LE(BigInt(this.count), 32);
      rec.writeBigUInt64LE(BigInt(cd.length), 40);
      rec.writeBigUInt64LE(BigInt(cdOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(z64Offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(Buffer.concat([rec, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.zip64 ? 0xffff : this.count, 8);
    end.writeUInt16LE(this.zip64 ? 0xffff : this.count, 10);
    end.writeUInt32LE(this.zip64 ? 0xffffffff : cd.length, 12);
    end.writeUInt32LE(this.zip64 ? 0xffffffff : cdOffset, 16);
    await this.write(end);
    await this.handle.close();
  }
}

/** Writes a whole zip from name -> content (Buffers or strings). */
export async function writeZip(path: string, files: Record<string, Buffer | string>, options: { zip64?: boolean } & EntryOptions = {}): Promise<void> {
  const zip = await ZipWriter.create(path, options);
  for (const [name, content] of Object.entries(files)) await zip.add(name, Buffer.from(content), options);
  await zip.close();
}
