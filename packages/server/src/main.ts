/**
 * Entry point of the `openmart` command (bin/openmart.mjs): the CLI
 * program, with the server runtime behind `openmart serve`. Lives at the
 * root of src because it composes every layer. The runtime is imported only
 * by `serve`, so client commands start without loading the server.
 */
import { runCli } from './cli/main.js';
import { VERSION } from './version.js';

await runCli(process.argv, {
  version: VERSION,
  serve: async () => {
    const { serve } = await import('./server.js');
    const code = await serve(process.env);
    // Exit explicitly: the server is down, nothing else should keep the process alive.
    process.exit(code);
  },
});
