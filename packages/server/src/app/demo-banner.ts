/** The console banner of a first start with demo data: the one time the demo API secret is printed. */
import type { DemoCredentials } from './seed.js';

export function demoBanner(demo: DemoCredentials, url: string, file: string): string {
  const line = '-'.repeat(72);
  return [
    line,
    'openmart: demo data created (first start). The demo API secret is shown',
    'this once; it is also saved (mode 0600) in',
    `  ${file}`,
    '',
    `  API key     ${demo.api_key}`,
    `  API secret  ${demo.api_secret}`,
    `  memo        ${demo.memo}`,
    `  log-in      ${demo.email} / ${demo.password}   (POST /api/account/login)`,
    '',
    `  curl ${url}/v2/symbols_details`,
    line,
    '',
  ].join('\n');
}
