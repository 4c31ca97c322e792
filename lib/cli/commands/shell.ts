// `gvx shell SPEC` / `gvx shell --unset`: a selection for this shell only (GVX_GO_VERSION).
// A program cannot change its parent shell's environment, so this runs through the `gvx`
// shell function of `gvx env`, which sets _GVX_SHELL_FUNCTION and applies the one directive
// printed on stdout (lib/shell/integration.ts). Run directly, it explains how to set that up.

import { ExitCode } from '../../error-codes.js';
import { GvxError, NotFoundError, UsageError } from '../../errors.js';
import { setupAdvice } from '../../shell/env-file.js';
import { DIRECTIVE_SET, DIRECTIVE_UNSET, SHELL_FUNCTION_ENV } from '../../shell/integration.js';
import { parseSpec } from '../../version/spec.js';
import { parse } from '../args.js';
import { installHint } from '../install-hint.js';
import { ensureInstalled } from '../installer.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'select a version for this shell only (GVX_GO_VERSION); needs the shell integration (see gvx env)',
  usage: [
    'gvx shell SPEC [--install]    select SPEC in this shell (installed already, or --install / GVX_AUTO_INSTALL=1)',
    '       gvx shell --unset             back to .go-version / the default',
    '       gvx shell                     show this shell\'s selection',
  ].join('\n'),
  async run(ctx, argv) {
    const { values, positionals } = parse<{ unset?: boolean; install?: boolean }>('shell', argv, { unset: { type: 'boolean' }, install: { type: 'boolean' } }, 1);
    const { config, out } = ctx;
    const spec = positionals[0];
    if (spec === undefined && !values.unset) {
      const current = config.shellVersion?.trim();
      out.line(current ? `GVX_GO_VERSION=${current} (this shell's selection; gvx shell --unset removes it)` : 'no per-shell selection (GVX_GO_VERSION is not set); gvx shell 1.22 sets one');
      return ExitCode.ok;
    }
    if (spec !== undefined && values.unset) throw new UsageError('shell: give a SPEC or --unset, not both', { hint: 'gvx shell --unset' });
    if (config.env[SHELL_FUNCTION_ENV] !== '1') {
      throw new GvxError('E_NO_SHELL_INTEGRATION', 'gvx shell changes the current shell, which only the gvx shell function can do, and it is not set up in this shell', {
        hint: `${setupAdvice(config.home, config.env)}; or, for one command: gvx exec SPEC -- CMD`,
      });
    }
    if (values.unset) {
      out.line(DIRECTIVE_UNSET);
      return ExitCode.ok;
    }
    const parsed = parseSpec(spec!);
    // A per-shell selection of nothing installed would only break `go`: refuse, or install it.
    await ensureInstalled(ctx, parsed, {
      install: Boolean(values.install) || config.autoInstall,
      notInstalled: async () =>
        new NotFoundError('E_NOT_INSTALLED', `go ${parsed.text} is not installed`, {
          hint: await installHint(config, parsed, `gvx install ${parsed.text}, or gvx shell --install ${parsed.text}`),
        }),
    });
    out.line(`${DIRECTIVE_SET}${parsed.text}`);
    return ExitCode.ok;
  },
};
