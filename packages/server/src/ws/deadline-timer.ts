/**
 * One timer that fires at the earliest deadline asked for: `by(at)` only
 * ever moves it earlier, and never later than `maxWaitMs` from now (a safety
 * net for a wall clock that jumps, which timers do not notice). Unref'd, so
 * it never keeps the process alive. The hub's price refresh uses it.
 */

/** setTimeout's longest delay (about 24.8 days); longer ones fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined;
  /** Clock time (ms) the timer is set for; Infinity while it is not set. */
  private at = Infinity;

  constructor(
    private readonly fire: () => void,
    private readonly maxWaitMs: number,
  ) {}

  /** Fire at `at` (clock ms) at the latest, and within maxWaitMs of `now` in any case. */
  by(at: number, now: number): void {
    const due = Math.min(at, now + this.maxWaitMs);
    if (this.timer !== undefined && this.at <= due) return;
    this.stop();
    this.at = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.at = Infinity;
      this.fire();
    }, Math.min(Math.max(0, due - now), MAX_TIMEOUT_MS));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Infinity;
  }
}
