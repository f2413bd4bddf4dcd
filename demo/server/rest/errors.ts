import type { FastifyError, FastifyInstance } from 'fastify';
import type { RestErrorBody } from '../../../src/core/protocol/index.js';
import { HttpError } from './http.js';

const body = (code: string, message: string): RestErrorBody => ({ error: { code, message } });

/** Maps every failure, ours or fastify's, onto the shared error body; the server keeps serving. */
export function installErrorHandling(app: FastifyInstance): void {
  // JSON bodies: an empty body is no body (a DELETE may carry the header with nothing after it),
  // and a parse failure is a readable 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const source = String(text);
    if (source.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(source));
    } catch (err) {
      done(new HttpError(400, 'bad_request', `request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.status === 401) reply.header('www-authenticate', `Bearer error="${error.code === 'token_expired' ? 'invalid_token' : 'invalid_request'}"`);
      return reply.code(error.status).send(error.toBody());
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(body('payload_too_large', 'request body is too large'));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(body('unsupported_media_type', `unsupported content type: ${request.headers['content-type'] ?? 'none'}; send application/json`));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send(body('bad_request', fe.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    if (!process.env.NODE_TEST_CONTEXT) console.error(`feed server: ${request.method} ${request.url} failed:`, error);
    return reply.code(500).send(body('internal', 'internal server error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
