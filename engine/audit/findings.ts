// What a verification found, as a stable reason code with its values, so a client can word it in its
// own language (the console translates every reason; a test keeps them all translated); `detail` is
// the English text. Findings about a row name its column ("cases.data", "audit_entries.actor_id")
// and, for the case row, the field as a JSON pointer and the entry where the row and the chain part.
export interface Finding {
  reason: string;
  params?: Record<string, string | number>;
  detail?: string;
}

export type CheckName = "hash" | "link" | "seal" | "signature" | "inclusion" | "state" | "row";

/** One check of one entry or record. */
export interface Check extends Finding {
  check: CheckName;
  ok: boolean;
  /** "pending": not yet covered by a checkpoint; neither a pass nor a tampering sign. */
  pending?: boolean;
  detail: string;
}

export function passed(check: CheckName, reason: string, detail: string, params?: Finding["params"]): Check {
  return { check, ok: true, reason, ...(params ? { params } : {}), detail };
}

export function failed(check: CheckName, reason: string, detail: string, params?: Finding["params"]): Check {
  return { check, ok: false, reason, ...(params ? { params } : {}), detail };
}
