// Lint of who signs at a checkpoint. Every signing role must be allowed to take the action, and
// every role allowed to take a signed action must be able to sign it: a role that cannot is
// refused every time, which the procedure's author would only learn at the counter.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { signerRoles } from "../signers.js";

export function lintSigners(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  p.actions.forEach((a, i) => {
    const s = a.signature;
    if (!s) return;
    const at = pointer("actions", i, "signature");
    if ((s.role === undefined) === (s.roles === undefined)) {
      out.push({ code: "signature.signer-missing", severity: "error", pointer: at, message: `checkpoint of '${a.id}' must name its signer by exactly one of role or roles`, params: { action: a.id } });
      return;
    }
    const signers = signerRoles(s);
    signers.forEach((r, k) => {
      if (a.roles.includes(r)) return;
      const where = s.roles ? `${at}/roles/${k}` : `${at}/role`;
      out.push({ code: "signature.role-not-allowed", severity: "error", pointer: where, message: `signing role '${r}' is not among the action's roles`, params: { role: r, action: a.id } });
    });
    a.roles.forEach((r, j) => {
      if (signers.includes(r)) return;
      out.push({ code: "signature.role-never-signs", severity: "error", pointer: pointer("actions", i, "roles", j), message: `role '${r}' may take '${a.id}' but can never sign its checkpoint (signers: ${signers.join(", ")})`, params: { role: r, action: a.id, signers: signers.join(", ") } });
    });
  });
  return out;
}
