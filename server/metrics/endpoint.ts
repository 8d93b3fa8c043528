// The scrape endpoint, on its own listener (METRICS_HOST:METRICS_PORT) so it is never exposed with
// the API by accident; METRICS_TOKEN, when set, is required as a bearer token. In a cluster the
// primary serves it and asks every worker for its figures (prom-client's AggregatorRegistry).
import { createServer, type Server } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";

export interface MetricsEndpointOptions {
  port: number;
  host: string;
  token?: string;
  /** The exposition text and its content type: one registry's, or the cluster's aggregate. */
  scrape: () => Promise<{ body: string; contentType: string }>;
}

export function registryScrape(registry: Registry) {
  return async () => ({ body: await registry.metrics(), contentType: registry.contentType });
}

export function serveMetrics(o: MetricsEndpointOptions): Promise<Server> {
  const expected = o.token ? Buffer.from(`Bearer ${o.token}`) : undefined;
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const given = Buffer.from(req.headers.authorization ?? "");
    if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("unauthorized\n");
      return;
    }
    o.scrape().then(
      ({ body, contentType }) => res.writeHead(200, { "content-type": contentType }).end(body),
      () => res.writeHead(503, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve(server));
  });
}
