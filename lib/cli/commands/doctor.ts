// `gvx doctor [--json] [--network]`: every environment pitfall of lib/verify/doctor-checks.ts,
// one line each (✓ ok, i info, ! warn, ✗ error) with the fix under it. Exit 6 when any check
// is an error.
//
// --json prints {"ok": bool, "version": "1.22.12"|null, "goroot": path|null,
//                "checks": [{"id", "severity": "ok"|"info"|"warn"|"error", "message", "fix"?}]}

import { ExitCode } from '../../error-codes.js';
import type { DoctorCheck } from '../../verify/doctor-checks.js';
import { runDoctor } from '../../verify/doctor.js';
import { parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';

export const command: Command = {
  summary: 'name each environment pitfall (GOROOT, GOPATH, GOBIN, GOTOOLCHAIN, PATH…) with its fix',
  usage: 'gvx doctor [--json] [--network]\n\n--network adds timed probes of the release index, the mirror and each GOPROXY entry\n--json: {"ok","version","goroot","checks":[{"id","severity","message","fix"?}]}',
  async run(ctx, argv) {
    const { values } = parse<{ json?: boolean; network?: boolean }>('doctor', argv, { json: { type: 'boolean' }, network: { type: 'boolean' } }, 0);
    let probe;
    if (values.network) {
      const { probeNetwork } = await import('../../verify/network-probes.js');
      const http = await ctx.http();
      probe = (goEnv: Parameters<typeof probeNetwork>[2]) => probeNetwork(ctx.config, http, goEnv);
    }
    const report = await runDoctor(ctx.config, { probe });
    if (values.json) {
      ctx.out.json({ ok: report.ok, version: report.version ?? null, goroot: report.goroot ?? null, checks: report.checks });
    } else {
      for (const check of report.checks) printCheck(ctx, check);
      const count = (s: DoctorCheck['severity']) => report.checks.filter((c) => c.severity === s).length;
      ctx.out.line(`${count('error')} error(s), ${count('warn')} warning(s), ${count('info')} note(s)`);
    }
    return report.ok ? ExitCode.ok : ExitCode.checkFailed;
  },
};

function printCheck(ctx: CommandContext, check: DoctorCheck): void {
  const text = `${check.id}: ${check.message}`;
  const line =
    check.severity === 'ok' ? ctx.out.ok(text) : check.severity === 'error' ? ctx.out.bad(text) : `${check.severity === 'warn' ? '!' : 'i'} ${text}`;
  ctx.out.line(line);
  if (check.severity !== 'ok' && check.fix) ctx.out.line(`    fix: ${check.fix}`);
}
