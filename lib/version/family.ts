// A language family: the major.minor that every release of one Go line shares (1.22 for
// 1.22rc1, 1.22.0 and 1.22.12). Go ships its monthly security fixes as patches of a family, so
// outdated, upgrade and prune work family by family.

import { type GoVersion, compareGoVersions } from './go-version.js';
import { tryParseSpec } from './spec.js';

export function familyOf(version: GoVersion): string {
  return `${version.major}.${version.minor}`;
}

/** "1.22" or "go1.22" as a family; anything else (1.22.5, 1, latest) is not one. */
export function tryParseFamily(input: string): string | undefined {
  const spec = tryParseSpec(input);
  return spec?.kind === 'minor' ? spec.text : undefined;
}

/** Newest family first (1.22 before 1.9). */
export function compareFamiliesNewestFirst(a: string, b: string): number {
  return compareGoVersions(`${b}.0`, `${a}.0`);
}
