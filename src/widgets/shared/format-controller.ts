import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { dateTimeFormat, numberFormat, relativeTimeFormat } from './intl-cache.js';

export interface FormatSettings {
  /** BCP 47 locale; empty means the page's (`<html lang>`, then the browser's). */
  locale?: string;
  /** ISO 4217 code. Default USD. */
  currency?: string;
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** The locale the page asks for: `<html lang>`, else the browser's. */
export function pageLocale(): string {
  // A server renderer's DOM shim has a `document` without a `documentElement`.
  const lang = typeof document !== 'undefined' ? (document.documentElement?.lang ?? '') : '';
  return lang || (typeof navigator !== 'undefined' ? navigator.language : 'en-US');
}

function safeLocale(locale: string | undefined): string {
  const wanted = locale || pageLocale();
  try {
    return Intl.getCanonicalLocales(wanted)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/**
 * `Intl.NumberFormat` accepts any well-formed ISO 4217 code (three ASCII letters) and throws on
 * the rest; the same test by pattern spares each widget a throwaway formatter in another locale,
 * whose locale data the first widget on a page would otherwise load while the page starts.
 */
function safeCurrency(currency: string | undefined): string {
  const code = (currency || 'USD').toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'USD';
}

/** Widgets that format in the page's locale, updated when `<html lang>` changes. */
const followingPageLocale = new Set<ReactiveControllerHost>();
let langObserver: MutationObserver | undefined;

function followPageLocale(host: ReactiveControllerHost): void {
  // A server renderer has nothing to observe, and never disconnects what it renders.
  if (typeof MutationObserver === 'undefined' || typeof document === 'undefined' || !document.documentElement) return;
  followingPageLocale.add(host);
  if (langObserver) return;
  langObserver = new MutationObserver(() => {
    for (const each of followingPageLocale) each.requestUpdate();
  });
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

function unfollowPageLocale(host: ReactiveControllerHost): void {
  followingPageLocale.delete(host);
  if (followingPageLocale.size === 0) {
    langObserver?.disconnect();
    langObserver = undefined;
  }
}

/**
 * The formats nearly every widget shows, built ahead by `prepareCommonFormats`: one of each kind
 * of `Intl` formatter first (each kind's first costs the most), then the cheap variants.
 */
const COMMON_FORMATS: Array<(format: FormatController) => unknown> = [
  (format) => format.price(1000),
  (format) => format.time(0),
  (format) => format.relativeTime(0, 0),
  (format) => format.price(0.5),
  (format) => format.money(1),
  (format) => format.money(1, { signed: true }),
  (format) => format.percentPoints(1),
  (format) => format.fraction(0.5),
  (format) => format.number(1),
];
const preparedFormats = new Set<string>();

/**
 * Builds the common formats of a locale and currency once per page, each in a task of its own,
 * as soon as the first widget using them connects: while the widgets wait for their data. The
 * page's first `Intl` formatter loads the locale's data (tens of ms on a phone), and the first of
 * each other kind costs a few ms more; built here, that work no longer lands in the first render
 * with data, which on a phone made it the page's longest task. (An idle callback came too late:
 * a starting page has no idle time before its data arrives.)
 */
function prepareCommonFormats(format: FormatController): void {
  if (typeof document === 'undefined') return;
  const steps = [...COMMON_FORMATS];
  const work = (): void => {
    steps.shift()?.(format);
    if (steps.length > 0) setTimeout(work, 0);
  };
  // Read a task later: by then the host's first update has applied its own locale and currency.
  setTimeout(() => {
    const key = `${format.locale}|${format.currency}`;
    if (preparedFormats.has(key)) return;
    preparedFormats.add(key);
    work();
  }, 0);
}

/**
 * Every number, price, percentage and time a widget shows goes through here, so `locale` and
 * `currency` work the same everywhere. Formatters come from the page-wide cache (`intl-cache.ts`);
 * each controller also keeps the ones it uses by name, dropped when the host's locale or currency changes.
 */
export class FormatController implements ReactiveController {
  #key = '';
  #cache = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
  #locale = 'en-US';
  #currency = 'USD';

  /**
   * @param onChange Called from the host's update when the locale or currency in effect changed
   *   (not on the first), before it renders: for views that keep formatted text of their own.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly settings: () => FormatSettings,
    private readonly onChange?: () => void,
  ) {
    host.addController(this);
    this.hostUpdate();
  }

  hostConnected(): void {
    followPageLocale(this.host);
    prepareCommonFormats(this);
  }

  hostDisconnected(): void {
    unfollowPageLocale(this.host);
  }

  get locale(): string {
    return this.#locale;
  }

  get currency(): string {
    return this.#currency;
  }

  /** Whether the host asked for a locale or currency that `Intl` does not know. */
  invalidSettings(): string[] {
    const { locale, currency } = this.settings();
    const problems: string[] = [];
    if (locale) {
      try {
        Intl.getCanonicalLocales(locale);
      } catch {
        problems.push(`locale "${locale}" is not a valid BCP 47 tag`);
      }
    }
    if (currency && safeCurrency(currency) !== currency.toUpperCase()) problems.push(`currency "${currency}" is not an ISO 4217 code`);
    return problems;
  }

  hostUpdate(): void {
    const { locale, currency } = this.settings();
    // The page's language counts only where it is the one in effect: a widget with a locale of its
    // own keeps its formatters (and its rows) when `<html lang>` changes.
    const key = `${locale || pageLocale()}|${currency ?? ''}`;
    if (key === this.#key) return;
    const first = this.#key === '';
    this.#key = key;
    this.#cache.clear();
    this.#locale = safeLocale(locale);
    this.#currency = safeCurrency(currency);
    if (!first) this.onChange?.();
  }

  #number(id: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let format = this.#cache.get(id) as Intl.NumberFormat | undefined;
    if (!format) {
      format = numberFormat(this.#locale, options);
      this.#cache.set(id, format);
    }
    return format;
  }

  /** A price: more decimals for small prices, so $0.000012 does not read as $0.00. */
  price(value: number): string {
    const abs = Math.abs(value);
    const digits = abs >= 1000 ? 2 : abs >= 1 ? 2 : abs >= 0.01 ? 4 : 8;
    return this.#number(`price${digits}`, { style: 'currency', currency: this.#currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }

  /** An amount of money, two decimals. */
  money(value: number, options: { signed?: boolean } = {}): string {
    return this.#number(`money${options.signed ? '+' : ''}`, {
      style: 'currency',
      currency: this.#currency,
      signDisplay: options.signed ? 'exceptZero' : 'auto',
    }).format(value);
  }

  /** A large amount of money in short form ($1.2T). */
  compactMoney(value: number): string {
    return this.#number('compact', { style: 'currency', currency: this.#currency, notation: 'compact', maximumFractionDigits: 2 }).format(value);
  }

  /** A percentage given in percent points (`-2.5` → "−2.50 %"), signed. */
  percentPoints(value: number, digits = 2): string {
    return this.#number(`pp${digits}`, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value / 100);
  }

  /** A fraction as a percentage (`0.25` → "25 %"). */
  fraction(value: number, digits = 1): string {
    return this.#number(`fr${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }

  /** A plain number. */
  number(value: number, maximumFractionDigits = 2): string {
    return this.#number(`n${maximumFractionDigits}`, { maximumFractionDigits }).format(value);
  }

  /** "12 s ago", "in 5 s", from a timestamp and now. */
  relativeTime(timestamp: number, now = Date.now()): string {
    let format = this.#cache.get('rel') as Intl.RelativeTimeFormat | undefined;
    if (!format) {
      format = relativeTimeFormat(this.#locale, { numeric: 'auto', style: 'short' });
      this.#cache.set('rel', format);
    }
    const diff = timestamp - now;
    for (const [unit, ms] of RELATIVE_UNITS) {
      if (Math.abs(diff) >= ms || unit === 'second') return format.format(Math.round(diff / ms), unit);
    }
    return format.format(0, 'second');
  }

  /** A clock time (14:05:09) in the locale's form. */
  time(timestamp: number): string {
    let format = this.#cache.get('time') as Intl.DateTimeFormat | undefined;
    if (!format) {
      format = dateTimeFormat(this.#locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      this.#cache.set('time', format);
    }
    return format.format(timestamp);
  }
}
