// What `gvx doctor --json` prints, as the doctor tests (unit and e2e) read it.

import type { DoctorCheck } from '../../lib/verify/doctor-checks.js';

export interface JsonReport {
  ok: boolean;
  version: string | null;
  checks: DoctorCheck[];
}

/** A literal string inside a RegExp. */
export const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
