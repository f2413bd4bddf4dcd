/// <reference lib="webworker" />
declare const self: ServiceWorkerGlobalScope;

/** One cache as the inspect API reports it. */
export interface CacheReport {
  name: string;
  entries: number;
  /** Up to the first 50 URLs, for a person to look at. */
  urls: string[];
}

export interface WorkerReport {
  version: string;
  scope: string;
  state: ServiceWorkerState | 'unknown';
  /** Which workers the registration holds right now. */
  registration: { installing: boolean; waiting: boolean; active: boolean };
  caches: CacheReport[];
  /** The offline edits waiting to be sent (the worker adds them to the report). */
  queuedEdits?: Array<{ seq?: number; kind: string; label: string; method: string; url: string; createdAt: number; userId?: string }>;
  /** Whose token the worker holds to replay queued edits with, and until when (never the token itself). */
  replayCredential?: { userId: string | undefined; expiresAt: number } | null;
}

export async function listCaches(): Promise<CacheReport[]> {
  const names = await caches.keys();
  return Promise.all(
    names.map(async (name) => {
      const keys = await (await caches.open(name)).keys();
      return { name, entries: keys.length, urls: keys.slice(0, 50).map((request) => request.url) };
    }),
  );
}

export async function inspectWorker(version: string): Promise<WorkerReport> {
  const registration = self.registration;
  return {
    version,
    scope: registration.scope,
    state: self.serviceWorker?.state ?? 'unknown',
    registration: { installing: !!registration.installing, waiting: !!registration.waiting, active: !!registration.active },
    caches: await listCaches(),
  };
}
