import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonTooDeep, MAX_JSON_DEPTH, type RestErrorBody } from '../../../src/core/protocol/index.js';
import { StoreUnavailableError } from '../store/redis-user-data.js';
import { HttpError } from './http.js';

const body = (code: string, message: string): RestErrorBody => ({ error: { code, message } });

/** Longest request target (path and query) served; longer ones get a 414 in the shared shape. */
export const MAX_URL_LENGTH = 4096;

/**
 * Answers what Node's HTTP parser refuses before fastify sees a request (headers too large, a
 * malformed request) in the shared error shape, then closes the connection. Pass it as fastify's
 * `clientErrorHandler`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const text = JSON.stringify(
    tooLarge
      ? body('headers_too_large', 'request headers are too large')
      : status === 414
        ? body('uri_too_long', 'the request URL is too long')
        : body('bad_request', 'malformed HTTP request'),
  );
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 414 ? 'URI Too Long' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

/**
 * Answers what fastify's router refuses before any hook runs (a malformed percent-encoding, a path
 * parameter longer than the router keeps) in the shared error shape. Pass it as `frameworkErrors`.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(414).send(body('uri_too_long', 'a path segment of the request URL is too long'));
    return;
  }
  void reply.code(400).send(body('bad_request', error.code === 'FST_ERR_BAD_URL' ? 'the request URL is not validly percent-encoded' : 'malformed request'));
}

/** Maps every failure, ours or fastify's, onto the shared error body; the server keeps serving. */
export function installErrorHandling(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > MAX_URL_LENGTH) {
      return reply.code(414).send(body('uri_too_long', `the request URL is longer than ${MAX_URL_LENGTH} characters`));
    }
  });

  // JSON bodies: an empty body is no body (a DELETE may carry the header with nothing after it),
  // and a parse failure is a readable 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const source = String(text);
    if (source.trim() === '') return done(null, undefined);
    if (jsonTooDeep(source)) return done(new HttpError(400, 'bad_request', `request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
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
    if (error instanceof StoreUnavailableError) {
      // Nothing was written or the write is unknown; a retry with the same Idempotency-Key is safe.
      return reply.code(503).header('retry-after', '1').send(body('unavailable', 'the data store is unavailable; retry shortly'));
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
