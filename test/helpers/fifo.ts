// A named pipe where a hostile clone or home could plant one: the file that blocks a plain read.

import { runSyncOk } from './run-sync.js';

export function makeFifo(path: string): void {
  runSyncOk('mkfifo', [path]);
}
