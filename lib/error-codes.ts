// Every error code gvx raises and the exit code it ends gvx with, in one table (as volta's
// ErrorKind::exit_code()). GvxError takes a code from here and derives its exit code, so a
// misspelt code is a type error and no code can end gvx with two different exit codes.
// The exit codes are the interface (the README lists them under Commands). The codes are for
// debugging only: GVX_DEBUG=1 prints them, and they may change from one release to the next.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Version (or spec, file, tool) not found, or not installed. */
  notFound: 3,
  network: 4,
  /** Checksum mismatch, archive refused, bad signature: nothing was installed. */
  integrity: 5,
  /** verify / doctor found problems. */
  checkFailed: 6,
  lockOrFs: 7,
  /** A command that was found but cannot run (the shell's 126). */
  cannotRun: 126,
  /** A command that is not found (the shell's 127; the shims' too, when no Go answers). */
  commandNotFound: 127,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The errno codes a file-system failure keeps in its error code (E_FS_EROFS…): the ones
 * fileSystemError words for the user and store/refresh.ts tells apart. Any other is E_FS_OTHER.
 */
const MAPPED_ERRNOS = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT'] as const;

export type MappedErrno = (typeof MAPPED_ERRNOS)[number];

const { failure, usage, notFound, network, integrity, lockOrFs, cannotRun, commandNotFound } = ExitCode;

export const ERROR_CODES = {
  // Usage: what the user typed or set is malformed.
  E_USAGE: usage,
  E_INVALID_SPEC: usage,
  E_GOPROXY_INVALID: usage,
  E_GOSUMDB_INVALID: usage,

  // Failure.
  E_UNSUPPORTED: failure,
  E_NO_SHELL_INTEGRATION: failure,
  E_IN_USE: failure,
  E_NO_GOBIN: failure,
  E_GOPROXY_OFF: failure,
  E_GO_ENV_FAILED: failure,
  E_BUILD_INFO_FAILED: failure,
  E_BUILD_INFO_TIMEOUT: failure,
  E_NOT_GO_BINARY: failure,

  // Not found, or not installed.
  E_NOTHING_SELECTED: notFound,
  E_NOT_INSTALLED: notFound,
  E_VERSION_NOT_FOUND: notFound,
  E_NO_ARCHIVE: notFound,
  E_ARCHIVE_NOT_FOUND: notFound,
  E_ARCHIVE_MISSING: notFound,
  E_GO_MOD_NO_GO: notFound,
  E_GO_MOD_NO_RELEASE: notFound,
  E_GOPROXY_NOT_FOUND: notFound,
  E_TOOL_NOT_FOUND: notFound,

  // Network.
  E_HTTP_CONNECT: network,
  E_HTTP_DNS: network,
  E_HTTP_TIMEOUT: network,
  E_HTTP_TOO_SLOW: network,
  E_HTTP_TRUNCATED: network,
  E_HTTP_5XX: network,
  E_HTTP_REDIRECT: network,
  E_HTTP_TOO_LARGE: network,
  E_INDEX_HTTP: network,
  E_INDEX_MALFORMED: network,
  E_DOWNLOAD_HTTP: network,
  E_GOPROXY_HTTP: network,
  E_SUMDB_HTTP: network,
  E_SUMDB_PROXY: network,

  // Integrity: nothing was installed.
  E_CHECKSUM_MISMATCH: integrity,
  E_NO_CHECKSUM: integrity,
  E_RELEASE_UNLISTED: integrity,
  E_DOWNLOAD_TOO_LARGE: integrity,
  E_ARCHIVE_CORRUPT: integrity,
  E_ARCHIVE_REFUSED: integrity,
  E_ARCHIVE_ENTRY_OUTSIDE: integrity,
  E_ARCHIVE_TOO_LARGE: integrity,
  E_ARCHIVE_TOO_MANY_ENTRIES: integrity,
  E_ARCHIVE_NO_VERSION: integrity,
  E_ARCHIVE_NOT_TOOLCHAIN: integrity,
  E_TREE_NO_GO: integrity,
  E_TREE_VERSION: integrity,
  E_ZIP_CORRUPT: integrity,
  E_ZIP_CRC: integrity,
  E_ZIP_DUPLICATE: integrity,
  E_ZIP_ENCRYPTED: integrity,
  E_ZIP_METHOD: integrity,
  E_DIRHASH_NAME: integrity,
  E_GOSUMDB_OFF: integrity,
  E_SUMDB_NO_RECORD: integrity,
  E_SUMDB_INCLUSION: integrity,
  E_SUMDB_TILE_INCONSISTENT: integrity,
  E_SUMDB_TREE_MALFORMED: integrity,
  E_SUMDB_RECORD_MALFORMED: integrity,
  E_SUMDB_NOTE_MALFORMED: integrity,
  E_SUMDB_UNSIGNED: integrity,
  E_SUMDB_BAD_SIGNATURE: integrity,

  // Lock or file system.
  E_LOCK_TIMEOUT: lockOrFs,
  E_LOCK_LOST: lockOrFs,
  E_CWD_GONE: lockOrFs,
  E_FS_EACCES: lockOrFs,
  E_FS_EPERM: lockOrFs,
  E_FS_EROFS: lockOrFs,
  E_FS_ENOSPC: lockOrFs,
  E_FS_EDQUOT: lockOrFs,
  E_FS_OTHER: lockOrFs,

  // gvx exec: the command it was given.
  E_CANNOT_RUN: cannotRun,
  E_COMMAND_NOT_FOUND: commandNotFound,
} as const satisfies Record<`E_${string}`, ExitCodeValue> & Record<`E_FS_${MappedErrno}`, ExitCodeValue>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes that end gvx with exit code `E` (what NotFoundError, NetworkError… accept). */
export type ErrorCodeFor<E extends ExitCodeValue> = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends E ? C : never }[ErrorCode];

export function exitCodeOf(code: ErrorCode): ExitCodeValue {
  return ERROR_CODES[code];
}

/** E_FS_<errno> for the errnos gvx tells apart, else E_FS_OTHER. */
export function fileSystemErrorCode(errno: string | undefined): ErrorCodeFor<typeof ExitCode.lockOrFs> {
  return (MAPPED_ERRNOS as readonly (string | undefined)[]).includes(errno) ? (`E_FS_${errno as MappedErrno}` as const) : 'E_FS_OTHER';
}
