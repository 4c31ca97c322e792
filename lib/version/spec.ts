// What a user asks for: "1.22" (newest stable 1.22.x), "1" (newest stable 1.x), an exact
// version ("1.22.5", "go1.22.5", "1.23rc1"), or "latest"/"stable". Specs end up in file
// names, shims and messages, so the grammar is strict: nothing but digits, dots and the
// pre-release words can get through.

import { InvalidSpecError } from '../errors.js';
import {
  type GoVersion,
  compareGoVersions,
  isStable,
  stripGoPrefix,
  tryParseGoVersion,
  truncateForMessage,
} from './go-version.js';

export type VersionSpec =
  | { readonly kind: 'latest'; readonly text: 'latest' | 'stable' }
  | { readonly kind: 'major'; readonly text: string; readonly major: string }
  | { readonly kind: 'minor'; readonly text: string; readonly major: string; readonly minor: string }
  | { readonly kind: 'exact'; readonly text: string; readonly version: GoVersion };

const NUMBER = '(?:0|[1-9][0-9]*)';
const MAJOR_ONLY = new RegExp(`^${NUMBER}$`);
const MAJOR_MINOR = new RegExp(`^(${NUMBER})\\.(${NUMBER})$`);

/** No real spec comes close; the shims apply the same cap (shims/resolve.sh). */
const MAX_SPEC_LENGTH = 32;

export function tryParseSpec(input: string): VersionSpec | undefined {
  const text = stripGoPrefix(input);
  if (text.length > MAX_SPEC_LENGTH) return undefined;
  if (text === 'latest' || text === 'stable') return { kind: 'latest', text };
  if (MAJOR_ONLY.test(text)) return { kind: 'major', text, major: text };
  const majorMinor = MAJOR_MINOR.exec(text);
  if (majorMinor) return { kind: 'minor', text, major: majorMinor[1], minor: majorMinor[2] };
  const version = text.startsWith('go') ? undefined : tryParseGoVersion(text); // one "go" prefix only
  if (version) return { kind: 'exact', text, version };
  return undefined;
}

/** Parses a spec; `source` names where it came from (a file, an argument) for the message. */
export function parseSpec(input: string, source?: string): VersionSpec {
  const spec = tryParseSpec(input);
  if (!spec) {
    const where = source ? ` in ${source}` : '';
    throw new InvalidSpecError(`invalid Go version spec "${truncateForMessage(input)}"${where}`, {
      hint: 'use a version such as 1.22, 1.22.5, go1.22.5, 1.23rc1 or latest (gvx ls-remote lists them)',
    });
  }
  return spec;
}

/** Does this release satisfy the spec? Prefix specs and "latest" only take stable releases. */
export function specMatches(spec: VersionSpec, version: GoVersion): boolean {
  switch (spec.kind) {
    case 'latest':
      return isStable(version);
    case 'major':
      return isStable(version) && version.major === spec.major;
    case 'minor':
      return isStable(version) && version.major === spec.major && version.minor === spec.minor;
    case 'exact':
      return compareGoVersions(version, spec.version) === 0;
  }
}

/** The newest version in `versions` that satisfies the spec. */
export function pickNewest<T>(spec: VersionSpec, items: readonly T[], versionOf: (item: T) => GoVersion): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    const version = versionOf(item);
    if (!specMatches(spec, version)) continue;
    if (best === undefined || compareGoVersions(version, versionOf(best)) > 0) best = item;
  }
  return best;
}
