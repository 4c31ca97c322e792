// `gvx verify [--json]`: the seven checks of lib/verify/verifier.ts, one line each, with the
// fix under a failing one. Exit 0 only when all pass, 6 otherwise.
//
// --json prints {"ok": bool, "version": "1.22.12"|null, "goroot": path|null,
//                "checks": [{"id", "ok", "message", "fix"?}]}
// with ids selection, install, build-info, path, shim-env, goroot-env, go-mod (in that order).

import { ExitCode } from '../../error-codes.js';
import { verify, type VerifyReport } from '../../verify/verifier.js';
import { parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';

export const command: Command = {
  summary: 'prove that the Go selected here is the Go that runs (exit 6 if not)',
  usage: 'gvx verify [--json]\n\n--json: {"ok","version","goroot","checks":[{"id","ok","message","fix"?}]}',
  async run(ctx, argv) {
    const { values } = parse<{ json?: boolean }>('verify', argv, { json: { type: 'boolean' } }, 0);
    const report = await verify(ctx.config);
    if (values.json) {
      ctx.out.json({ ok: report.ok, version: report.version ?? null, goroot: report.goroot ?? null, checks: report.checks });
    } else {
      for (const check of report.checks) printCheck(ctx, check.ok, `${check.id}: ${check.message}`, check.fix);
      ctx.out.line(
        report.ok
          ? `verified: go ${report.version} is the Go that runs in ${ctx.config.cwd}`
          : `${report.checks.filter((c) => !c.ok).length} of ${report.checks.length} checks failed`,
      );
    }
    return report.ok ? ExitCode.ok : ExitCode.checkFailed;
  },
};

function printCheck(ctx: CommandContext, ok: boolean, text: string, fix?: string): void {
  ctx.out.line(ok ? ctx.out.ok(text) : ctx.out.bad(text));
  if (!ok && fix) ctx.out.line(`    fix: ${fix}`);
}

/** `gvx use` after switching: one line of proof, or the failing checks with their fixes. */
export async function printProof(ctx: CommandContext): Promise<VerifyReport> {
  const report = await verify(ctx.config);
  if (report.ok) {
    // The evidence in one line: the binary's own build record, PATH, and go env through the shim.
    ctx.out.line(ctx.out.ok(`go${report.version} verified: go version -m, PATH, go env GOROOT ${report.goroot} (gvx verify shows each check)`));
  } else {
    ctx.out.line(ctx.out.bad(`go ${report.version ?? '(not installed)'} is selected, but gvx verify found problems:`));
    for (const check of report.checks.filter((c) => !c.ok)) printCheck(ctx, false, `${check.id}: ${check.message}`, check.fix);
  }
  return report;
}
