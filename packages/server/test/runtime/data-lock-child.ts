/**
 * A process for data-lock.test.ts, driven by lines on stdin:
 *   lock <dir>  -> "won <pid>" | "refused <message>" | "error <message>"
 *   release     -> "released"  (releases every lock this process holds)
 * It starts with "ready" and exits when stdin closes.
 */
import { createInterface } from 'node:readline';
import { DataDirLockedError, lockDataDir } from '../../src/app/data-lock.js';

const releases: Array<() => void> = [];
const say = (line: string): void => void process.stdout.write(`${line}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, ...rest] = line.split(' ');
  if (cmd === 'lock') {
    try {
      releases.push(lockDataDir(rest.join(' ')));
      say(`won ${process.pid}`);
    } catch (err) {
      say(`${err instanceof DataDirLockedError ? 'refused' : 'error'} ${(err as Error).message}`);
    }
  } else if (cmd === 'release') {
    for (const release of releases.splice(0)) release();
    say('released');
  }
});
say('ready');
