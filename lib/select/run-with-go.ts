// Runs a command as a child with a prepared environment and passes its fate through: the
// exit code, or the signal that killed it (re-raised on ourselves where that is safe, else
// reported as 128 + n, as a shell reports it).

import { constants } from 'node:os';
import spawn from 'cross-spawn';
import { ExitCode } from '../error-codes.js';
import { GvxError } from '../errors.js';

/**
 * The keys a terminal turns into signals (Ctrl-C, Ctrl-\) signal its whole foreground process
 * group: the child gets its own copy, so gvx only outlives them (forwarding would deliver each
 * twice). Node cannot tell who sent a signal, so a `kill -INT` of gvx alone is not passed on.
 */
const SURVIVED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
/** Sent to a process alone (kill <gvx pid>, a supervisor, a closed terminal): passed on to the child. */
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * A child killed by one of these kills gvx by it too: callers act on it (bash stops a script
 * whose command died of SIGINT; supervisors tell SIGTERM and SIGKILL apart from an exit), and
 * Node leaves them at their default action once the listeners here are gone. Any other signal
 * ends gvx with 128 + n: re-raised, SIGUSR1 would open Node's inspector on 127.0.0.1:9229,
 * SIGPIPE is ignored by Node, and SIGQUIT, SIGSEGV or SIGABRT would dump Node's core, not the child's.
 */
const RE_RAISED: ReadonlySet<NodeJS.Signals> = new Set(['SIGHUP', 'SIGINT', 'SIGKILL', 'SIGTERM']);

export function runWithGo(commandLine: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // The listeners come first: a signal that arrives once the child runs (it may already have
    // printed) must not kill gvx by default; a forward runs after this block, when the child is known.
    let child: ReturnType<typeof spawn> | undefined;
    const forward = (signal: NodeJS.Signals) => child?.kill(signal);
    const survive = () => {};
    for (const signal of FORWARDED) process.on(signal, forward);
    for (const signal of SURVIVED) process.on(signal, survive);
    child = spawn(commandLine[0], commandLine.slice(1), { stdio: 'inherit', env, cwd });
    const cleanup = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
      for (const signal of SURVIVED) process.off(signal, survive);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        new GvxError(error.code === 'ENOENT' ? 'E_COMMAND_NOT_FOUND' : 'E_CANNOT_RUN', `cannot run ${commandLine[0]}: ${error.code === 'ENOENT' ? 'command not found' : error.message}`, {
          hint: 'check the command name and PATH',
        }),
      );
    });
    child.on('exit', (code, signal) => {
      cleanup();
      if (signal) {
        if (RE_RAISED.has(signal)) {
          process.kill(process.pid, signal);
          // Still here (a listener elsewhere kept gvx alive): the shell's convention, then.
          setTimeout(() => resolve(128 + signalNumber(signal)), 100);
          return;
        }
        resolve(128 + signalNumber(signal));
        return;
      }
      resolve(code ?? ExitCode.failure);
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}
