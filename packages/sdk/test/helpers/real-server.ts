/**
 * Settings of a real openmart server for an integration suite
 * (e.g. test/real-server.test.ts): set OPENMART_URL, and for the
 * authenticated endpoints OPENMART_API_KEY, OPENMART_API_SECRET and
 * optionally OPENMART_MEMO. Without OPENMART_URL such a suite should skip.
 */
import type { OpenmartClientOptions } from '../../src/index.js';

export function realServerOptions(env: NodeJS.ProcessEnv = process.env): OpenmartClientOptions | undefined {
  const baseUrl = env.OPENMART_URL;
  if (baseUrl === undefined || baseUrl === '') return undefined;
  return {
    baseUrl,
    apiKey: env.OPENMART_API_KEY,
    apiSecret: env.OPENMART_API_SECRET,
    memo: env.OPENMART_MEMO,
  };
}
