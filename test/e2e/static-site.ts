import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json',
  '.json': 'application/json', '.css': 'text/css',
};

export interface StaticSite {
  url: string;
  /** Paths the browser asked for, in order (for tests that check what a page loaded). */
  requests: string[];
  /** Content-Security-Policy violation reports the browser posted to `/csp-report`. */
  cspReports: unknown[];
  close(): Promise<void>;
}

/**
 * A plain static host on a free port: each URL prefix maps to a folder on disk, and some pages are
 * generated in memory. `headers` go on every response (a Content-Security-Policy, say), the way a
 * site's own server would send them.
 */
export async function serveSite(options: {
  mounts: Record<string, string>;
  pages?: Record<string, string | (() => string)>;
  headers?: Record<string, string>;
}): Promise<StaticSite> {
  const requests: string[] = [];
  const cspReports: unknown[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/csp-report') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        try {
          cspReports.push(JSON.parse(body));
        } catch {
          cspReports.push(body);
        }
        res.writeHead(204).end();
      });
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    requests.push(path);
    const headers = { ...options.headers, 'cache-control': 'no-store' };
    const page = options.pages?.[path];
    if (page !== undefined) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html']! }).end(typeof page === 'function' ? page() : page);
      return;
    }
    if (path === '/favicon.ico') {
      // Every real site has one; a 404 here would be the test site's console error, not the widgets'.
      res.writeHead(204, headers).end();
      return;
    }
    const prefix = Object.keys(options.mounts).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
    const file = prefix === undefined ? undefined : join(options.mounts[prefix]!, path.slice(prefix.length));
    if (!file || path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cspReports,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * The policy issue 8 asks the bundle to live under: nothing inline, no eval, Trusted Types for
 * lit-html only. `report-uri` loosens nothing; it makes every violation, even one the page's code
 * catches (an eval probe, say), reach the test.
 */
export function strictCsp(feedUrl: string): string {
  const ws = feedUrl.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    `connect-src ${feedUrl} ${ws}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html crw-socket-worker',
    'report-uri /csp-report',
  ].join('; ');
}
