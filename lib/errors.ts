// One error family for everything gvx reports to a user. Each error has a code from
// error-codes.ts, which fixes its exit code, and a hint naming the command that
// fixes it. The codes are for debugging (GVX_DEBUG=1 prints them), not an interface.

import { type ErrorCode, type ErrorCodeFor, ExitCode, type ExitCodeValue, exitCodeOf, fileSystemErrorCode } from './error-codes.js';

export interface GvxErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class GvxError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: GvxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCodeOf(code);
    this.hint = options.hint;
  }
}

/** Bad command line: unknown flag, missing argument, malformed spec typed by the user. */
export class UsageError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_USAGE', message, { hint: 'gvx --help', ...options });
  }
}

/** A version (or spec) that is not in the index, or not installed. */
export class NotFoundError extends GvxError {
  declare readonly code: ErrorCodeFor<typeof ExitCode.notFound>;

  constructor(code: ErrorCodeFor<typeof ExitCode.notFound>, message: string, options: GvxErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * A version, spec or version file that does not parse (exit 2, like a usage error): a broken
 * .go-version or go.mod, an unreadable default, a bad GVX_GO_VERSION, a spec typed wrong.
 */
export class InvalidSpecError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_INVALID_SPEC', message, options);
  }
}

export class NetworkError extends GvxError {
  declare readonly code: ErrorCodeFor<typeof ExitCode.network>;

  constructor(code: ErrorCodeFor<typeof ExitCode.network>, message: string, options: GvxErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Checksum mismatch, refused archive entry, bad signature: nothing was installed. */
export class IntegrityError extends GvxError {
  declare readonly code: ErrorCodeFor<typeof ExitCode.integrity>;

  constructor(code: ErrorCodeFor<typeof ExitCode.integrity>, message: string, options: GvxErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A lock that cannot be taken, a read-only or full GVX_HOME. */
export class FileSystemError extends GvxError {
  declare readonly code: ErrorCodeFor<typeof ExitCode.lockOrFs>;

  constructor(code: ErrorCodeFor<typeof ExitCode.lockOrFs>, message: string, options: GvxErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Something gvx does not do (yet) on this platform. */
export class UnsupportedError extends GvxError {
  constructor(message: string, options: GvxErrorOptions = {}) {
    super('E_UNSUPPORTED', message, options);
  }
}

/** Turns an fs error on a gvx path into a FileSystemError that names the path. */
export function fileSystemError(action: string, path: string, cause: unknown): GvxError {
  if (cause instanceof GvxError) return cause;
  const code = (cause as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'permission denied (read-only?)'
      : code === 'ENOSPC'
        ? 'no space left on device'
        : code === 'EDQUOT'
          ? 'disk quota exceeded'
          : ((cause as Error)?.message ?? String(cause));
  return new FileSystemError(fileSystemErrorCode(code), `cannot ${action} ${path}: ${reason}`, {
    hint: 'check the permissions and free space of that path, or point GVX_HOME at a writable directory',
    cause,
  });
}
