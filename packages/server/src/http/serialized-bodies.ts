/**
 * 200 bodies that the market data hands out as the same object until it
 * changes (a symbol's ticker, a book at one precision): each object is
 * serialized once, with the schema's compiled serializer (so the text is
 * exactly what fastify would write), and its JSON text is sent again as long
 * as the market data returns that object. Keyed weakly by the object: a
 * replaced ticker or book and its text are collected together.
 *
 * Only for objects nobody mutates after handing them out (the market data's
 * cached wire objects).
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { JSON_CONTENT_TYPE } from './schemas/common.js';

export class SerializedBodies {
  private readonly texts = new WeakMap<object, string>();

  constructor(private readonly schema: TSchema) {}

  /** Send `body` (a JSON text with a JSON content type is written as it is). */
  send(reply: FastifyReply, body: object): FastifyReply {
    let text = this.texts.get(body);
    if (text === undefined) {
      text = reply.compileSerializationSchema(this.schema)(body as Record<string, unknown>);
      this.texts.set(body, text);
    }
    return reply.type(JSON_CONTENT_TYPE).send(text);
  }
}
