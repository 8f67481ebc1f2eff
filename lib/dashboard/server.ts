import { dirname, join } from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySse from '@fastify/sse';
import { AddressInfo } from 'node:net';
import { allowedHostHeaders, isAllowedHost } from './hostCheck';
import { LiveState } from './liveState';
import { SseHub } from './sseHub';

/** lib/dashboard/page, read from the source tree (tsc compiles only .ts). */
const pageDir = join(__dirname, '..', '..', '..', 'lib', 'dashboard', 'page');
/** uPlot's own distribution files, served from node_modules: no CDN. */
const uplotDir = dirname(require.resolve('uplot'));
const uplotFiles = ['/uPlot.iife.min.js', '/uPlot.min.css'];

/** Nothing but this origin: no CDN, no fonts, no beacons, no frames. */
export const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The page, uPlot, `/events` (SSE) and `/api/state` (the same snapshot as JSON, for scripts and curl);
 * a request whose Host header is not the address served (`host`, the port it listens on) gets 403.
 */
export async function createDashboardServer(state: LiveState, hub: SseHub, host: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let allowed: Set<string> | undefined;
  app.addHook('onRequest', async (request, reply) => {
    allowed ??= allowedHostHeaders(host, (app.server.address() as AddressInfo).port);
    if (isAllowedHost(request.headers.host, allowed)) return;
    await reply.code(403).type('text/plain').send(`This dashboard answers only as ${[...allowed].join(', ')}; the Host header ${JSON.stringify(request.headers.host ?? '')} is not one of them.\n`);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    return payload;
  });
  await app.register(fastifySse, { heartbeatInterval: 15_000 });
  await app.register(fastifyStatic, { root: pageDir, prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { root: uplotDir, prefix: '/vendor/uplot/', decorateReply: false, allowedPath: (path) => uplotFiles.includes(path) });
  app.get('/events', { sse: 'only' }, async (_request, reply) => { await hub.add(reply.sse); });
  app.get('/api/state', async () => state.snapshot());
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  return app;
}
