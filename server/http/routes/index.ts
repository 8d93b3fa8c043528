// Routers mounted after authentication, one line per area. Keep this list the only place that
// knows every area, so adding one never means editing app.ts.
import type { Router } from "express";
import type { AppDeps } from "../app.js";
import { procedureRoutes } from "./procedures.js";
import { caseRoutes } from "./cases.js";
import { auditRoutes } from "./audit.js";
import { officialRoutes } from "./officials.js";
import { supervisionRoutes } from "./supervision.js";
import { statisticsRoutes } from "./statistics.js";
import { publicResultRoutes } from "./public-results.js";
import { directoryRoutes } from "./directory.js";
import { trackRoutes } from "./track.js";
import { unitRoutes } from "./units.js";
import { attachmentRoutes } from "./attachments.js";

export const AUTHENTICATED_ROUTERS: Array<[path: string, build: (d: AppDeps) => Router]> = [
  ["/procedures", procedureRoutes],
  ["/cases", caseRoutes],
  ["/audit", auditRoutes],
  ["/officials", officialRoutes],
  // Before supervision's root router, which serves POST /units/merge: nothing here matches it.
  ["/units", unitRoutes],
  ["/", supervisionRoutes],
  ["/statistics", statisticsRoutes],
  ["/directory", directoryRoutes],
  ["/attachments", attachmentRoutes],
];

/** Routers mounted before authentication: what anyone may ask without an account. */
export const PUBLIC_ROUTERS: Array<[path: string, build: (d: AppDeps) => Router]> = [["/public", publicResultRoutes], ["/track", trackRoutes]];
