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
  const auth = { authenticate: ctx.authenticate, mode: 'required' } as const;
  const write = { idempotency: { store: ctx.idempotency, now: ctx.now }, auth };
  const feed = ctx.portfolioFeed;

  const checkAssets = (holdings: readonly Holding[] | undefined) => {
    const issues: FieldIssue[] = [];
    holdings?.forEach((h, i) => {
      if (!ctx.simulator.has(h.assetId)) issues.push({ path: `holdings.${i}.assetId`, message: `unknown asset "${h.assetId}"` });
    });
    if (issues.length) throw new HttpError(400, 'validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  };

  // Another user's portfolio answers exactly like a missing one, so ids reveal nothing.
  const existing = async (id: string, user: string | undefined): Promise<Portfolio> => {
    const p = (await ctx.portfolios.ownerOf(id)) === user ? await ctx.portfolios.get(id) : undefined;
    if (!p) throw notFound(`portfolio ${id}`, 'id');
    return p;
  };

  route(app, 'GET', '/api/portfolios', async (_req, user) => ({ status: 200, body: { portfolios: await ctx.portfolios.list(user as string) } }), { auth });

  route(
    app,
    'POST',
    '/api/portfolios',
    async (req, user) => {
      const input = parse(portfolioCreateSchema, req.body);
      checkAssets(input.holdings);
      const limit = ctx.options.maxPortfoliosPerUser;
      const now = ctx.now();
      const draft = { id: newId('p'), name: input.name, holdings: input.holdings, createdAt: now, updatedAt: now };
      // The count and the write are one step in the store, so concurrent creates cannot pass the limit.
      const portfolio = await ctx.portfolios.create(draft, user as string, limit);
      if (!portfolio) throw new HttpError(409, 'limit_reached', `at most ${limit} portfolios per user; delete one first`);
      feed.upsert(portfolio, user as string);
      return { status: 201, body: portfolio };
    },
    write,
  );

  route(
    app,
    'GET',
    '/api/portfolios/:id',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      return { status: 200, body: await existing(id, user) };
    },
    { auth },
  );

  route(
    app,
    'GET',
    '/api/portfolios/:id/live',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      await existing(id, user);
      return { status: 200, body: feed.live(id) };
    },
    { auth },
  );

  route(
    app,
    'PATCH',
    '/api/portfolios/:id',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      const patch = parse(portfolioPatchSchema, req.body);
      await existing(id, user);
      checkAssets(patch.holdings);
      const updated = await ctx.portfolios.update(id, patch, ctx.now());
      if (!updated) throw notFound(`portfolio ${id}`, 'id');
      feed.upsert(updated, user as string);
      return { status: 200, body: updated };
    },
    write,
  );

  route(
    app,
    'DELETE',
    '/api/portfolios/:id',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      await existing(id, user);
      if (!(await ctx.portfolios.delete(id))) throw notFound(`portfolio ${id}`, 'id');
      feed.remove(id);
      return { status: 204 };
    },
    write,
  );
}
