// Writes the go/gofmt shims into GVX_HOME/shims from the templates in shims/ (shim.sh with
// resolve.sh inlined, so a shim call reads one file). Rewritten only when the content
// changes, atomically, so a running shell never sees half a shim. New shims may read files of
// the home an older gvx did not write (GVX_HOME/installed): writing them brings those in step.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { goosOf } from '../config.js';
import { fileSystemError } from '../errors.js';
import { gvxArgv, readShimTemplate } from '../package-info.js';
import { readRegularFile, writeFileAtomic } from '../store/atomic-write.js';
import type { HomeLayout } from '../store/layout.js';
import { shellQuote, shellQuoteArgv } from './quoting.js';

export const SHIMMED_TOOLS = ['go', 'gofmt'] as const;

/** resolve.sh for this machine: goos decides where it looks for the go env file (os.UserConfigDir differs on macOS). */
export async function readResolveFunctions(goos = goosOf(process.platform)): Promise<string> {
  return (await readShimTemplate('resolve.sh')).replaceAll('@GVX_GOOS@', goos);
}

/** goos decides where the shim looks for the go env file (os.UserConfigDir differs on macOS). */
export async function renderShim(tool: string, home: string, goos = goosOf(process.platform)): Promise<string> {
  const [template, resolve] = await Promise.all([readShimTemplate('shim.sh'), readResolveFunctions(goos)]);
  return template
    .replaceAll('@GVX_TOOL@', tool)
    .replaceAll('@GVX_HOME@', shellQuote(home))
    .replaceAll('@GVX_CLI@', shellQuoteArgv(gvxArgv()))
    .replace('@GVX_RESOLVE@', compactShell(resolve));
}

/**
 * resolve.sh without its comment lines, blank lines and indentation: sh parses the whole shim
 * on every `go` call, and the commented source is half again as long. The source stays in
 * shims/resolve.sh. (No line of resolve.sh continues a quoted string with significant blanks.)
 */
function compactShell(source: string): string {
  const body = source
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'));
  return ['# shims/resolve.sh (the selection rule), without its comments', ...body].join('\n');
}

/** Makes sure GVX_HOME/shims holds current shims; returns the directory. */
export async function ensureShims(layout: HomeLayout): Promise<string> {
  const dir = layout.shimsDir;
  let rewritten = false;
  try {
    await mkdir(dir, { recursive: true });
    // Where the shims keep what they parse from go.mod files (without it they parse every time).
    await mkdir(layout.moduleCacheDir, { recursive: true, mode: 0o700 });
    for (const tool of SHIMMED_TOOLS) {
      const path = join(dir, tool);
      const content = await renderShim(tool, layout.home);
      const current = await readRegularFile(path); // a symlink or FIFO here is replaced, never read
      if (current === content) continue;
      await writeFileAtomic(path, content, { mode: 0o755 });
      rewritten = true;
    }
  } catch (error) {
    throw fileSystemError('write the shims into', dir, error);
  }
  if (rewritten) {
    const { refreshStore } = await import('../store/refresh.js'); // lazy: only after an upgrade or on first use
    await refreshStore(layout);
  }
  return dir;
}
