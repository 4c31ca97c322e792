// Go release versions with the Go command's own semantics (go/version, internal/gover):
//   1.21 < 1.21rc1 < 1.21rc2 < 1.21.0 < 1.21.1   (from 1.21 on, "1.N" is the language version)
//   1.20 == 1.20.0                                (before 1.21, a missing patch means .0)
//   1.18beta1 < 1.18beta2 < 1.18rc1 < 1.18
// Versions are handled without the "go" prefix; input may carry it.

import { InvalidSpecError } from '../errors.js';

export interface GoVersion {
  /** Canonical text without the "go" prefix, exactly as parsed: "1.22.12", "1.23rc1", "1.20". */
  readonly text: string;
  readonly major: string;
  readonly minor: string;
  /** "" when absent (and minor >= 21); "0" stands for an absent patch before 1.21. */
  readonly patch: string;
  /** "" for a release; "alpha" | "beta" | "rc" for a pre-release. */
  readonly kind: string;
  readonly pre: string;
}

const PRERELEASE_KINDS = new Set(['alpha', 'beta', 'rc']);

/** Strips one leading "go" (as in "go1.22.5"). */
export function stripGoPrefix(text: string): string {
  return text.startsWith('go') ? text.slice(2) : text;
}

/** Parses a Go release version, or returns undefined. Accepts an optional "go" prefix. */
export function tryParseGoVersion(input: string): GoVersion | undefined {
  const text = stripGoPrefix(input);
  let rest = text;
  const major = cutInt(rest);
  if (!major) return undefined;
  rest = major.rest;
  if (rest === '') return { text, major: major.n, minor: '0', patch: '0', kind: '', pre: '' };
  if (rest[0] !== '.') return undefined;
  const minor = cutInt(rest.slice(1));
  if (!minor) return undefined;
  rest = minor.rest;
  if (rest === '') {
    const patch = compareInts(minor.n, '21') < 0 ? '0' : '';
    return { text, major: major.n, minor: minor.n, patch, kind: '', pre: '' };
  }
  if (rest[0] === '.') {
    // Go never publishes pre-releases of patch releases ("1.21.3rc1" is invalid).
    const patch = cutInt(rest.slice(1));
    if (!patch || patch.rest !== '') return undefined;
    return { text, major: major.n, minor: minor.n, patch: patch.n, kind: '', pre: '' };
  }
  const kindMatch = /^[a-z]+/.exec(rest);
  if (!kindMatch || !PRERELEASE_KINDS.has(kindMatch[0])) return undefined;
  const pre = cutInt(rest.slice(kindMatch[0].length));
  if (!pre || pre.rest !== '') return undefined;
  return { text, major: major.n, minor: minor.n, patch: '', kind: kindMatch[0], pre: pre.n };
}

export function parseGoVersion(input: string): GoVersion {
  const version = tryParseGoVersion(input);
  if (!version) {
    throw new InvalidSpecError(`invalid Go version "${truncateForMessage(input)}"`, {
      hint: 'versions look like 1.22.5, go1.22.5 or 1.23rc1; see gvx ls-remote',
    });
  }
  return version;
}

/** Go's ordering: negative if a < b, 0 if equal, positive if a > b. */
export function compareGoVersions(a: GoVersion | string, b: GoVersion | string): number {
  const x = typeof a === 'string' ? parseGoVersion(a) : a;
  const y = typeof b === 'string' ? parseGoVersion(b) : b;
  return (
    compareInts(x.major, y.major) ||
    compareInts(x.minor, y.minor) ||
    compareInts(x.patch, y.patch) ||
    compareKinds(x.kind, y.kind) ||
    compareInts(x.pre, y.pre)
  );
}

export function isStable(version: GoVersion): boolean {
  return version.kind === '';
}

/** Shortens hostile or huge input before it is put into a message. */
export function truncateForMessage(text: string, max = 40): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

function cutInt(text: string): { n: string; rest: string } | undefined {
  const match = /^[0-9]+/.exec(text);
  if (!match) return undefined;
  const n = match[0];
  if (n.length > 1 && n[0] === '0') return undefined; // Go rejects unnecessary leading zeros
  return { n, rest: text.slice(n.length) };
}

/** Compares decimal strings of any length; "" sorts before "0" (as in gover.CmpInt). */
function compareInts(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/** "" (a release) < alpha < beta < rc: plain string order, as in Go. */
function compareKinds(x: string, y: string): number {
  return x === y ? 0 : x < y ? -1 : 1;
}
