// How an error names a value that is not a valid Go spec (a version file's, the global
// default's, GVX_GO_VERSION's), worded the same by every resolver: _gvx_invalid in
// shims/resolve.sh, __gvx_invalid in lib/shell/fish.ts, __GvxInvalid in lib/shell/powershell.ts.
//
//   /p/.go-version: "1.22.x" is not a valid Go version          (shown, cut at 32 bytes + "…")
//   /p/.go-version: not a valid Go version (it holds characters that are not shown)
//   /p/.go-version: not a valid Go version                      (a symlink: never shown)
//
// A version file comes from a cloned repository: a symlinked one may point at
// /proc/self/environ or a secret, so only the content of a file that is itself regular is
// quoted, and only when every byte is one of SHOWN_CHARACTERS (no terminal escape, no shell
// syntax, nothing outside printable ASCII).

/** The bytes a quoted value may hold (the same list in every resolver). */
export const SHOWN_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+:/@ -';
/** A longer value is cut to its first MAX_SHOWN_BYTES bytes and "…". */
export const MAX_SHOWN_BYTES = 32;

const SHOWABLE = /^[A-Za-z0-9._+:/@ -]*$/;

/**
 * The message for `value` from `origin` (a path or GVX_GO_VERSION); `value` undefined when it
 * must not be quoted. A value read from a file is one character per byte (latin1).
 */
export function invalidValueMessage(origin: string, value: string | undefined): string {
  if (value === undefined) return `${origin}: not a valid Go version`;
  if (!SHOWABLE.test(value)) return `${origin}: not a valid Go version (it holds characters that are not shown)`;
  const shown = value.length > MAX_SHOWN_BYTES ? `${value.slice(0, MAX_SHOWN_BYTES)}…` : value;
  return `${origin}: "${shown}" is not a valid Go version`;
}
