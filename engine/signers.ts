// Who may sign at a checkpoint: one role, or alternatives ("the chairman or a vice-chairman").
import type { SignatureCheckpoint } from "../schemas/generated/procedure.js";

/** The roles that satisfy the checkpoint; lint guarantees exactly one of role and roles is given. */
export function signerRoles(checkpoint: SignatureCheckpoint): string[] {
  return checkpoint.roles ?? (checkpoint.role !== undefined ? [checkpoint.role] : []);
}
