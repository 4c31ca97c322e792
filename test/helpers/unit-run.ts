// Loaded first by `npm run test:unit` (.mocharc.unit.json "require"): marks the run as one
// that may use no apt package, so that apt-tools.ts fails any test that reaches for one.

import { UNIT_RUN_VARIABLE } from './apt-tools.js';

process.env[UNIT_RUN_VARIABLE] = '1';
