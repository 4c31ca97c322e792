import { ExitCode } from '../../error-codes.js';
import type { Selection } from '../../select/selection.js';
import { describeMissing } from '../../select/selection.js';
import { findActive } from '../../select/active.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'show the active version, its GOROOT and what selected it',
  usage: 'gvx current [--json]',
  async run(ctx, argv) {
    const { values } = parse<{ json?: boolean }>('current', argv, { json: { type: 'boolean' } }, 0);
    const { selection, installed } = await findActive(ctx.config);
    if (values.json) {
      ctx.out.json({
        version: installed?.version.text ?? null,
        // For a module: its requirement R (what `gvx install` gets is under "install").
        spec: selection?.requirement?.requirement.text ?? selection?.spec.text ?? null,
        origin: selection?.origin ?? 'none',
        file: selection?.file ?? null,
        goroot: installed?.goroot ?? null,
        ...(selection && !installed ? { install: selection.spec.text } : {}),
      });
      return selection && installed ? ExitCode.ok : ExitCode.notFound;
    }
    if (!selection) {
      ctx.out.error('no Go version is selected here', 'gvx use 1.22 pins one for this project; gvx use --global 1.22 sets the default');
      return ExitCode.notFound;
    }
    if (!installed) {
      // Loaded only here: it reads the cached release index, which `gvx current` otherwise never needs.
      const { installHint } = await import('../install-hint.js');
      ctx.out.error(describeMissing(selection), await installHint(ctx.config, selection.spec));
      return ExitCode.notFound;
    }
    ctx.out.line(`go ${installed.version.text} (${originLabel(selection)})`);
    ctx.out.line(`GOROOT ${installed.goroot}`);
    return ExitCode.ok;
  },
};

/**
 * Where the selection came from, in the prompt hook's words (`gvx: go 1.22.12 (global default)`,
 * `(…/.go-version)`, `(GVX_GO_VERSION)`, `(…/go.mod requires go >= 1.22.0)`), with the default
 * file's path added since `gvx current` is where one looks for it.
 */
function originLabel(selection: Selection): string {
  switch (selection.origin) {
    case 'env':
      return 'GVX_GO_VERSION';
    case 'default':
      return `global default, ${selection.file}`;
    case 'file':
      return selection.file!;
    case 'go.mod':
    case 'go.work':
      return `${selection.file} requires go >= ${selection.requirement!.requirement.text}`;
  }
}
