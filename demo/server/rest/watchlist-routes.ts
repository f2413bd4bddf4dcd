import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { assetIdSchema } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { notFound, parse, route } from './http.js';

const assetParamsSchema = z.strictObject({ assetId: assetIdSchema });

export function watchlistRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const auth = { authenticate: ctx.authenticate, mode: 'required' } as const;
  const write = { idempotency: { store: ctx.idempotency, now: ctx.now }, auth };

  route(app, 'GET', '/api/watchlist', async (_req, user) => ({ status: 200, body: { items: await ctx.watchlist.list(user as string) } }), { auth });

  route(
    app,
    'PUT',
    '/api/watchlist/:assetId',
    async (req, user) => {
      const { assetId } = parse(assetParamsSchema, req.params);
      if (!ctx.simulator.has(assetId)) throw notFound(`asset ${assetId}`, 'assetId');
      const { item, created } = await ctx.watchlist.add(user as string, assetId, ctx.now());
      return { status: created ? 201 : 200, body: item };
    },
    write,
  );

  route(
    app,
    'DELETE',
    '/api/watchlist/:assetId',
    async (req, user) => {
      const { assetId } = parse(assetParamsSchema, req.params);
      if (!(await ctx.watchlist.remove(user as string, assetId))) throw notFound(`watchlist item ${assetId}`, 'assetId');
      return { status: 204 };
    },
    write,
  );
}
