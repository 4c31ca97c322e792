// Which executables a PATH lookup would find, in order — the same walk a shell or execvp does.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Every executable regular file named `name` along `pathVar`, first = the one that runs. */
export function findAllOnPath(name: string, pathVar: string | undefined): string[] {
  const found: string[] = [];
  for (const dir of (pathVar ?? '').split(delimiter)) {
    // An empty or relative entry means "relative to the cwd": it depends on where you stand,
    // and gvx's checks are about absolute answers, so such entries are looked at as written.
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate) && !found.includes(candidate)) found.push(candidate);
  }
  return found;
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A command (`gcc`, `/usr/bin/cc`, `clang -m32`'s first word) resolved like exec does. */
export function resolveCommand(command: string, pathVar: string | undefined): string | undefined {
  if (command.includes('/') || isAbsolute(command)) return isExecutableFile(command) ? command : undefined;
  return findAllOnPath(command, pathVar)[0];
}
