// The one interface every shell integration implements (one file per shell: bash.ts, zsh.ts,
// fish.ts, powershell.ts, loaded by name in load-shell.ts), and what they share: the options
// they render from, the protocol between the `gvx` shell function and `gvx shell`, and the
// choice of shell from $SHELL.

import { basename } from 'node:path';
import { UsageError } from '../errors.js';

export interface RenderOptions {
  /** GVX_HOME when `gvx env` ran; the generated code still prefers a later $GVX_HOME. */
  readonly home: string;
  /** GVX_HOME/shims, put first on PATH. */
  readonly shimsDir: string;
  /** The real gvx: [node, bin/gvx], embedded (quoted) so the function never finds itself. */
  readonly gvxArgv: readonly string[];
  /** Install the prompt hook (false with `gvx env --no-use-on-cd`). */
  readonly useOnCd: boolean;
}

export interface CompletionData {
  readonly home: string;
  /** Command names, in help order. */
  readonly commands: readonly { readonly name: string; readonly summary: string; readonly flags: readonly string[] }[];
}

export interface ShellIntegration {
  readonly name: SupportedShell;
  /** The code `gvx env` prints: PATH, the gvx function, the hook. */
  render(options: RenderOptions): Promise<string>;
  /** The code `gvx completions` prints (undefined: not offered for this shell). */
  completions?(data: CompletionData): string;
}

export const SUPPORTED_SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type SupportedShell = (typeof SUPPORTED_SHELLS)[number];

/**
 * `gvx shell` cannot change its parent shell's environment; the `gvx` shell function runs it
 * with this variable set, and it answers on stdout with one directive the function applies:
 * `set <spec>` (a validated spec: digits, dots, letters) or `unset`.
 */
export const SHELL_FUNCTION_ENV = '_GVX_SHELL_FUNCTION';
export const DIRECTIVE_SET = 'set ';
export const DIRECTIVE_UNSET = 'unset';

/** The supported shell a command name or path names (basename only), if any. */
export function shellFromEnv(shellVar: string | undefined): SupportedShell | undefined {
  if (!shellVar) return undefined;
  const name = basename(shellVar).replace(/\.exe$/i, '').replace(/^-/, '');
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  return (SUPPORTED_SHELLS as readonly string[]).includes(name) ? (name as SupportedShell) : undefined;
}

export interface ShellChoice {
  /** The command name of gvx's parent process (lib/shell/parent-shell.ts). */
  readonly parent?: string;
  /** How the command names a shell, for the hint (default: `gvx <command> --shell <shell>`). */
  readonly spell?: (shell: SupportedShell) => string;
}

/**
 * --shell if given, else the parent process when it is a supported shell (it evaluates the
 * output), else $SHELL's basename; anything else is a usage error naming the choices.
 */
export function chooseShell(command: string, given: string | undefined, shellVar: string | undefined, choices: readonly SupportedShell[] = SUPPORTED_SHELLS, how: ShellChoice = {}): SupportedShell {
  const supported = (name: string | undefined): name is SupportedShell => name !== undefined && (choices as readonly string[]).includes(name);
  const fromParent = shellFromEnv(how.parent);
  const name = given ?? (supported(fromParent) ? fromParent : shellFromEnv(shellVar));
  if (supported(name)) return name;
  const parent = how.parent ? ` (and the parent process is ${how.parent})` : '';
  const what = given !== undefined ? `unknown shell "${given}"` : shellVar ? `cannot tell the shell from SHELL=${shellVar}${parent}` : `no --shell given and SHELL is not set${parent}`;
  const spell = how.spell ?? ((shell: SupportedShell) => `gvx ${command} --shell ${shell}`);
  throw new UsageError(`${command}: ${what}; supported: ${choices.join(', ')}`, { hint: spell(choices[0]) });
}
