export declare const REDIS_SERVER: string;

/** A free loopback TCP port (redis-server cannot pick one itself). */
export declare function freePort(): Promise<number>;

/**
 * A real redis-server on a free port with AOF on, in a temporary directory; `restart` stops it
 * (SIGTERM, so the AOF is complete) and starts it again on the same port and data. `args` are
 * added to the command line (e.g. `['--appendonly', 'no']`).
 */
export declare class RedisProcess {
  readonly dir: string;
  port: number;
  readonly args: readonly string[];
  constructor(args?: readonly string[]);
  get url(): string;
  /** Starts on a free port (a new one when the first is taken meanwhile). */
  start(): Promise<void>;
  /** Stops and starts again on the same port with the same data directory. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server, keeping its data. */
  stop(): Promise<void>;
  /** Deletes the data (the AOF) while stopped: the next start is an empty Redis. */
  wipe(): Promise<void>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/** A started RedisProcess; `destroy()` stops it and removes its data. */
export declare function startRedis(args?: readonly string[]): Promise<RedisProcess>;
