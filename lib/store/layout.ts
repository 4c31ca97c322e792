// Where everything lives inside GVX_HOME. The shims read the same layout with
// shell built-ins (shims/*.sh), so a change here is a change there.
//
//   versions/<version>/        a complete GOROOT; only fully installed versions appear here
//   versions/<version>/.gvx-install.json   the install record (written before the rename)
//   aliases/<spec>             one line: the installed version a partial spec resolves to
//   installed                  the installed versions oldest first, with Go's sort key (go.mod selection)
//   default                    one line: the global default spec
//   staging/                   installs in progress (same file system, so the last step is a rename)
//   trash/                     versions being removed (renamed away first, then deleted)
//   downloads/                 archives being downloaded, kept across failures so the next install resumes
//   locks/                     per-version install locks, and the home lock (aliases + default)
//   cache/releases.json        the release index, with the time and URL it was fetched from
//   cache/modules-2/           what the shell resolvers parsed from go.mod/go.work files (shims/resolve.sh)
//   shims/                     the go and gofmt shims

import { join } from 'node:path';

export const INSTALL_RECORD = '.gvx-install.json';

export class HomeLayout {
  constructor(readonly home: string) {}

  get versionsDir(): string {
    return join(this.home, 'versions');
  }
  versionDir(version: string): string {
    return join(this.versionsDir, version);
  }
  get aliasesDir(): string {
    return join(this.home, 'aliases');
  }
  alias(spec: string): string {
    return join(this.aliasesDir, spec);
  }
  get installedList(): string {
    return join(this.home, 'installed');
  }
  get defaultFile(): string {
    return join(this.home, 'default');
  }
  get stagingDir(): string {
    return join(this.home, 'staging');
  }
  get trashDir(): string {
    return join(this.home, 'trash');
  }
  get downloadsDir(): string {
    return join(this.home, 'downloads');
  }
  get locksDir(): string {
    return join(this.home, 'locks');
  }
  lockTarget(version: string): string {
    return join(this.locksDir, `${version}.lock-target`);
  }
  /** Held while the alias table and the default are rewritten ("home" is no Go version). */
  get homeLockTarget(): string {
    return join(this.locksDir, 'home.lock-target');
  }
  get cacheDir(): string {
    return join(this.home, 'cache');
  }
  /** The shell resolvers' cache of go.mod/go.work go and toolchain lines (2: the rule's version). */
  get moduleCacheDir(): string {
    return join(this.cacheDir, 'modules-2');
  }
  get releaseIndexCache(): string {
    return join(this.cacheDir, 'releases.json');
  }
  get shimsDir(): string {
    return join(this.home, 'shims');
  }
}
