import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { assetIdSchema } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { notFound, parse, route } from './http.js';

const assetParamsSchema = z.strictObject({ assetId: assetIdSchema });

export function watchlistRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const idem = { store: ctx.idempotency, now: ctx.now };

  route(app, 'GET', '/api/watchlist', () => ({ status: 200, body: { items: ctx.watchlist.list() } }));

  route(
    app,
    'PUT',
    '/api/watchlist/:assetId',
    (req) => {
      const { assetId } = parse(assetParamsSchema, req.params);
      if (!ctx.simulator.has(assetId)) throw notFound(`asset ${assetId}`, 'assetId');
      const { item, created } = ctx.watchlist.add(assetId, ctx.now());
      return { status: created ? 201 : 200, body: item };
    },
    idem,
  );

  route(
    app,
    'DELETE',
    '/api/watchlist/:assetId',
    (req) => {
      const { assetId } = parse(assetParamsSchema, req.params);
      if (!ctx.watchlist.remove(assetId)) throw notFound(`watchlist item ${assetId}`, 'assetId');
      return { status: 204 };
    },
    idem,
  );
}
