// Removing installed versions, under the same per-version lock as installs, and keeping the
// shims' alias table in step.

import { NotFoundError } from '../errors.js';
import { acquireInstallLock } from '../install/lock.js';
import { retire } from '../install/staging.js';
import { sweepLeftovers } from '../install/sweep.js';
import { parseGoVersion } from '../version/go-version.js';
import { findInstalled } from './inventory.js';
import type { HomeLayout } from './layout.js';
import { refreshStore } from './refresh.js';

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
