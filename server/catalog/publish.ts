// Publishing a procedure version: lint must pass; a published version never changes, and cases
// already running stay on the version they started with.
import type { Database } from "../db/database.js";
import { lockProcedure } from "../db/advisory-locks.js";
import { MotcuaError } from "../../engine/errors.js";
import { lintProcedure } from "../../engine/procedure/lint.js";
import { hasErrors } from "../../engine/diagnostics.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import type { LogKey } from "../audit/log-key.js";
import { appendRegistryEntry } from "../audit/registry.js";
import { contentHash, getVersion, insertVersion, latestVersion } from "../store/procedures.js";
import { inForceFrom } from "../../engine/procedure/in-force.js";
import type { WorkingCalendar } from "../../engine/calendar.js";

export interface PublishOutcome {
  id: string;
  version: number;
  created: boolean;
  contentHash: string;
  /** From when new dossiers are received under this version (see engine/procedure/in-force.ts). */
  inForceFrom: string;
}

export async function publishProcedure(db: Database, key: LogKey, doc: unknown, by: string, at: string, cal: Pick<WorkingCalendar, "timeZone">): Promise<PublishOutcome> {
  const diagnostics = lintProcedure(doc);
  if (hasErrors(diagnostics)) throw new MotcuaError("procedure.invalid", "the procedure has lint errors", { extra: { diagnostics } });
  const def = stripSchemaRef(doc as Procedure);
  const hash = contentHash(def);
  return db.tx(async (q) => {
    // Two publications of one procedure at once (two admins, two processes loading the catalog)
    // take turns, so the second sees the first's version instead of failing on the primary key.
    await lockProcedure(db, q, def.id);
    const latest = await latestVersion(q, def.id);
    const same = latest && latest.version === def.version ? latest : await getVersion(q, def.id, def.version);
    if (same) {
      // Publishing the same content again is a no-op, so `npm start` can load the catalog every time.
      if (same.contentHash === hash) return { id: def.id, version: def.version, created: false, contentHash: hash, inForceFrom: same.inForceFrom };
      throw new MotcuaError("procedure.version_exists", `${def.id}@${def.version} is published with other content; raise the version`);
    }
    if (latest && def.version < latest.version) {
      throw new MotcuaError("procedure.version_exists", `${def.id} is already at version ${latest.version}; a new version must be higher`);
    }
    const from = inForceFrom(def, at, cal);
    await insertVersion(q, def, by, at, from);
    await appendRegistryEntry(q, key, { stream: `procedure:${def.id}`, at, actorId: by, action: "procedure.publish", data: { version: def.version, contentHash: hash, inForceFrom: from } });
    return { id: def.id, version: def.version, created: true, contentHash: hash, inForceFrom: from };
  });
}

/** "$schema" is an editor hint about the file, not part of the procedure's content. */
function stripSchemaRef(def: Procedure): Procedure {
  const { $schema: _s, ...rest } = def;
  return rest as Procedure;
}
