/** openmart admin apikey create|revoke */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action, pick } from '../action.js';

export function registerApiKey(admin: Command, io: CliIo): void {
  const key = admin.command('apikey').description('API keys');
  key
    .command('create')
    .description('create an API key for a user; the secret is shown this once')
    .argument('<email>', 'email or user id')
    .requiredOption('--memo <memo>', 'the name of the key')
    .option('--require-signature', 'every authenticated request of this key must carry X-BM-SIGNATURE')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([email], ctx) =>
        pick(
          await ctx.admin().request('POST', `/admin/users/${encodeURIComponent(email as string)}/apikeys`, {
            memo: ctx.opts.memo,
            require_signature: ctx.opts.requireSignature === true,
          }),
          ['api_key', 'api_secret', 'memo'],
        ),
      ),
    );
  key
    .command('revoke')
    .description('revoke an API key and every token issued for it')
    .argument('<email>', 'email or user id')
    .argument('<api_key>')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([email, apiKey], ctx) =>
        ctx
          .admin()
          .request('DELETE', `/admin/users/${encodeURIComponent(email as string)}/apikeys/${encodeURIComponent(apiKey as string)}`),
        // --json: the API's answer, `{}`.
        (_data, [email, apiKey]) => `revoked API key ${apiKey} of ${email} (and every token issued for it)`,
      ),
    );
}
