#!/usr/bin/env node
// The `openmart` command. The sources are TypeScript run through tsx: register
// its loader, then hand over to src/main.ts (the composition root: the CLI
// program with the server runtime behind `openmart serve`).
//
// The workspace packages (@openmart/protocol, @openmart/sdk) export their
// TypeScript sources under the `openmart-source` condition and their build
// (dist/) otherwise. A resolve hook adds that condition to every import, so
// `npx openmart` and `npm start` run from a fresh clone without a build step,
// whatever the caller's NODE_OPTIONS. (Registered after tsx, it runs first.)
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register(
  'data:text/javascript,' +
    encodeURIComponent(
      `export function resolve(specifier, context, next) {
        const conditions = context.conditions.includes('openmart-source') ? context.conditions : [...context.conditions, 'openmart-source'];
        return next(specifier, { ...context, conditions });
      }`,
    ),
);
await import('../src/main.ts');
