/**
 * Bodies on GET: fastify does not read them, but some clients send their
 * parameters as a JSON body on GET too. For a GET (or HEAD) that carries a
 * body, this hook reads it (within the body limit) with the same lenient
 * parser, so its parameters join the query's. Reads only: the order paths
 * (POST/DELETE) never pass here, so their arrival order is untouched.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { parseBody } from './body-parser.js';

function hasBody(request: FastifyRequest): boolean {
  const h = request.headers;
  return (h['content-length'] !== undefined && h['content-length'] !== '0') || h['transfer-encoding'] !== undefined;
}

function readAll(request: FastifyRequest, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const raw = request.raw;
    raw.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        raw.removeAllListeners('data');
        raw.resume();
        reject(new ApiError('PAYLOAD_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    });
    raw.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    raw.on('error', reject);
  });
}

export function installGetBodyReader(app: FastifyInstance, limit: number): void {
  // Callback style: the common case (no body) costs no promise.
  app.addHook('preValidation', (request, _reply, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !hasBody(request) || request.body !== undefined) {
      done();
      return;
    }
    readAll(request, limit).then(
      (text) => {
        try {
          request.body = parseBody(request.headers['content-type'], text);
          done();
        } catch (err) {
          done(err as Error);
        }
      },
      (err: Error) => done(err),
    );
  });
}
