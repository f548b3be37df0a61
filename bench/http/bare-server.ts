/** The baseline: a bare fastify server with GET and POST routes returning {}. Prints its port. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/v2/bare', async () => ({}));
app.post('/v2/bare', async () => ({}));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
