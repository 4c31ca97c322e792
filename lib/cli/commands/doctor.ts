// Placeholder until the doctor command lands (being written in this session).
import { UnsupportedError } from '../../errors.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: '(doctor: not available yet)',
  usage: 'gvx doctor',
  async run() {
    throw new UnsupportedError('gvx doctor is not available yet');
  },
};
