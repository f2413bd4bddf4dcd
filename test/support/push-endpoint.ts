// A push service on loopback for tests: it receives the feed server's encrypted Web Push
// requests, and the test decrypts them with the subscription's own keys (http_ece), as a browser's
// push service and browser would.
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
// @ts-expect-error http_ece ships no type declarations
import ece from 'http_ece';

export interface ReceivedPush {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface PushEndpoint {
  url: string;
  received: ReceivedPush[];
  /** Paths answered 410 Gone (an expired subscription). */
  gone: Set<string>;
  /** Resolves with the next request to `path` (or one already received after `from`). */
  next(path: string, from?: number, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

/** Records each request and answers 201, or 410 for a path in `gone`. */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const received: ReceivedPush[] = [];
  const gone = new Set<string>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(gone.has(req.url ?? '') ? 410 : 201).end();
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    gone,
    next(path, from = received.length, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(from).find((r) => r.path === path);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no push reached ${path} in ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser's side of a subscription: its ECDH key pair and auth secret. */
export function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

/** What the feed server pushes (demo/server/push), as the service worker gets it. */
export interface PushedAlert {
  type: 'alert';
  alert: { id: string; title: string; severity: string; portfolioId?: string };
  ack?: string;
}

export function decryptPush(body: Buffer, keys: ReturnType<typeof browserKeys>): PushedAlert {
  const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth.toString('base64url') }) as Buffer;
  return JSON.parse(plain.toString('utf8')) as PushedAlert;
}
