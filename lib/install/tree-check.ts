// The last look before an unpacked tree becomes visible: is it the Go we were promised?

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '../errors.js';

export async function checkGoroot(root: string, version: string, archiveName: string): Promise<void> {
  const goBinary = join(root, 'bin', 'go');
  const info = await stat(goBinary).catch(() => undefined);
  if (!info?.isFile() || (info.mode & 0o111) === 0) {
    throw new IntegrityError('E_TREE_NO_GO', `${archiveName} has no executable go/bin/go: it is not a Go release`, {
      hint: 'nothing was installed; check GVX_MIRROR',
    });
  }
  const versionFile = await readFile(join(root, 'VERSION'), 'utf8').catch(() => '');
  const named = versionFile.split('\n', 1)[0].trim();
  if (named !== `go${version}`) {
    throw new IntegrityError('E_TREE_VERSION', `${archiveName} says it is "${named || '(no VERSION file)'}", expected go${version}`, {
      hint: 'nothing was installed; the mirror serves the wrong archive under this name',
    });
  }
}
