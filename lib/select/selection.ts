// Which Go the current directory selects (design §3), with where that choice came from:
//   1. GVX_GO_VERSION   2. the nearest .go-version / .tool-versions walking up to /
//   3. the global default   4. nothing.
// The shims (shims/gvx-resolve.sh) implement the same rule in sh; test/select/resolution-cases
// runs one table of cases through both.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { GvxError, InvalidSpecError } from '../errors.js';
import { readDefault } from '../store/default-version.js';
import type { InstalledVersion } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { pickNewest, tryParseSpec, type VersionSpec } from '../version/spec.js';
import { truncateForMessage } from '../version/go-version.js';
import { GO_VERSION_FILE, TOOL_VERSIONS_FILE, parseGoVersionFile, parseToolVersionsFile, trimBlanks } from './version-file.js';

export type Origin = 'env' | 'file' | 'default';

export interface Selection {
  readonly spec: VersionSpec;
  readonly origin: Origin;
  /** The file that selected it (version file or the default file); undefined for env. */
  readonly file?: string;
}

/** A human phrase for where a selection came from: "GVX_GO_VERSION", a path, "the default". */
export function describeOrigin(selection: Selection): string {
  if (selection.origin === 'env') return 'GVX_GO_VERSION';
  if (selection.origin === 'default') return `the global default (${selection.file})`;
  return selection.file!;
}

export async function findSelection(config: Config, cwd = config.cwd): Promise<Selection | undefined> {
  const fromEnv = trimBlanks(config.shellVersion ?? '');
  if (fromEnv !== '') {
    const spec = tryParseSpec(fromEnv);
    if (!spec) {
      throw new InvalidSpecError(`GVX_GO_VERSION is not a valid Go version ("${truncateForMessage(fromEnv)}")`, {
        hint: 'gvx shell 1.22, or gvx shell --unset',
      });
    }
    return { spec, origin: 'env' };
  }
  const fromFile = await findVersionFile(cwd);
  if (fromFile) return fromFile;
  const fallback = await readDefault(new HomeLayout(config.home));
  return fallback ? { spec: fallback.spec, origin: 'default', file: fallback.file } : undefined;
}

/** The nearest version file from `start` up to the root. */
export async function findVersionFile(start: string): Promise<Selection | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const goVersion = join(dir, GO_VERSION_FILE);
    const content = await readIfFile(goVersion);
    if (content !== undefined) return { spec: parseGoVersionFile(content, goVersion), origin: 'file', file: goVersion };
    const toolVersions = join(dir, TOOL_VERSIONS_FILE);
    const tools = await readIfFile(toolVersions);
    if (tools !== undefined) {
      const spec = parseToolVersionsFile(tools, toolVersions);
      if (spec) return { spec, origin: 'file', file: toolVersions };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The installed version a selection resolves to, or undefined when none satisfies it. */
export function resolveInstalled(selection: Selection, installed: readonly InstalledVersion[]): InstalledVersion | undefined {
  return pickNewest(selection.spec, installed, (v) => v.version);
}

async function readIfFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    if (code === 'EACCES') {
      throw new GvxError('E_VERSION_FILE_UNREADABLE', 7, `cannot read ${path}: permission denied`, { hint: `fix its permissions or remove it` });
    }
    throw error;
  }
}
