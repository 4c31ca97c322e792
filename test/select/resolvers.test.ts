// The selection contract (resolver-contract.ts) for the CLI (`gvx current --json`), the go
// shim (POSIX sh) and the bash hook's resolver; the zsh and fish hooks' in
// resolvers-zsh-fish.e2e.test.ts.

import { describeResolverContract } from './resolver-contract.js';

describeResolverContract('selection: one table, every resolver (CLI, sh shim, bash hook)', ['cli', 'shim', 'bash']);
