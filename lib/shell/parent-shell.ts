// Which shell will evaluate `gvx env`'s output: the parent process, not $SHELL. $SHELL is the
// login shell, so it is wrong under a bash started from zsh, and it is /bin/sh (or unset) in
// many containers. `eval "$(gvx env)"` runs gvx in a command substitution, whose process is a
// child of the shell (bash and zsh exec a simple command in the forked subshell itself), and
// `gvx env | source` in fish makes fish the parent too.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The parent process's command name (Linux: /proc; elsewhere: ps), or undefined. */
export function parentCommandName(ppid = process.ppid, platform = process.platform): string | undefined {
  try {
    if (platform === 'linux') return readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() || undefined;
    const result = spawnSync('ps', ['-o', 'comm=', '-p', String(ppid)], { encoding: 'utf8', timeout: 2000 });
    return result.status === 0 ? result.stdout.trim() || undefined : undefined;
  } catch {
    return undefined; // no /proc, no ps: fall back to $SHELL
  }
}
