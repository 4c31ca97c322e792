// The selection table (resolution-cases.ts) through the TypeScript resolver and the sh shim,
// with Debian's real Go toolchains (golang-1.NN-go) standing in for the versions they provide:
// the shim must exec the real go.

import { debianToolchains } from '../helpers/debian-go.js';
import { describeResolutionTable } from './resolution-check.js';

describeResolutionTable('selection: one table, two resolvers (TypeScript and the sh shim), real toolchains', (ctx) => debianToolchains(ctx));
