import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { idSchema, marketMoversQuerySchema, riskTimeframeSchema } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { DEFAULT_MOVERS, marketMoversBody, marketSentimentBody } from '../risk/index.js';
import type { RiskFeed } from '../risk/risk-feed.js';
import { notFound, parse, route } from './http.js';

const idParamsSchema = z.strictObject({ id: idSchema });
const historyQuerySchema = z.strictObject({ timeframe: z.optional(riskTimeframeSchema) });

/** Portfolio risk (current and history) and the market's sentiment and movers. */
export function riskRoutes(app: FastifyInstance, ctx: FeedContext, risk: RiskFeed): void {
  const auth = { auth: { authenticate: ctx.authenticate, mode: 'required' } } as const;
  // The portfolio feed mirrors every portfolio with its owner, so risk reads need no store round trip.
  const owned = (id: string, user: string | undefined) => ctx.portfolioFeed.ownerOf(id) === user;

  route(
    app,
    'GET',
    '/api/portfolios/:id/risk',
    (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      const metrics = owned(id, user) ? risk.current(id) : undefined;
      if (!metrics) throw notFound(`portfolio ${id}`, 'id');
      return { status: 200, body: metrics };
    },
    auth,
  );

  route(
    app,
    'GET',
    '/api/portfolios/:id/risk/history',
    (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      const { timeframe = '24h' } = parse(historyQuerySchema, req.query);
      const history = owned(id, user) ? risk.history(id, timeframe) : undefined;
      if (!history) throw notFound(`portfolio ${id}`, 'id');
      return { status: 200, body: history };
    },
    auth,
  );

  const quotes = () => {
    const ts = ctx.now();
    return ctx.simulator.assets.map((_, i) => ctx.simulator.quoteAt(i, ts));
  };

  route(app, 'GET', '/api/market/sentiment', () => ({ status: 200, body: marketSentimentBody(quotes(), ctx.now()) }));

  route(app, 'GET', '/api/market/movers', (req) => {
    const { n = DEFAULT_MOVERS } = parse(marketMoversQuerySchema, req.query);
    return { status: 200, body: marketMoversBody(quotes(), n, ctx.now()) };
  });
}
