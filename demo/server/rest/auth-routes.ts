import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { DEMO_USER } from '../auth/principal.js';
import type { FeedContext } from '../context.js';
import { HttpError, parse } from './http.js';

const demoTokenBodySchema = z.optional(z.strictObject({}));

/**
 * `POST /api/demo/token`, only with `demoAuth`: a short-lived token for the demo user, so the demo
 * dashboard can sign in without an identity provider. Never enable it on a public server: anyone
 * who can reach it acts as the demo user.
 */
export function authRoutes(app: FastifyInstance, ctx: FeedContext): void {
  if (!ctx.options.demoAuth) return;
  app.post('/api/demo/token', async (req, reply) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'send content-type: application/json');
    parse(demoTokenBodySchema, req.body);
    const { token, expiresAt } = await ctx.tokens.mint(DEMO_USER, ctx.options.demoTokenTtlS, ctx.now());
    await ctx.users.touch(DEMO_USER, ctx.now());
    return reply.code(200).header('cache-control', 'no-store').send({ token, userId: DEMO_USER, expiresAt });
  });
}
