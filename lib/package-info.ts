// gvx's own package: where it is installed, how to start it, its version and the shim templates
// it ships. The same code runs in two builds:
//  - the bundle (dist/bundle/, what bin/gvx runs and npm ships): scripts/build-bundle.mjs
//    inlines the version and the templates (GVX_BUNDLED), so it reads none of the package's
//    files (package.json still ships: the env files read its version line);
//  - the tsc tree (dist/lib/, which the unit tests import), which reads them from the checkout.
// This file's code sits two directories below the package root in both (dist/bundle/<chunk>.cjs,
// dist/lib/package-info.js), so one relative URL finds the root from either.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ShimTemplate = 'shim.sh' | 'resolve.sh';

/** Defined by the bundle build (esbuild's `define`); never declared in the tsc tree, where `typeof` says 'undefined'. */
declare const GVX_BUNDLED: { readonly version: string; readonly templates: Readonly<Record<ShimTemplate, string>> };

const bundled = typeof GVX_BUNDLED === 'undefined' ? undefined : GVX_BUNDLED;

/** The package's root directory: package.json, bin/gvx, dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The file bin/gvx runs, the bundle's entry (named in scripts/build-bundle.mjs). Every build
 * rewrites it: an env file older than it may be stale.
 */
export const BUNDLE_ENTRY = join(PACKAGE_ROOT, 'dist', 'bundle', 'gvx.cjs');

/** How shims and shell hooks start gvx: this Node and this package's bin/gvx. */
export function gvxArgv(): string[] {
  return [process.execPath, join(PACKAGE_ROOT, 'bin', 'gvx')];
}

let version = bundled?.version;

export function gvxVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** A template from the package's shims/ directory. */
export async function readShimTemplate(name: ShimTemplate): Promise<string> {
  return bundled?.templates[name] ?? readFile(join(PACKAGE_ROOT, 'shims', name), 'utf8');
}
