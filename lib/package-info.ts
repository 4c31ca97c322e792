// gvx's own version, read from package.json next to the compiled tree (dist/lib -> ../../).

import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function gvxVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../package.json', import.meta.url);
    cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return cached;
}
