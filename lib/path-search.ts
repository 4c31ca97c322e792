// PATH as a shell reads it: which executables a lookup would find, in order (the same walk a
// shell or execvp does), and whether a directory is on it.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Whether `dir` is an entry of `pathVar` (empty entries, which mean the cwd, never match). */
export function isDirOnPath(dir: string, pathVar: string | undefined): boolean {
  return (pathVar ?? '').split(delimiter).some((entry) => entry !== '' && resolve(entry) === resolve(dir));
}

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
