/**
 * `openmart serve` as a child process on a temp data dir: first start
 * seeds and prints the demo secret once, a restart does not; SIGTERM drains
 * in-flight orders (every acknowledged one is there after the restart) and
 * exits 0; a bad configuration exits 1.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { runCliProcess, startServerProcess, Trader, type HttpAnswer } from '../e2e/support.js';

const dir = mkdtempSync(join(tmpdir(), 'openmart-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('a bad configuration exits 1 naming the variable', async () => {
  const r = await runCliProcess(['serve'], { DATA_DIR: dir, PORT: 'eighty', FSYNC: 'sometimes' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /PORT must be an integer/);
  assert.match(r.stderr, /FSYNC must be/);
});

let acked: Array<{ id: number; price: string; amount: string }> = [];
let demo: { api_key: string; api_secret: string };

test('first start seeds the demo data, prints the demo secret once and writes 0600 files; SIGTERM drains in-flight orders and exits 0', async () => {
  const srv = await startServerProcess({ dataDir: dir });
  try {
    demo = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    for (const f of ['demo-credentials.json', 'admin-token', 'server-key']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    assert.equal(count(srv.stdout(), demo.api_secret), 1, 'the secret is printed exactly once');
    for (const line of srv.stdout().split('\n').filter((l) => l.startsWith('{'))) assert.ok(!line.includes(demo.api_secret), 'never in a log line');

    const details = (await (await fetch(`${srv.url}/v2/symbols_details`)).json()) as Array<Record<string, unknown>>;
    assert.ok(details.length >= 5);
    assert.deepEqual(details.find((d) => d.id === 'BMX_ETH'), {
      id: 'BMX_ETH', base_currency: 'BMX', quote_currency: 'ETH', quote_increment: '0.00000001', base_min_size: '0.01',
      base_max_size: '100000000', price_min_precision: 6, price_max_precision: 8, expiration: 'NA',
    });
    for (const s of ['ETH_BTC', 'BTC_USDT', 'XLM_ETH']) assert.ok(details.some((d) => d.id === s), s);
    const book = (await (await fetch(`${srv.url}/v2/symbols/BMX_ETH/orders`)).json()) as { buys: unknown[]; sells: unknown[] };
    assert.ok(book.buys.length > 0 && book.sells.length > 0, 'the market maker rests orders');

    const trader = await Trader.login(srv.url, demo.api_key, demo.api_secret);
    const wanted = Array.from({ length: 40 }, (_, i) => ({ price: (0.0004 + i * 0.00000001).toFixed(8), amount: String(1 + i) }));
    const inflight = wanted.map((o) => trader.placeOrder('BMX_ETH', 'buy', o.amount, o.price).then((a: HttpAnswer) => ({ o, a })));
    await Promise.race(inflight);
    const code = srv.stop('SIGTERM');
    const results = await Promise.allSettled(inflight);
    assert.equal(await code, 0, srv.stdout().slice(-3000) + srv.stderr());
    acked = results.flatMap((r) =>
      r.status === 'fulfilled' && r.value.a.status === 200 ? [{ id: r.value.a.body.entrust_id as number, ...r.value.o }] : [],
    );
    assert.ok(acked.length >= 1, 'at least the first order was acknowledged');
    assert.match(srv.stdout(), /"msg":"stopped"/);
  } finally {
    await srv.stop('SIGKILL');
  }
});

test('a second start does not reseed, prints no secret, and has every acknowledged order', async () => {
  const srv = await startServerProcess({ dataDir: dir });
  try {
    assert.equal(count(srv.stdout(), demo.api_secret), 0);
    assert.doesNotMatch(srv.stdout(), /seeded demo data|API secret/);
    const symbols = (await (await fetch(`${srv.url}/v2/symbols`)).json()) as string[];
    assert.equal(new Set(symbols).size, symbols.length);
    assert.equal(symbols.length, 8);
    assert.deepEqual(await (await fetch(`${srv.url}/healthz`)).json(), { status: 'ok' });
    // Before any new command: the durable seq is the recovered one, equal to the store's.
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    const durable = /^openmart_journal_durable_seq (\d+)$/m.exec(metrics)?.[1];
    assert.ok(durable !== undefined && Number(durable) > 0, `durable seq ${durable}`);
    assert.match(metrics, new RegExp(`^openmart_store_applied_seq ${durable}$`, 'm'));
    // Market data is rebuilt from the store: the seeded trades are still in the ticker and the trade list.
    const ticker = (await (await fetch(`${srv.url}/v2/ticker?symbol=BMX_ETH`)).json()) as Record<string, string>;
    assert.equal(ticker.current_price, '0.00049900');
    assert.equal(ticker.volume, '2000.00');
    const trades = (await (await fetch(`${srv.url}/v2/symbols/BMX_ETH/trades`)).json()) as unknown[];
    assert.equal(trades.length, 2);
    const trader = await Trader.login(srv.url, demo.api_key, demo.api_secret);
    for (const o of acked) {
      const r = await trader.getOrder(o.id);
      assert.equal(r.status, 200, `order ${o.id}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.entrust_id, o.id);
      assert.equal(Number(r.body.price), Number(o.price));
      assert.equal(Number(r.body.original_amount), Number(o.amount));
      assert.equal(r.body.status, 1);
    }
    // The websocket feed is served too.
    const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/ws`);
    await new Promise((res, rej) => ws.once('open', res).once('error', rej));
    ws.send(JSON.stringify({ subscribe: 'ping' }));
    const pong = await new Promise<string>((res) => ws.once('message', (m) => res(String(m))));
    assert.deepEqual(JSON.parse(pong), { subscribe: 'pong' });
    ws.close();
    assert.equal(await srv.stop('SIGTERM'), 0);
  } finally {
    await srv.stop('SIGKILL');
  }
});

test('a first start whose port is taken still shows the demo secret once, and fails', async () => {
  const taken = createServer();
  await new Promise<void>((res) => taken.listen(0, '127.0.0.1', res));
  const port = (taken.address() as { port: number }).port;
  const fresh = mkdtempSync(join(tmpdir(), 'openmart-serve-busy-'));
  try {
    const r = await runCliProcess(['serve'], { DATA_DIR: fresh, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /EADDRINUSE/);
    const saved = JSON.parse(readFileSync(join(fresh, 'demo-credentials.json'), 'utf8')) as { api_secret: string };
    assert.equal(count(r.stdout, saved.api_secret), 1, 'the one-time secret was shown although the start failed');
    const again = await runCliProcess(['serve'], { DATA_DIR: fresh, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    assert.equal(count(again.stdout, saved.api_secret), 0, 'a later start does not show it again');
  } finally {
    await new Promise<void>((res) => taken.close(() => res()));
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('data files are owner-only, also in a data dir others can enter, and files of an earlier version are tightened', async () => {
  const open = mkdtempSync(join(tmpdir(), 'openmart-serve-modes-'));
  chmodSync(open, 0o755);
  const files = (): string[] => [
    ...readdirSync(open).map((n) => join(open, n)),
    ...['journal', 'snapshots'].flatMap((d) => readdirSync(join(open, d)).map((n) => join(open, d, n))),
  ];
  const loose = (): string[] => files().filter((f) => (statSync(f).mode & 0o077) !== 0);
  try {
    let srv = await startServerProcess({ dataDir: open, env: { SEED_DEMO: '0' } });
    assert.match(srv.stdout(), /others can list it/);
    assert.equal(await srv.stop('SIGTERM'), 0);
    assert.ok(files().some((f) => f.includes('journal')) && files().some((f) => f.endsWith('query.db')));
    assert.deepEqual(loose(), [], 'every file and directory the server made is owner-only');
    // As an earlier version (or a copy with a loose umask) would have left them:
    for (const f of files()) chmodSync(f, statSync(f).isDirectory() ? 0o755 : 0o644);
    srv = await startServerProcess({ dataDir: open, env: { SEED_DEMO: '0' } });
    assert.match(srv.stdout(), /removed group\/other permissions/);
    assert.equal(await srv.stop('SIGTERM'), 0, srv.stdout().slice(-2000) + srv.stderr());
    assert.deepEqual(loose(), []);
  } finally {
    rmSync(open, { recursive: true, force: true });
  }
});
