import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { parseServerFrame, type ServerMessage } from '../../src/core/protocol/index.js';
import { createFeedServer, type FeedServer, type FeedServerOptions } from '../../demo/server/server.js';

/** An in-process server on a free loopback port, market stepped by hand unless asked otherwise. */
export function startServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  return createFeedServer({ port: 0, host: '127.0.0.1', db: ':memory:', autoStart: false, ...options });
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

const tokens = new WeakMap<FeedServer, Promise<string>>();

/** A token for the seeded demo user, minted once per server. */
export function demoToken(server: FeedServer): Promise<string> {
  let token = tokens.get(server);
  if (!token) {
    token = server.mintToken('demo');
    tokens.set(server, token);
  }
  return token;
}

/**
 * A JSON request as the library's ApiClient sends it: signed in as the demo user unless `token`
 * says otherwise (`null`: no Authorization header), and writes marked as JSON.
 */
export async function http<T = any>(
  server: FeedServer,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if ((body !== undefined || method !== 'GET') && !has('content-type')) headers['content-type'] = 'application/json';
  const token = options.token === undefined ? await demoToken(server) : options.token;
  if (token !== null && !has('authorization')) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A WebSocket client that checks every frame against the protocol and lets a test wait for one. */
export class Probe {
  readonly messages: ServerMessage[] = [];
  readonly socket: WebSocket;
  closeCode: number | undefined;
  closeReason = '';
  readonly closed: Promise<number>;
  readonly opened: Promise<void>;
  #waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void; from: number }[] = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve(code);
      }),
    );
    this.socket.on('error', () => {});
    this.socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'server frames are text');
      const parsed = parseServerFrame(data.toString());
      if (!parsed.ok) assert.fail(`server sent an invalid frame: ${parsed.message}\n${data.toString().slice(0, 500)}`);
      this.messages.push(parsed.message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.test(parsed.message)) return true;
        w.resolve(parsed.message);
        return false;
      });
    });
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Probe> {
    const probe = new Probe(url, options);
    await probe.opened;
    await probe.next((m) => m.type === 'welcome');
    return probe;
  }

  /** Connects and signs in with an `auth` frame (the demo user by default). */
  static async signedIn(server: FeedServer, token?: string, options: WebSocket.ClientOptions = {}): Promise<Probe> {
    const probe = await Probe.connect(server.wsUrl, options);
    const answer = probe.after((m) => m.type === 'authenticated' || m.type === 'error');
    probe.send({ type: 'auth', token: token ?? (await demoToken(server)) });
    const message = await answer;
    if (message.type !== 'authenticated') throw new Error(`sign-in failed: ${JSON.stringify(message)}`);
    return probe;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first message from index `from` on that passes `test`, waiting up to `timeoutMs`. */
  next<T extends ServerMessage = ServerMessage>(test: (m: ServerMessage) => boolean, timeoutMs = 10_000, from = 0): Promise<T> {
    const found = this.messages.slice(from).find(test);
    if (found) return Promise.resolve(found as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a message; got ${JSON.stringify(this.messages.slice(-5))}`)), timeoutMs);
      this.#waiters.push({
        test,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /** Waits for the answer to something sent now: only messages after the current count count. */
  after<T extends ServerMessage = ServerMessage>(test: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<T> {
    const from = this.messages.length;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; last: ${JSON.stringify(this.messages.slice(-3))}`)), timeoutMs);
      this.#waiters.push({
        test,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /** Sends a ping and waits for its pong: everything the server sent before it has arrived. */
  async sync(): Promise<void> {
    const id = `sync-${Math.random()}`;
    const pong = this.after((m) => m.type === 'pong' && m.id === id);
    this.send({ type: 'ping', id });
    await pong;
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
  }

  close(): Promise<number> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
    return this.closed;
  }
}

/** Polls until `check` is true. */
export async function waitUntil(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
