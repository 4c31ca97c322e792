// What every command that installs (install, use, shell, exec) tells the user while it does:
// one wording for waiting on another gvx, for its outcome, for a download starting or
// resuming, and a progress bar on a TTY (the download, then unpacking and verifying; a local
// archive, which downloads nothing, gets those two).

import type { InstallServiceEvents } from '../install/install-service.js';
import type { Output } from './output.js';
import { formatBytes } from '../format-bytes.js';
import { ProgressBar } from './progress-bar.js';

export interface InstallMessageOptions {
  /** Only warnings (--quiet). */
  readonly quiet?: boolean;
  /** Draw a progress bar (a TTY that wants one). */
  readonly progress?: boolean;
  /** The archive is a local file: "installing … from FILE", no bar. */
  readonly localArchive?: boolean;
}

export interface InstallMessages extends InstallServiceEvents {
  /** Clears the progress bar (call when an install ends, however it ends). */
  finish(): void;
}

export function installMessages(out: Output, options: InstallMessageOptions = {}): InstallMessages {
  let bar: ProgressBar | undefined;
  const showsProgress = options.progress && !options.quiet;
  const info = (message: string) => {
    if (!options.quiet) out.info(message);
  };
  return {
    onWarn: (message) => out.warn(message),
    onNote: info,
    onWaitForLock: (version) => info(`gvx: waiting for another gvx that is installing go${version}…`),
    onInstalledByOther: (version) => info(`gvx: the other gvx installed go${version}`),
    onDownload: (version, from) => {
      info(`gvx: ${options.localArchive ? 'installing' : 'downloading'} go${version} from ${from}`);
      if (showsProgress && !options.localArchive) bar = new ProgressBar(out, `go${version}`);
    },
    onResume: (from, total) => {
      info(`gvx: resuming the download at ${formatBytes(from)}${total ? ` of ${formatBytes(total)}` : ''}`);
      bar?.resumeFrom(from);
    },
    onProgress: (bytes, total) => bar?.update(bytes, total),
    onUnpacking: (version, files) => {
      if (showsProgress) bar ??= new ProgressBar(out, `go${version}`);
      bar?.unpacking(files);
    },
    onVerifying: () => bar?.verifying(),
    finish() {
      bar?.finish();
      bar = undefined;
    },
  };
}
