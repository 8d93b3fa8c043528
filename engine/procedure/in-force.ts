// From when a procedure version receives new dossiers. A version may be published ahead of the
// decree it implements ("effectiveFrom": the local date the decree applies); until then intake keeps
// using the version before it. A version published late, after its date, applies from publication:
// dossiers already received were decided under the rules shown to the citizen at the counter.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { atLocalTime, instantMs, type Instant, type WorkingCalendar } from "../calendar.js";

export function inForceFrom(def: Pick<Procedure, "effectiveFrom">, publishedAt: Instant, cal: Pick<WorkingCalendar, "timeZone">): Instant {
  if (!def.effectiveFrom) return publishedAt;
  const start = atLocalTime(def.effectiveFrom, "00:00", cal);
  return instantMs(start) > instantMs(publishedAt) ? start : publishedAt;
}
