// The selection contract (resolver-contract.ts) for the zsh and fish hooks' resolvers (zsh and
// fish are apt packages); the CLI, the shim and bash in resolvers.test.ts.

import { describeResolverContract } from './resolver-contract.js';

describeResolverContract('selection: one table, every resolver (zsh and fish hooks)', ['zsh', 'fish']);
