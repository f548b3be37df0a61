/**
 * Traders for the order benchmark: users, keys and deposits created through
 * the admin API, tokens through /v2/authentication, and a signer that makes
 * each order request's headers like a real bot (timestamp + HMAC signature).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Trader {
  readonly apiKey: string;
  readonly secret: string;
  readonly token: string;
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const r = await fetch(url, init);
  const body = await r.json() as unknown;
  if (r.status !== 200) throw new Error(`${init.method ?? 'GET'} ${url} -> ${r.status} ${JSON.stringify(body)}`);
  return body;
}

export async function makeTraders(url: string, dataDir: string, count: number, funds: Record<string, string>): Promise<Trader[]> {
  const admin = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const out: Trader[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench${i}@example.com`;
    await call(`${url}/admin/users`, { method: 'POST', headers, body: JSON.stringify({ email, password: 'bench-password' }) });
    const key = await call(`${url}/admin/users/${encodeURIComponent(email)}/apikeys`, { method: 'POST', headers, body: JSON.stringify({ memo: 'bench' }) }) as { api_key: string; api_secret: string };
    for (const [currency, amount] of Object.entries(funds)) {
      await call(`${url}/admin/deposits`, { method: 'POST', headers, body: JSON.stringify({ user: email, currency, amount }) });
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: key.api_key, client_secret: key.api_secret });
    const tok = await call(`${url}/v2/authentication`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }) as { access_token: string };
    out.push({ apiKey: key.api_key, secret: key.api_secret, token: tok.access_token });
  }
  return out;
}

/** Headers and body of one signed order request. */
export function signedOrder(t: Trader, params: Record<string, string>): { headers: Record<string, string>; body: string } {
  const canonical = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  return {
    headers: {
      'content-type': 'application/json',
      'x-bm-authorization': `Bearer ${t.token}`,
      'x-bm-timestamp': String(Date.now()),
      'x-bm-signature': createHmac('sha256', t.secret).update(canonical).digest('hex'),
    },
    body: JSON.stringify(params),
  };
}
