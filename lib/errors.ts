// One error family for everything gvx reports to a user. Each kind has a stable code (for
// --json and tests), an exit code (design §2) and a hint naming the command that fixes it.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  network: 4,
  integrity: 5,
  checkFailed: 6,
  lockOrFs: 7,
} as const;

export interface GvxErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class GvxError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint?: string;

  constructor(code: string, exitCode: number, message: string, options: GvxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad command line: unknown flag, missing argument, malformed spec typed by the user. */
export class UsageError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_USAGE', ExitCode.usage, message, { hint: 'gvx --help', ...options });
  }
}

/** A version (or spec) that is not in the index, or not installed. */
export class NotFoundError extends GvxError {
  constructor(code: string, message: string, options: GvxErrorOptions = {}) {
    super(code, ExitCode.notFound, message, options);
  }
}

/** Invalid data the user did not type: a broken .go-version, a malformed index. */
export class InvalidSpecError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_INVALID_SPEC', ExitCode.usage, message, options);
  }
}

export class NetworkError extends GvxError {
  constructor(code: string, message: string, options: GvxErrorOptions = {}) {
    super(code, ExitCode.network, message, options);
  }
}

/** Checksum mismatch, refused archive entry, bad signature: nothing was installed. */
export class IntegrityError extends GvxError {
  constructor(code: string, message: string, options: GvxErrorOptions = {}) {
    super(code, ExitCode.integrity, message, options);
  }
}

/** verify / doctor found problems. */
export class CheckFailedError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_CHECK_FAILED', ExitCode.checkFailed, message, options);
  }
}

/** A lock that cannot be taken, a read-only or full GVX_HOME. */
export class FileSystemError extends GvxError {
  constructor(code: string, message: string, options: GvxErrorOptions = {}) {
    super(code, ExitCode.lockOrFs, message, options);
  }
}

/** Something gvx does not do (yet) on this platform. */
export class UnsupportedError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_UNSUPPORTED', ExitCode.failure, message, options);
  }
}

/** Turns an fs error on a gvx path into a FileSystemError that names the path. */
export function fileSystemError(action: string, path: string, cause: unknown): GvxError {
  if (cause instanceof GvxError) return cause;
  const code = (cause as NodeJS.ErrnoException)?.code ?? 'EUNKNOWN';
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'permission denied (read-only?)'
      : code === 'ENOSPC'
        ? 'no space left on device'
        : code === 'EDQUOT'
          ? 'disk quota exceeded'
          : ((cause as Error)?.message ?? String(cause));
  return new FileSystemError(`E_FS_${code}`, `cannot ${action} ${path}: ${reason}`, {
    hint: 'check the permissions and free space of that path, or point GVX_HOME at a writable directory',
    cause,
  });
}
