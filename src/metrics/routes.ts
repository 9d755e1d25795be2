import { Hono } from 'hono';
import { sameSecret } from '../accounts/secrets.js';
import type { AppDeps, AppEnv } from '../http/env.js';

/**
 * GET /metrics in Prometheus's text format, for a scraper holding
 * METRICS_TOKEN (`Authorization: Bearer …`). Without the setting, absent (404).
 */
export function metricsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { metrics } = deps;
  const token = deps.config.metricsToken;
  if (!metrics || !token) return app;
  app.get('/metrics', async (c) => {
    const sent = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(sent, token)) {
      return c.text('A bearer token (METRICS_TOKEN) is required', 401, {
        'www-authenticate': 'Bearer realm="metrics"',
        'cache-control': 'no-store',
      });
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
