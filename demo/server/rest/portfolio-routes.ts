import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import {
  idSchema,
  portfolioCreateSchema,
  portfolioPatchSchema,
  type FieldIssue,
  type Holding,
  type Portfolio,
} from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { newId } from '../store/ids.js';
import { HttpError, notFound, parse, route } from './http.js';

const idParamsSchema = z.strictObject({ id: idSchema });

export function portfolioRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const idem = { store: ctx.idempotency, now: ctx.now };
  const feed = ctx.portfolioFeed;

  const checkAssets = (holdings: readonly Holding[] | undefined) => {
    const issues: FieldIssue[] = [];
    holdings?.forEach((h, i) => {
      if (!ctx.simulator.has(h.assetId)) issues.push({ path: `holdings.${i}.assetId`, message: `unknown asset "${h.assetId}"` });
    });
    if (issues.length) throw new HttpError(400, 'validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  };

  const existing = (id: string): Portfolio => {
    const p = ctx.portfolios.get(id);
    if (!p) throw notFound(`portfolio ${id}`, 'id');
    return p;
  };

  route(app, 'GET', '/api/portfolios', () => ({ status: 200, body: { portfolios: ctx.portfolios.list() } }));

  route(
    app,
    'POST',
    '/api/portfolios',
    (req) => {
      const input = parse(portfolioCreateSchema, req.body);
      checkAssets(input.holdings);
      const now = ctx.now();
      const portfolio = ctx.portfolios.create({ id: newId('p'), name: input.name, holdings: input.holdings, createdAt: now, updatedAt: now });
      feed.upsert(portfolio);
      return { status: 201, body: portfolio };
    },
    idem,
  );

  route(app, 'GET', '/api/portfolios/:id', (req) => {
    const { id } = parse(idParamsSchema, req.params);
    return { status: 200, body: existing(id) };
  });

  route(app, 'GET', '/api/portfolios/:id/live', (req) => {
    const { id } = parse(idParamsSchema, req.params);
    existing(id);
    return { status: 200, body: feed.live(id) };
  });

  route(
    app,
    'PATCH',
    '/api/portfolios/:id',
    (req) => {
      const { id } = parse(idParamsSchema, req.params);
      const patch = parse(portfolioPatchSchema, req.body);
      existing(id);
      checkAssets(patch.holdings);
      const updated = ctx.portfolios.update(id, patch, ctx.now());
      if (!updated) throw notFound(`portfolio ${id}`, 'id');
      feed.upsert(updated);
      return { status: 200, body: updated };
    },
    idem,
  );

  route(
    app,
    'DELETE',
    '/api/portfolios/:id',
    (req) => {
      const { id } = parse(idParamsSchema, req.params);
      if (!ctx.portfolios.delete(id)) throw notFound(`portfolio ${id}`, 'id');
      feed.remove(id);
      return { status: 204 };
    },
    idem,
  );
}
