/** The parts of the library that log, each under its own namespace. */
export const LOG_NAMESPACES = ['socket', 'api', 'query', 'sw', 'perf'] as const;
export type LogNamespace = (typeof LOG_NAMESPACES)[number];

/** Where a {@link Logger} writes; `console` by default. */
export type LogWriter = (prefix: string, message: string, details?: unknown) => void;

const consoleWriter: LogWriter = (prefix, message, details) => {
  if (details === undefined) console.debug(prefix, message);
  else console.debug(prefix, message, details);
};

/** Options of {@link Logger}. */
export interface LoggerOptions {
  /** Shown in every line, e.g. the provider's id, so two providers' lines can be told apart. */
  label?: string;
  /** Off by default. */
  enabled?: boolean;
  /** Namespaces to write when enabled. Default: all of {@link LOG_NAMESPACES}. */
  namespaces?: readonly LogNamespace[];
  write?: LogWriter;
}

/**
 * One consumer's debug log (one per `<crypto-data-provider>`): off by default, filtered by
 * namespace, each line prefixed `[crw:<namespace>]` (plus the label when given).
 *
 * @example
 * const logger = new Logger({ label: 'main', enabled: true, namespaces: ['socket', 'api'] });
 * logger.log('api', 'GET /api/assets 200 in 12 ms');
 */
export class Logger {
  readonly label: string | undefined;
  #enabled: boolean;
  #namespaces: Set<LogNamespace>;
  readonly #write: LogWriter;

  constructor(options: LoggerOptions = {}) {
    this.label = options.label;
    this.#enabled = options.enabled ?? false;
    this.#namespaces = new Set(options.namespaces ?? LOG_NAMESPACES);
    this.#write = options.write ?? consoleWriter;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  setEnabled(on: boolean): void {
    this.#enabled = on;
  }

  /** Limits the namespaces written; unknown names are refused with a TypeError. */
  setNamespaces(namespaces: readonly LogNamespace[]): void {
    const bad = namespaces.filter((n) => !(LOG_NAMESPACES as readonly string[]).includes(n));
    if (bad.length) throw new TypeError(`Unknown log namespace ${bad.map((b) => `"${b}"`).join(', ')}; known: ${LOG_NAMESPACES.join(', ')}.`);
    this.#namespaces = new Set(namespaces);
  }

  /** Whether a line of this namespace would be written now. */
  wants(namespace: LogNamespace): boolean {
    return this.#enabled && this.#namespaces.has(namespace);
  }

  log(namespace: LogNamespace, message: string, details?: unknown): void {
    if (!this.wants(namespace)) return;
    try {
      this.#write(`[crw:${namespace}${this.label ? ` ${this.label}` : ''}]`, message, details);
    } catch {
      // Logging must never break what it describes.
    }
  }
}

/**
 * Fans lines from shared parts (one socket, one API client, one cache serving several providers)
 * out to every attached logger, so each provider's own setting decides what it sees.
 */
export class LogHub {
  readonly #loggers = new Set<Logger>();

  /** Attaches a logger; returns its remover. */
  attach(logger: Logger): () => void {
    this.#loggers.add(logger);
    return () => this.#loggers.delete(logger);
  }

  /** Whether any attached logger would write this namespace (so callers can skip building a line). */
  wants(namespace: LogNamespace): boolean {
    for (const logger of this.#loggers) if (logger.wants(namespace)) return true;
    return false;
  }

  emit(namespace: LogNamespace, message: string, details?: unknown): void {
    for (const logger of this.#loggers) logger.log(namespace, message, details);
  }
}
