/**
 * Request loggers made only when something is logged. fastify gives every
 * request a child logger bound to its request id; pino's child() costs
 * about 2 µs, and at the usual levels most requests log nothing (with
 * LOG_LEVEL=warn, none that succeed). This child logger factory hands out a
 * stand-in that creates the real child on the first call of a level the
 * parent has enabled, and forwards everything to it from then on; what is
 * logged, and with which bindings, is what the plain child would log.
 *
 * A child with its own options (a route's `logLevel`) or of a parent that is
 * not a pino logger (no `isLevelEnabled`) is created at once, as fastify
 * would.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type PinoLike = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

function isPinoLike(logger: FastifyBaseLogger): logger is PinoLike {
  return typeof (logger as Partial<PinoLike>).isLevelEnabled === 'function';
}

class LazyRequestLogger implements FastifyBaseLogger {
  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: PinoLike,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return (this.real ?? this.parent).level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  /** Called by the level methods. */
  log(level: Level, args: unknown[]): void {
    if (this.real === undefined && !this.parent.isLevelEnabled(level)) return;
    const logger = this.logger();
    (logger[level] as (this: FastifyBaseLogger, ...a: unknown[]) => void).apply(logger, args);
  }

  private logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings);
    return this.real;
  }
}

for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const) {
  LazyRequestLogger.prototype[level] = function (this: LazyRequestLogger, ...args: unknown[]): void {
    this.log(level, args);
  } as LogFn;
}

/** fastify's `childLoggerFactory` option. */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || !isPinoLike(logger)) return logger.child(bindings, options);
  return new LazyRequestLogger(logger, bindings);
}
