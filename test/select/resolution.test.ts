// The selection table (resolution-cases.ts) through the TypeScript resolver and the sh shim,
// on synthetic installs: no real toolchain needed. resolution-real.e2e.test.ts runs the same
// table with Debian's real Go toolchains linked in.

import { describeResolutionTable } from './resolution-check.js';

describeResolutionTable('selection: one table, two resolvers (TypeScript and the sh shim), synthetic installs', () => new Map());
