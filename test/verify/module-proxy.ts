// A GOPROXY on disk for offline `go install path@version` (the go command reads file:// proxies):
//   <root>/<module>/@v/list, <v>.info, <v>.mod, <v>.zip
// The zip is written here (stored, no compression; CRCs from node:zlib) so that the test needs
// no zip tool; every entry is under the `<module>@<version>/` prefix, as Go requires.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';

export interface ModuleVersion {
  module: string;
  version: string;
  /** Relative path -> content; must include go.mod. */
  files: Record<string, string>;
}

/** Writes the proxy layout for each module version; returns the GOPROXY value (file://…). */
export async function writeModuleProxy(root: string, modules: ModuleVersion[]): Promise<string> {
  for (const m of modules) {
    const dir = join(root, m.module, '@v');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'list'), `${m.version}\n`);
    await writeFile(join(dir, `${m.version}.info`), JSON.stringify({ Version: m.version, Time: '2024-01-01T00:00:00Z' }));
    await writeFile(join(dir, `${m.version}.mod`), m.files['go.mod']!);
    const entries = Object.entries(m.files).map(([name, content]) => ({ name: `${m.module}@${m.version}/${name}`, data: Buffer.from(content) }));
    await writeFile(join(dir, `${m.version}.zip`), storedZip(entries));
  }
  return pathToFileURL(root).href;
}

export function storedZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
