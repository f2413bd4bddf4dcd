/** Whether a request or WebSocket from `origin` (the Origin header, if any) is served. */
export type OriginRule = (origin: string | undefined) => boolean;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost'));
  } catch {
    return false;
  }
}

/**
 * The origin allowlist. Unset: pages on this machine only (any port on localhost, 127.0.0.1,
 * [::1]), which covers the demo and development, plus clients that send no Origin (servers,
 * scripts). A list: exactly those origins, and an Origin header is required. `*`: anyone.
 */
export function originRule(list: readonly string[] | undefined): OriginRule {
  if (list?.includes('*')) return () => true;
  if (list) {
    const allowed = new Set(list.map((o) => o.replace(/\/+$/, '')));
    return (origin) => origin !== undefined && allowed.has(origin);
  }
  return (origin) => origin === undefined || isLoopback(origin);
}
