// Text from outside gvx (a directory name, a file's content, a server's or a child's message)
// is printed with its control characters spelled out, so it cannot move the cursor, clear the
// screen, retitle the terminal or fake a line of gvx's own: ESC becomes \x1b, a newline \n.
// Output (lib/cli/output.ts) applies it to every message, and debug-trace.ts to every trace line;
// gvx adds its own colours and newlines after escaping.

/** C0 controls, DEL and C1 controls (U+0080-U+009F: 8-bit CSI and friends). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character written as \n, \r, \t or \xHH. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
