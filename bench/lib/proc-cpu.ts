/**
 * CPU time of a process (all its threads) and of its main thread, from
 * /proc (Linux; null elsewhere): how much server work one request costs,
 * next to the req/s that a shared machine makes noisy.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const TICKS_PER_S = 100;

export interface CpuTimes {
  /** user + system, ms, every thread. */
  readonly totalMs: number;
  /** user + system, ms, the main (JavaScript) thread. */
  readonly mainMs: number;
}

function ticksOf(statPath: string): number {
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

export function cpuTimes(pid: number): CpuTimes | null {
  try {
    return {
      totalMs: (ticksOf(`/proc/${pid}/stat`) * 1000) / TICKS_PER_S,
      mainMs: (ticksOf(`/proc/${pid}/task/${pid}/stat`) * 1000) / TICKS_PER_S,
    };
  } catch {
    return null;
  }
}
