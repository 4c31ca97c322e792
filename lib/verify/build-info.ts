// Typed reading of `go version -m`: what Go built a binary, from which module, with which
// settings. The verifier asks the selected go binary about itself with this, and
// `gvx tools` asks which Go built the programs in GOBIN.
//
// Output format (cmd/go/internal/version + runtime/debug.BuildInfo.String, Go 1.21–1.23):
//   <file>: <goVersion>                      one header per binary ("%s: %s\n")
//   \tpath\t<import path>
//   \tmod\t<path>\t<version>\t<sum>
//   \tdep\t<path>\t<version>\t<sum>          a replaced dep has no sum column …
//   \t=>\t<path>\t<version>\t<sum>           … and is followed by its replacement, then by a
//   \t                                        blank tab-only line (a quirk of String()).
//   \tbuild\t<key>=<value>                   key/value strconv.Quote'd when they hold
//                                             spaces, tabs, newlines, quotes or backquotes.

import { GvxError } from '../errors.js';
import { runChild } from './child.js';

export interface ModuleRef {
  path: string;
  /** As printed: `v1.2.3`, `(devel)` (main module, or a local-directory replacement). */
  version: string;
  /** go.sum hash (`h1:…`); absent when Go printed none. */
  sum?: string;
  replace?: ModuleRef;
}

export interface BuildInfo {
  /** The file name exactly as go printed it (the argument, or dir-joined when scanning a dir). */
  binary: string;
  /** As printed, e.g. `go1.22.12`, `go1.22.12 X:nocoverageredesign`, `devel go1.24-abc…`. */
  goVersion: string;
  path?: string;
  main?: ModuleRef;
  deps: ModuleRef[];
  /** `build` lines, unquoted: -buildmode, -compiler, -trimpath, -ldflags, CGO_ENABLED, GOOS, vcs.*… */
  settings: Record<string, string>;
}

export interface ReadBuildInfoOptions {
  /** Kill `go version -m` after this long (default 10 s). */
  timeoutMs?: number;
  /** Environment for the go command (default process.env). GOTOOLCHAIN is always forced to local. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// A whole GOBIN of binaries prints a few KiB each; anything near this is not go version -m.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

// A header's version: a release/pre-release (`go1.22.12`, `go1.23rc1`) or a devel build.
const GO_VERSION_RE = /^(?:go\d|devel )/;

/**
 * Parses the stdout of `go version -m FILE…|DIR`. Pure and lenient: lines it does not understand
 * are skipped, never fatal. A non-tab line that is not a header ends the current binary, so stray
 * text (e.g. stderr mixed in) is never attributed to the previous binary.
 */
export function parseBuildInfo(output: string): BuildInfo[] {
  const result: BuildInfo[] = [];
  let current: BuildInfo | undefined;
  // The module a following `=>` line replaces; cleared after one replacement, as Go does.
  let lastModule: ModuleRef | undefined;

  for (const rawLine of output.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!line.startsWith('\t')) {
      current = parseHeader(line);
      lastModule = undefined;
      if (current) result.push(current);
      continue;
    }
    if (!current) continue;
    const body = line.slice(1);
    const fields = body.split('\t');
    switch (fields[0]) {
      case 'path':
        if (fields.length >= 2) current.path = body.slice('path\t'.length);
        lastModule = undefined;
        break;
      case 'mod':
      case 'dep': {
        const m = parseModule(fields.slice(1));
        if (m && fields[0] === 'mod') current.main = m;
        else if (m) current.deps.push(m);
        // Go prints a replaced module without its sum column, then the `=>` line: only such
        // a line may take a replacement.
        lastModule = fields.length === 3 ? m : undefined;
        break;
      }
      case '=>': {
        const m = parseModule(fields.slice(1));
        if (m && lastModule) lastModule.replace = m;
        lastModule = undefined;
        break;
      }
      case 'build': {
        const kv = parseSetting(body.slice('build\t'.length));
        if (kv) setOwn(current.settings, kv[0], kv[1]);
        lastModule = undefined;
        break;
      }
      default:
        // The blank `\t` line after a replacement, a `go` line, or something newer Go adds.
        break;
    }
  }
  return result;
}

/**
 * `<file>: <version>`. Go prints `%s: %s`, and a file name may itself contain `: ` (even
 * `: go…`), while a Go version never does (`X:exp` and devel times have no space after the
 * colon) — so the split is on the LAST `: `.
 */
function parseHeader(line: string): BuildInfo | undefined {
  const at = line.lastIndexOf(': ');
  if (at <= 0) return undefined;
  const goVersion = line.slice(at + 2);
  if (!GO_VERSION_RE.test(goVersion)) return undefined;
  return { binary: line.slice(0, at), goVersion, deps: [], settings: {} };
}

function parseModule(cols: string[]): ModuleRef | undefined {
  // path, version[, sum]; Go prints an empty sum column for (devel) and local replacements.
  if (cols.length < 2 || cols.length > 3 || cols[0] === '') return undefined;
  const m: ModuleRef = { path: cols[0]!, version: cols[1]! };
  if (cols.length === 3 && cols[2] !== '') m.sum = cols[2];
  return m;
}

/** `key=value` with Go's quoting rules (runtime/debug.ParseBuildInfo); undefined if malformed. */
function parseSetting(kv: string): [string, string] | undefined {
  if (kv === '' || kv[0] === '=') return undefined;
  let key: string;
  let rawValue: string;
  if (kv[0] === '"' || kv[0] === '`') {
    const end = quotedPrefixLength(kv);
    if (end === undefined || kv[end] !== '=') return undefined;
    const k = goUnquote(kv.slice(0, end));
    if (k === undefined) return undefined;
    key = k;
    rawValue = kv.slice(end + 1);
  } else {
    const eq = kv.indexOf('=');
    if (eq < 0) return undefined;
    key = kv.slice(0, eq);
    rawValue = kv.slice(eq + 1);
  }
  if (rawValue[0] === '"' || rawValue[0] === '`') {
    const v = goUnquote(rawValue);
    return v === undefined ? undefined : [key, v];
  }
  return [key, rawValue];
}

// A plain assignment of `__proto__` would set the prototype instead of a key.
function setOwn(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Length of the Go string literal at the start of s (strconv.QuotedPrefix), or undefined. */
function quotedPrefixLength(s: string): number | undefined {
  const q = s[0];
  if (q === '`') {
    const end = s.indexOf('`', 1);
    return end < 0 ? undefined : end + 1;
  }
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
    else if (s[i] === '\n') return undefined;
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34,
};

/**
 * strconv.Unquote for "…" and `…` literals. Go strings are bytes: `\xHH` and octal escapes are
 * bytes (strconv.Quote uses them for invalid UTF-8), so the result is assembled as bytes and
 * decoded as UTF-8 at the end. Returns undefined when s is not exactly one valid literal.
 */
export function goUnquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0];
  if (q === '`') {
    if (s[s.length - 1] !== '`' || s.indexOf('`', 1) !== s.length - 1) return undefined;
    return s.slice(1, -1).replaceAll('\r', ''); // raw strings drop CRs, as Go does
  }
  if (q !== '"' || s[s.length - 1] !== '"') return undefined;
  const bytes: number[] = [];
  const pushText = (t: string) => bytes.push(...Buffer.from(t, 'utf8'));
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      pushText(ch);
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const v = parseInt(hex, 16);
      if (e === 'x') bytes.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
      else pushText(String.fromCodePoint(v));
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 4;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface GoVersionRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs `<goBinary> version -m <target>` (no shell) and returns every binary it reported:
 * `target` may be a directory (e.g. GOBIN). An empty list means no Go binary was found.
 */
export async function readAllBuildInfo(
  goBinary: string,
  target: string,
  options: ReadBuildInfoOptions = {},
): Promise<BuildInfo[]> {
  return (await collect(goBinary, target, options)).infos;
}

/**
 * Build info of one binary. Throws GvxError E_NOT_GO_BINARY when `target` is not a Go binary
 * (go 1.21–1.23 then exit 0: with "could not read Go build info" on stderr for an executable,
 * and silently for a non-executable file), E_BUILD_INFO_TIMEOUT when go does not answer in time,
 * E_BUILD_INFO_FAILED when go cannot run or cannot stat the target.
 */
export async function readBuildInfo(
  goBinary: string,
  target: string,
  options: ReadBuildInfoOptions = {},
): Promise<BuildInfo> {
  const { infos, stderr } = await collect(goBinary, target, options);
  // For a file argument go prints the argument verbatim; scanning a directory prints joined
  // paths, so a directory never matches here.
  const mine = infos.filter((b) => b.binary === target);
  if (mine.length === 1) return mine[0]!;
  if (infos.length > 0) {
    throw new GvxError(
      'E_BUILD_INFO_FAILED',
      `${target} is not a single binary: go version -m reported ${infos.length} binaries`,
      { hint: 'pass the path of one binary' },
    );
  }
  // stderr is e.g. "<f>: could not read Go build info from <f>: not a Go executable", or empty.
  const why = lastColonPart(firstLine(stderr)) || 'no Go build info (not an executable Go program)';
  throw new GvxError('E_NOT_GO_BINARY', `${target} is not a Go binary: ${why}`, {
    hint: `\`${goBinary} version -m ${target}\` reports the build info of Go programs only`,
  });
}

async function collect(
  goBinary: string,
  target: string,
  options: ReadBuildInfoOptions,
): Promise<{ infos: BuildInfo[]; stderr: string }> {
  const run = await runGoVersion(goBinary, target, options);
  if (run.exitCode !== 0) {
    // Only a target that cannot be stat'ed (or a broken go) makes go version exit non-zero.
    throw new GvxError(
      'E_BUILD_INFO_FAILED',
      `${goBinary} version -m ${target} failed (exit ${run.exitCode}): ${firstLine(run.stderr) || 'no output'}`,
      { hint: `check that ${target} exists and that ${goBinary} runs` },
    );
  }
  return { infos: parseBuildInfo(run.stdout), stderr: run.stderr };
}

function lastColonPart(s: string): string {
  const at = s.lastIndexOf(': ');
  return at < 0 ? s : s.slice(at + 2);
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]!.trim();
}

async function runGoVersion(
  goBinary: string,
  target: string,
  options: ReadBuildInfoOptions,
): Promise<GoVersionRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // GOTOOLCHAIN=local: in a directory whose go.mod asks for a newer Go, GOTOOLCHAIN=auto makes
  // even `go version -m` try to download a toolchain; the verifier must not touch the network.
  const env = { ...(options.env ?? process.env), GOTOOLCHAIN: 'local' };
  const run = await runChild(goBinary, ['version', '-m', target], { env, timeoutMs, maxBytes: MAX_OUTPUT_BYTES, killPastMaxBytes: true });
  const command = `${goBinary} version -m ${target}`;
  if (run.spawnError) {
    throw new GvxError('E_BUILD_INFO_FAILED', `cannot run ${goBinary}: ${run.spawnError.message}`, { hint: `check that ${goBinary} exists and is executable`, cause: run.spawnError });
  }
  if (run.pastMaxBytes) throw new GvxError('E_BUILD_INFO_FAILED', `${command} printed more than ${MAX_OUTPUT_BYTES} bytes`, { hint: 'pass a smaller directory' });
  if (run.timedOut) {
    throw new GvxError('E_BUILD_INFO_TIMEOUT', `${command} did not answer within ${timeoutMs} ms`, { hint: `run \`${command}\` by hand to see why it hangs` });
  }
  if (run.exitCode === null) throw new GvxError('E_BUILD_INFO_FAILED', `${command} was killed by ${run.signal}`, { hint: `run \`${command}\` by hand` });
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode };
}
