// The release a Go tree's VERSION file names (its first line: "go1.22.12"), for doctor's goroot
// check and verify's install and goroot-env checks. The tree may be anyone's (an exported
// GOROOT), so VERSION is read bounded (tree-file.ts) and quoted only from a regular file that
// is not a symlink, escaped; from a symlink it is compared, never shown.

import { join } from 'node:path';
import { truncateForMessage } from '../version/go-version.js';
import { readTreeFile } from './tree-file.js';

/** A real VERSION is two short lines; only the first is read. */
const MAX_VERSION_BYTES = 4096;
/** How much of a first line that is not the expected release a finding quotes. */
const MAX_SHOWN_LINE = 80;

export type GorootVersion =
  /** shown: the first line as a message may quote it (escaped). */
  | { readonly path: string; readonly line: string; readonly shown: string }
  /** line: what to compare, when VERSION was read; why: what to say instead, after the path. */
  | { readonly path: string; readonly line?: string; readonly shown?: undefined; readonly why: string };

export async function readGorootVersion(goroot: string): Promise<GorootVersion> {
  const path = join(goroot, 'VERSION');
  const read = await readTreeFile(path, MAX_VERSION_BYTES);
  if (read.kind === 'unusable') return { path, why: read.why };
  const line = read.bytes.toString('utf8').split('\n')[0]!.trim();
  if (read.symlink) return { path, line, why: 'is a symlink, so its content is not quoted' };
  if (line === '') return { path, line, why: 'names no release (its first line is empty)' };
  return { path, line, shown: truncateForMessage(line, MAX_SHOWN_LINE) };
}
