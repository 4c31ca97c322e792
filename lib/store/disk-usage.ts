// The disk space a directory tree takes, as `du -s` counts it: allocated blocks of every entry
// (directories included), each hard-linked inode once. Measured before a removal, it is the
// space the removal frees.

import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function diskUsage(path: string): Promise<number> {
  const seen = new Set<string>();
  const walk = async (entry: string): Promise<number> => {
    const stats = await lstat(entry);
    if (stats.nlink > 1 && !stats.isDirectory()) {
      const id = `${stats.dev}:${stats.ino}`;
      if (seen.has(id)) return 0;
      seen.add(id);
    }
    // st_blocks is in 512-byte units on every platform Node supports; size where it is missing.
    let total = Number.isFinite(stats.blocks) ? stats.blocks * 512 : stats.size;
    if (stats.isDirectory()) {
      const names = await readdir(entry);
      const sizes = await Promise.all(names.map((name) => walk(join(entry, name))));
      for (const size of sizes) total += size;
    }
    return total;
  };
  return walk(path);
}
