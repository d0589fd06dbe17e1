import type { Metrics } from '../metrics';
import type { Route } from '../server';

export function metricsRoutes(metrics: Metrics): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
    },
  ];
}
