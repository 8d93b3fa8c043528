// The signed-in official and the server's setup, shared by every page.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ConsoleConfig, Official } from "./types.js";

export interface Session {
  me: Official;
  config: ConsoleConfig;
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}

export const hasRole = (me: Official, ...roles: string[]) => me.roles.some((r) => roles.includes(r));

/** Roles that work cases in a commune's queues (the inbox is their home page). */
export const CASE_ROLES = ["reception", "civil-status", "signer", "archivist", "supervisor"];

/** Who reads the unit's or the province's figures: leaders, supervisors, administrators, auditors, provincial staff. */
export const canSeeDashboard = (me: Official) => me.unitLevel === "province" || hasRole(me, "supervisor", "signer", "admin", "auditor");
