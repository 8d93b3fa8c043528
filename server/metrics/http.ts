// Times every request by its route template. Express sets req.route only on the router that
// matched; req.baseUrl + route.path gives "/cases/:id" rather than a path with a case code in it.
import type { NextFunction, Request, Response } from "express";
import type { Metrics } from "./registry.js";

export function requestMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const route = req.route?.path;
      // Unmatched paths (404s, static files) share one label so a scanner cannot grow the series.
      const template = typeof route === "string" ? `${req.baseUrl}${route}`.replace(/(.)\/$/, "$1") : req.path.startsWith("/app") ? "/app/*" : "unmatched";
      metrics.request(req.method, template, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
