import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { alertRuleCreateSchema, alertsQuerySchema, idSchema } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { newId } from '../store/ids.js';
import { notFound, parse, route } from './http.js';

const idParamsSchema = z.strictObject({ id: idSchema });

export function alertRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const auth = { authenticate: ctx.authenticate, mode: 'required' } as const;
  const write = { idempotency: { store: ctx.idempotency, now: ctx.now }, auth };

  // Signed out, the public stream (market alerts); signed in, the user's own stream.
  route(
    app,
    'GET',
    '/api/alerts',
    async (req, user) => ({ status: 200, body: await ctx.alerts.list(user, parse(alertsQuerySchema, req.query)) }),
    { auth: { authenticate: ctx.authenticate, mode: 'optional' } },
  );

  route(
    app,
    'POST',
    '/api/alerts/:id/ack',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      // The history answers whether the user has this alert and marks it read in one step.
      const alert = await ctx.alerts.acknowledge(user as string, id);
      if (!alert) throw notFound(`alert ${id}`, 'id');
      const { seq: _seq, ...body } = alert;
      return { status: 200, body };
    },
    write,
  );

  route(app, 'GET', '/api/alert-rules', async (_req, user) => ({ status: 200, body: { rules: await ctx.rules.list(user as string) } }), { auth });

  route(
    app,
    'POST',
    '/api/alert-rules',
    async (req, user) => {
      const input = parse(alertRuleCreateSchema, req.body);
      if (!ctx.simulator.has(input.assetId)) throw notFound(`asset ${input.assetId}`, 'assetId');
      const rule = await ctx.rules.create({ id: newId('r'), ...input, enabled: true, createdAt: ctx.now() }, user as string);
      ctx.ruleEngine.addRule(rule, user as string);
      return { status: 201, body: rule };
    },
    write,
  );

  route(
    app,
    'DELETE',
    '/api/alert-rules/:id',
    async (req, user) => {
      const { id } = parse(idParamsSchema, req.params);
      if (!(await ctx.rules.delete(user as string, id))) throw notFound(`alert rule ${id}`, 'id');
      ctx.ruleEngine.removeRule(id);
      return { status: 204 };
    },
    write,
  );
}
