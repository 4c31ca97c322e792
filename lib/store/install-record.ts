// The install record, versions/<v>/.gvx-install.json: where an installed version came from and
// what vouched for its bytes. install-version.ts writes it before the rename that makes the
// version visible; gvx verify reads it to say how far the install can be trusted.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INSTALL_RECORD } from './layout.js';

/**
 * The checksum was only a directory mirror's own <archive>.sha256: 'not-cross-checked' when the
 * official release index was unreachable, 'unlisted' when it answered without listing the
 * archive (installed only with --allow-unlisted).
 */
export type MirrorChecksum = 'not-cross-checked' | 'unlisted';

export interface InstallRecord {
  readonly version: string;
  readonly source: string;
  readonly sha256: string;
  readonly installedAt: string;
  /** The bytes matched an expected checksum; false with --no-verify, and for a release the official index does not list. */
  readonly verified: boolean;
  /** What `verified` rests on: a sha256 (release index, --sha256) or the checksum database's h1:. */
  readonly verifiedBy?: 'sha256' | 'h1';
  /** Set when the checksum came from a directory mirror alone. */
  readonly mirrorChecksum?: MirrorChecksum;
  /** golang.org/toolchain@<version>, when the install came from a toolchain module zip. */
  readonly module?: string;
  /** That module zip's h1: hash, as the checksum database vouched for it. */
  readonly h1?: string;
}

/**
 * The record of the install in `goroot`; undefined when there is none or it does not parse
 * (a tree an older gvx, or a hand, put there): then nothing is known of its origin.
 */
export async function readInstallRecord(goroot: string): Promise<InstallRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(goroot, INSTALL_RECORD), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as Partial<InstallRecord> | null;
    return record && typeof record === 'object' && typeof record.verified === 'boolean' ? (record as InstallRecord) : undefined;
  } catch {
    return undefined;
  }
}
