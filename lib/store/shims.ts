// Writes the go/gofmt shims into GVX_HOME/shims from the templates in shims/ (shim.sh with
// resolve.sh inlined, so a shim call reads one file). Rewritten only when the content
// changes, atomically, so a running shell never sees half a shim. New shims may read files of
// the home an older gvx did not write (GVX_HOME/installed): writing them brings those in step.

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goosOf } from '../config.js';
import { fileSystemError } from '../errors.js';
import { readRegularFile, writeFileAtomic } from './atomic-write.js';
import type { HomeLayout } from './layout.js';

export const SHIMMED_TOOLS = ['go', 'gofmt'] as const;

/** The package's shims/ directory (dist/lib/store -> ../../../shims). */
export const SHIM_TEMPLATES_DIR = fileURLToPath(new URL('../../../shims/', import.meta.url));

/** How shims and shell hooks start gvx: this Node and this package's bin/gvx. */
export function gvxArgv(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../../bin/gvx', import.meta.url))];
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one POSIX sh command line. */
export function shellQuoteArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

export async function readResolveFunctions(): Promise<string> {
  return readFile(join(SHIM_TEMPLATES_DIR, 'resolve.sh'), 'utf8');
}

/** goos decides where the shim looks for the go env file (os.UserConfigDir differs on macOS). */
export async function renderShim(tool: string, home: string, goos = goosOf(process.platform)): Promise<string> {
  const [template, resolve] = await Promise.all([readFile(join(SHIM_TEMPLATES_DIR, 'shim.sh'), 'utf8'), readResolveFunctions()]);
  return template
    .replaceAll('@GVX_TOOL@', tool)
    .replaceAll('@GVX_HOME@', shellQuote(home))
    .replaceAll('@GVX_CLI@', shellQuoteArgv(gvxArgv()))
    .replaceAll('@GVX_GOOS@', goos)
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
    const { refreshStore } = await import('./refresh.js'); // lazy: only after an upgrade or on first use
    await refreshStore(layout);
  }
  return dir;
}
