// `gvx tools [--json]` lists the Go programs in GOBIN (or the first GOPATH's bin) with the Go
// that built each; `gvx tools rebuild [NAME…|--all]` rebuilds the stale ones (or the named
// ones, or all) with the active Go, keeping each old binary until its replacement is built.
// Programs built from a local checkout (version "(devel)") are not rebuildable, so never
// stale: they are listed as such, and skipped by rebuild with one line.
//
// --json prints {"dir", "go": "go1.22.12", "tools": [{"name","file","builtWith","path",
//                "module","version","stale","notRebuildable"?}]}
//   stale: built by another Go than "go" and rebuildable; notRebuildable: why not (stale false)

import { ExitCode } from '../../error-codes.js';
import { GvxError, NotFoundError, UsageError } from '../../errors.js';
import { requireActive } from '../../select/active.js';
import { installDir, readGoEnvJson } from '../../verify/go-env.js';
import { type ActiveGo, builtByActive, listTools, rebuildTool, type Tool } from '../../verify/tools.js';
import { parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';

export const command: Command = {
  summary: 'list Go programs in GOBIN and the Go that built them; rebuild the stale ones',
  usage: 'gvx tools [--json]\ngvx tools rebuild [NAME...|--all]\n\nwithout NAME, rebuild rebuilds the stale programs (built by another Go than the active one)',
  async run(ctx, argv) {
    const rebuilding = argv[0] === 'rebuild';
    const { values, positionals } = parse<{ json?: boolean; all?: boolean }>(
      rebuilding ? 'tools rebuild' : 'tools',
      rebuilding ? argv.slice(1) : argv,
      rebuilding ? { all: { type: 'boolean' } } : { json: { type: 'boolean' } },
      rebuilding ? Infinity : 0,
    );
    const { installed } = await requireActive(ctx.config);
    const active: ActiveGo = { version: installed.version.text, goroot: installed.goroot };
    const dir = installDir(await readGoEnvJson(active.goroot, ctx.config.env, ctx.config.cwd));
    if (!dir) throw new GvxError('E_NO_GOBIN', 'neither GOBIN nor GOPATH is set, so there is no install directory', { hint: 'export GOPATH=$HOME/go' });
    const tools = await listTools(dir, active, ctx.config);
    if (!rebuilding) return list(ctx, dir, active, tools, values.json === true);
    if (values.all && positionals.length > 0) throw new UsageError('tools rebuild: give NAMEs or --all, not both', { hint: 'gvx tools rebuild --all' });
    return rebuild(ctx, dir, active, tools, positionals, values.all === true);
  },
};

function list(ctx: CommandContext, dir: string, active: ActiveGo, tools: Tool[], json: boolean): number {
  if (json) {
    ctx.out.json({ dir, go: `go${active.version}`, tools });
    return ExitCode.ok;
  }
  if (tools.length === 0) {
    ctx.out.info(`no Go programs in ${dir}`);
    return ExitCode.ok;
  }
  ctx.out.info(`Go programs in ${dir} (active: go${active.version})`);
  const width = Math.max(...tools.map((t) => t.name.length));
  for (const tool of tools) {
    const state = builtByActive(tool, active) ? 'current' : tool.notRebuildable ? `not rebuildable (${tool.notRebuildable})` : 'stale';
    ctx.out.line(`${tool.name.padEnd(width)}  ${tool.builtWith.padEnd(10)}  ${tool.module ?? tool.path ?? '(no module)'}  ${state}`);
  }
  const stale = tools.filter((t) => t.stale).length;
  if (stale > 0) ctx.out.info(`${stale} stale program(s): gvx tools rebuild`);
  return ExitCode.ok;
}

async function rebuild(ctx: CommandContext, dir: string, active: ActiveGo, tools: Tool[], names: string[], all: boolean): Promise<number> {
  for (const name of names) {
    if (!tools.some((t) => t.name === name)) throw new NotFoundError('E_TOOL_NOT_FOUND', `no Go program named ${name} in ${dir}`, { hint: 'gvx tools lists them' });
  }
  // Without names, the programs gvx cannot rebuild are only mentioned: --all, or those built
  // by another Go (the ones a user may expect to see rebuilt).
  const chosen = names.length > 0 ? tools.filter((t) => names.includes(t.name)) : all ? tools : tools.filter((t) => t.stale || (t.notRebuildable && !builtByActive(t, active)));
  let failed = 0;
  let rebuilt = 0;
  for (const tool of chosen) {
    if (tool.notRebuildable) {
      ctx.out.line(`- ${tool.name}: not rebuildable (${tool.notRebuildable})`);
      if (names.length > 0) failed++; // asked for by name: say so in the exit code too
      continue;
    }
    ctx.out.info(`gvx: rebuilding ${tool.name} (${tool.module}) with go${active.version}…`);
    const result = await rebuildTool(tool, active, ctx.config);
    ctx.out.line(result.ok ? ctx.out.ok(`${tool.name}: ${result.message}`) : ctx.out.bad(`${tool.name}: ${result.message}`));
    if (!result.ok) failed++;
    rebuilt++;
  }
  if (rebuilt === 0 && failed === 0) {
    const rest = tools.some((t) => t.notRebuildable) ? 'every program gvx can rebuild' : 'every program';
    ctx.out.line(ctx.out.ok(`nothing to rebuild: ${rest} in ${dir} was built by go${active.version}`));
  }
  return failed > 0 ? ExitCode.failure : ExitCode.ok;
}
