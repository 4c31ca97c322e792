// Every environment variable gvx reads, read once into a typed object that is passed down.
// Nothing below lib/cli reads process.env directly, so tests can hand in any environment.

import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { FileSystemError, UsageError } from './errors.js';
import { escapeControlCharacters } from './terminal-text.js';

export interface Config {
  /** GVX_HOME: where versions, shims, caches and locks live. */
  readonly home: string;
  /** GVX_MIRROR: a go.dev/dl-compatible base URL (no trailing slash), or undefined for go.dev. */
  readonly mirror?: string;
  /**
   * GVX_INDEX_URL: the official release index (go.dev's JSON). Used when no GVX_MIRROR is set,
   * and by directory mirrors for their checksums. Overridable so tests stay off the internet.
   */
  readonly officialIndexUrl: string;
  /** GVX_SOURCE, as typed: where `gvx install` gets toolchains (validated by the install command). */
  readonly source?: string;
  /** GVX_GO_VERSION: the per-shell selection (set by `gvx shell`). */
  readonly shellVersion?: string;
  readonly autoInstall: boolean;
  readonly debug: boolean;
  readonly color: boolean;
  readonly stderrIsTTY: boolean;
  readonly goos: string;
  /** runtime.GOARCH: 32-bit ARM is arm (go.dev's archives say armv6l: remote/artifact.ts downloadArch). */
  readonly goarch: string;
  /**
   * The logical cwd, as shells see it: $PWD when it names the same directory as the process's
   * cwd (same device and inode), else the physical one. Throws (exit 7) when the cwd was
   * deleted; read lazily, so commands that do not need it still work there.
   */
  readonly cwd: string;
  /** Network knobs (seconds / counts), overridable so tests of stalls and retries stay quick. */
  readonly http: {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryBaseMs: number;
    /**
     * curl's --speed-limit / --speed-time: a transfer averaging under `lowSpeedBytesPerSec`
     * over `lowSpeedTimeMs` is abandoned (an idle timeout alone lets a 1 byte/s server hold
     * an install, and its lock, for ever).
     */
    readonly lowSpeedBytesPerSec: number;
    readonly lowSpeedTimeMs: number;
  };
  /** Caps on what one archive may unpack to (a Go release is ~250 MB in ~15k entries). */
  readonly unpack: { readonly maxBytes: number; readonly maxEntries: number };
  /** Max age of the cached release index before it is refetched. */
  readonly indexMaxAgeMs: number;
  /** The environment itself, for child processes and the Go variables doctor reads. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** go.dev's release index, with every release (not only the two newest minors). */
const OFFICIAL_INDEX_URL = 'https://go.dev/dl/?mode=json&include=all';

export interface ConfigInputs {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  platform?: NodeJS.Platform;
  arch?: string;
  stderrIsTTY?: boolean;
}

export function loadConfig(inputs: ConfigInputs = {}): Config {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const arch = inputs.arch ?? process.arch;
  const stderrIsTTY = inputs.stderrIsTTY ?? Boolean(process.stderr.isTTY);
  let cwd = inputs.cwd;
  return {
    home: explicitHome(env) ?? defaultHome(env, platform),
    mirror: nonEmpty(env.GVX_MIRROR)?.replace(/\/+$/, ''),
    officialIndexUrl: nonEmpty(env.GVX_INDEX_URL)?.trim() ?? OFFICIAL_INDEX_URL,
    source: nonEmpty(env.GVX_SOURCE)?.trim(),
    shellVersion: env.GVX_GO_VERSION || undefined, // blank is trimmed by select/, like the shims do
    autoInstall: env.GVX_AUTO_INSTALL === '1',
    debug: env.GVX_DEBUG === '1',
    color: stderrIsTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb',
    stderrIsTTY,
    goos: goosOf(platform),
    goarch: goarchOf(arch),
    get cwd() {
      cwd ??= logicalCwd(env.PWD);
      return cwd;
    },
    http: {
      timeoutMs: positiveNumber(env.GVX_HTTP_TIMEOUT, 30) * 1000,
      retries: positiveNumber(env.GVX_HTTP_RETRIES, 3),
      retryBaseMs: positiveNumber(env.GVX_HTTP_RETRY_DELAY_MS, 500),
      lowSpeedBytesPerSec: positiveNumber(env.GVX_HTTP_LOW_SPEED_LIMIT, 1024),
      lowSpeedTimeMs: positiveNumber(env.GVX_HTTP_LOW_SPEED_TIME, 30) * 1000,
    },
    unpack: {
      maxBytes: Math.round(positiveNumber(env.GVX_UNPACK_MAX_MB, 1024) * 1024 * 1024),
      maxEntries: Math.round(positiveNumber(env.GVX_UNPACK_MAX_ENTRIES, 50_000)),
    },
    indexMaxAgeMs: positiveNumber(env.GVX_INDEX_MAX_AGE, 3600) * 1000,
    env,
  };
}

/**
 * GVX_HOME goes into PATH (GVX_HOME/shims) and into the shims: a relative one would make a
 * relative PATH entry (a repository holding relhome/shims/go would run its own go), and a ':'
 * would split the entry. A control character (a newline above all) has no place in a path the
 * generated shell code and the env files spell out. All three are refused, in an explicit
 * GVX_HOME and in the default derived from XDG_DATA_HOME or HOME alike.
 */
function homeProblem(home: string): string | undefined {
  if (!isAbsolute(home)) return 'is not an absolute path';
  if (home.includes(':')) return "holds a ':'";
  if (CONTROL_CHARACTER.test(home)) return 'holds a control character';
  return undefined;
}

/** C0 (newline, tab, ESC…), DEL and C1: never valid in GVX_HOME. */
const CONTROL_CHARACTER = /\p{Cc}/u;

function explicitHome(env: NodeJS.ProcessEnv): string | undefined {
  const home = nonEmpty(env.GVX_HOME);
  if (home === undefined) return undefined;
  const problem = homeProblem(home);
  if (problem) {
    throw new UsageError(`GVX_HOME must be an absolute path without ':' or control characters (it ${problem}: ${shown(home)})`, {
      hint: 'export GVX_HOME=/absolute/path, or unset it for the default',
    });
  }
  return home;
}

/**
 * The default data directory, from the environment gvx was given (not process.env, so tests
 * can hand in any): ~/Library/Application Support/gvx on macOS, else $XDG_DATA_HOME/gvx or
 * ~/.local/share/gvx. The XDG base directory spec says a relative XDG_DATA_HOME is invalid and
 * must be ignored, so it falls back to ~/.local/share; any other unusable answer (a relative
 * HOME, a ':' or a control character from either) is an error: guessing another directory
 * would hide the user's installs.
 */
function defaultHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  const fromXdg = platform !== 'darwin' && xdg !== undefined && isAbsolute(xdg);
  const base = fromXdg ? xdg : userHome(env);
  const home = platform === 'darwin' ? join(base, 'Library', 'Application Support', 'gvx') : join(base, ...(fromXdg ? [] : ['.local', 'share']), 'gvx');
  const problem = homeProblem(home);
  if (problem) {
    const source = fromXdg ? 'XDG_DATA_HOME' : 'HOME';
    throw new UsageError(`the default GVX_HOME, from ${source}, ${problem}: ${shown(home)} (it goes on PATH and into shell code)`, {
      hint: `export GVX_HOME=/absolute/path (or fix ${source})`,
    });
  }
  return home;
}

/** $HOME, else the password database's answer (as os.homedir(), but from the given environment). */
function userHome(env: NodeJS.ProcessEnv): string {
  const home = nonEmpty(env.HOME);
  if (home !== undefined) return home;
  try {
    return userInfo().homedir;
  } catch (error) {
    throw new UsageError('HOME is not set and this user has no home directory', { hint: 'export GVX_HOME=/absolute/path', cause: error });
  }
}

/** A value for a message: cut at 200 characters, control characters spelled out (never sent to the terminal). */
function shown(value: string): string {
  const cut = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return `"${escapeControlCharacters(cut)}"`;
}

/**
 * $PWD when it is a clean absolute path naming the process's cwd, else the physical cwd. Like
 * the shell resolvers' `[ "$PWD" -ef . ]`, the answer must name the cwd when stat()ed: a cwd
 * that was deleted, or sits below a directory we may not search, is an error, not a guess.
 */
function logicalCwd(pwd: string | undefined): string {
  const gone = (cause?: unknown) =>
    new FileSystemError('E_CWD_GONE', 'the current directory no longer exists (or PWD does not name it)', { hint: 'cd to a directory that exists', cause });
  let here;
  try {
    here = statSync('.');
  } catch (error) {
    throw gone(error);
  }
  const namesHere = (path: string) => {
    try {
      const there = statSync(path);
      return there.dev === here.dev && there.ino === here.ino;
    } catch {
      return false;
    }
  };
  if (pwd && isAbsolute(pwd) && (normalize(pwd) === pwd || pwd === '/') && namesHere(pwd)) return pwd;
  let physical;
  try {
    physical = process.cwd();
  } catch (error) {
    throw gone(error);
  }
  if (!namesHere(physical)) throw gone();
  return physical;
}

/** Node's platform names mapped to GOOS. */
export function goosOf(platform: string): string {
  return platform === 'win32' ? 'windows' : platform === 'sunos' ? 'solaris' : platform;
}

/** Node's arch names mapped to GOARCH (runtime.GOARCH; remote/artifact.ts has go.dev's archive names). */
export function goarchOf(arch: string): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    default:
      return arch; // arm, arm64, ppc64le, s390x, riscv64, loong64, mips64el… are spelled alike
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
