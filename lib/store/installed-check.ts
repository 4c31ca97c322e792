// Is this versions/<v> directory a complete install? Only renamed-in trees exist there, so
// the presence of bin/go is enough. The install record beside it (.gvx-install.json: source,
// checksum, date) is for people reading the tree; gvx never needs it.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function isInstalledDir(goroot: string): Promise<boolean> {
  const info = await stat(join(goroot, 'bin', 'go')).catch(() => undefined);
  return info?.isFile() ?? false;
}
