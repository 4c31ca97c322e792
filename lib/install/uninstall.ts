// Removing installed versions, under the same per-version lock as installs, and keeping the
// shims' alias table in step.

import { NotFoundError } from '../errors.js';
import { findInstalled } from '../store/inventory.js';
import type { HomeLayout } from '../store/layout.js';
import { acquireInstallLock } from '../store/lock.js';
import { refreshStore } from '../store/refresh.js';
import { parseGoVersion } from '../version/go-version.js';
import { retire } from './staging.js';
import { sweepLeftovers } from './sweep.js';

export async function uninstallVersion(layout: HomeLayout, versionText: string): Promise<string> {
  const version = parseGoVersion(versionText);
  const installed = await findInstalled(layout, version);
  if (!installed) {
    throw new NotFoundError('E_NOT_INSTALLED', `go${version.text} is not installed`, { hint: 'gvx ls lists the installed versions' });
  }
  const lock = await acquireInstallLock(layout, installed.version.text);
  try {
    await retire(layout, installed.goroot, installed.version.text);
  } finally {
    await lock.release();
  }
  await refreshStore(layout);
  await sweepLeftovers(layout);
  return installed.version.text;
}
