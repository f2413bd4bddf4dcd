import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { alertRuleCreateSchema, alertsQuerySchema, idSchema } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { newId } from '../store/ids.js';
import { notFound, parse, route } from './http.js';

const idParamsSchema = z.strictObject({ id: idSchema });

export function alertRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const idem = { store: ctx.idempotency, now: ctx.now };

  route(app, 'GET', '/api/alerts', (req) => {
    const query = parse(alertsQuerySchema, req.query);
    return { status: 200, body: ctx.alerts.list(query) };
  });

  route(
    app,
    'POST',
    '/api/alerts/:id/ack',
    (req) => {
      const { id } = parse(idParamsSchema, req.params);
      const alert = ctx.alerts.acknowledge(id);
      if (!alert) throw notFound(`alert ${id}`, 'id');
      const { seq: _seq, ...body } = alert;
      return { status: 200, body };
    },
    idem,
  );

  route(app, 'GET', '/api/alert-rules', () => ({ status: 200, body: { rules: ctx.rules.list() } }));

  route(
    app,
    'POST',
    '/api/alert-rules',
    (req) => {
      const input = parse(alertRuleCreateSchema, req.body);
      if (!ctx.simulator.has(input.assetId)) throw notFound(`asset ${input.assetId}`, 'assetId');
      const rule = ctx.rules.create({ id: newId('r'), ...input, enabled: true, createdAt: ctx.now() });
      ctx.ruleEngine.addRule(rule);
      return { status: 201, body: rule };
    },
    idem,
  );

  route(
    app,
    'DELETE',
    '/api/alert-rules/:id',
    (req) => {
      const { id } = parse(idParamsSchema, req.params);
      if (!ctx.rules.delete(id)) throw notFound(`alert rule ${id}`, 'id');
      ctx.ruleEngine.removeRule(id);
      return { status: 204 };
    },
    idem,
  );
}
