// The selection of a directory together with what it resolves to among installed versions:
// the answer behind `gvx current`, `gvx which` and the verifier.

import type { Config } from '../config.js';
import { debugTrace } from '../debug-trace.js';
import { NotFoundError } from '../errors.js';
import { type InstalledVersion, listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { describeMissing, findSelection, resolveInstalled, type Selection } from './selection.js';

export interface Active {
  readonly selection?: Selection;
  readonly installed?: InstalledVersion;
}

export async function findActive(config: Config, cwd?: string): Promise<Active> {
  const selection = await findSelection(config, cwd);
  if (!selection) return {};
  const installed = resolveInstalled(selection, await listInstalled(new HomeLayout(config.home)));
  debugTrace(config, 'select')?.(installed ? `installed: go ${installed.version.text} answers it (${installed.goroot})` : 'installed: no installed Go answers it');
  return { selection, installed };
}

/**
 * The active installed version, or the error a shim would report, with its message and hint.
 * gvx exits 3 (not found) with it; the shim itself exits 127, as a shell does for a missing command.
 */
export async function requireActive(config: Config): Promise<Required<Active>> {
  const active = await findActive(config);
  if (!active.selection) {
    throw new NotFoundError('E_NOTHING_SELECTED', 'no Go version is selected here (no GVX_GO_VERSION, .go-version, .tool-versions, go.mod or global default)', {
      hint: 'gvx use 1.22 pins one for this project; gvx use --global 1.22 sets the default',
    });
  }
  if (!active.installed) {
    const spec = active.selection.spec.text;
    throw new NotFoundError('E_NOT_INSTALLED', describeMissing(active.selection), {
      hint: `gvx install ${spec}`,
    });
  }
  return active as Required<Active>;
}
