// Go settings (GOPROXY, GOSUMDB, …) read the way the go command reads them (cmd/go/internal/cfg):
// a non-empty environment variable wins; else the `go env -w` file ($GOENV, or
// os.UserConfigDir()/go/env); else $GOROOT/go.env when a GOROOT is given; else undefined.
// Only the environment map passed in is consulted (Config.env), never process.env.
// The files are read the way the gvx shims read the go env file (shims/shim.sh): only a
// regular file, and only the lines within its first MAX_GO_ENV_FILE_BYTES.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The budget of _gvx_goenv_toolchain in shims/shim.sh. */
const MAX_GO_ENV_FILE_BYTES = 64 * 1024;

export type GoEnvSource = 'environment' | 'go env -w file' | 'GOROOT/go.env';

export interface GoEnvValue {
  readonly value: string;
  readonly source: GoEnvSource;
  /** The file it came from, for the two file sources. */
  readonly file?: string;
}

export interface GoEnvOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** GOOS of this machine (decides where os.UserConfigDir points). */
  readonly goos: string;
  /** A GOROOT whose go.env supplies the lowest-priority defaults. */
  readonly goroot?: string;
}

/** Where `go env -w` writes: $GOENV, else the user config dir's go/env; undefined if none. */
export function goEnvFile(env: GoEnvOptions['env'], goos: string): string | undefined {
  const explicit = env.GOENV;
  if (explicit) return explicit === 'off' ? undefined : explicit;
  const dir = userConfigDir(env, goos);
  return dir ? join(dir, 'go', 'env') : undefined;
}

/** os.UserConfigDir: Linux and BSDs use XDG_CONFIG_HOME (must be absolute) or ~/.config. */
function userConfigDir(env: GoEnvOptions['env'], goos: string): string | undefined {
  switch (goos) {
    case 'windows':
      return env.AppData || undefined;
    case 'darwin':
    case 'ios':
      return env.HOME ? join(env.HOME, 'Library', 'Application Support') : undefined;
    case 'plan9':
      return env.home ? join(env.home, 'lib') : undefined;
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      if (xdg) return isAbsolute(xdg) ? xdg : undefined;
      return env.HOME ? join(env.HOME, '.config') : undefined;
    }
  }
}

/** Parses a go env file: KEY=value lines; lines without "=" or not starting A-Z are ignored. */
function parseGoEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0 || !(line[0]! >= 'A' && line[0]! <= 'Z')) continue;
    values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return values;
}

/**
 * A go env file's settings; a missing, unreadable or non-regular file (FIFO, device) has none.
 * Sync, as its callers are: a FIFO cannot block (O_NONBLOCK, then only a regular file is read).
 */
function readGoEnvFile(file: string | undefined): Map<string, string> {
  if (!file) return new Map();
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return new Map(); // the go command ignores a missing or unreadable file too
  }
  try {
    if (!fstatSync(fd).isFile()) return new Map();
    const buffer = Buffer.alloc(MAX_GO_ENV_FILE_BYTES + 1);
    let total = 0;
    while (total < buffer.length) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
    }
    // Over the budget: only the lines that end within it count, as in the shim.
    const end = total > MAX_GO_ENV_FILE_BYTES ? buffer.lastIndexOf(0x0a, MAX_GO_ENV_FILE_BYTES - 1) + 1 : total;
    return parseGoEnvFile(buffer.subarray(0, end).toString('utf8'));
  } catch {
    return new Map();
  } finally {
    closeSync(fd);
  }
}

/**
 * The value of one Go setting and where it came from, or undefined when nothing sets it: read
 * from the environment and the go env files, without running go (verify/go-env.ts runs it).
 */
export function readGoSetting(key: string, options: GoEnvOptions): GoEnvValue | undefined {
  const fromEnv = options.env[key];
  if (fromEnv) return { value: fromEnv, source: 'environment' };
  const userFile = goEnvFile(options.env, options.goos);
  const user = readGoEnvFile(userFile).get(key);
  if (user) return { value: user, source: 'go env -w file', file: userFile };
  if (options.goroot) {
    const file = join(options.goroot, 'go.env');
    const value = readGoEnvFile(file).get(key);
    if (value) return { value, source: 'GOROOT/go.env', file };
  }
  return undefined;
}
