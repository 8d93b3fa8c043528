// Expected refusals are values, not exceptions, at the engine's public surface.
import { MotcuaError } from "./errors.js";

export type Result<T> = ({ ok: true } & T) | { ok: false; error: MotcuaError };

export function attempt<T extends object>(fn: () => T): Result<T> {
  try {
    return { ok: true, ...fn() };
  } catch (e) {
    if (e instanceof MotcuaError) return { ok: false, error: e };
    throw e;
  }
}

export async function attemptAsync<T extends object>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, ...(await fn()) };
  } catch (e) {
    if (e instanceof MotcuaError) return { ok: false, error: e };
    throw e;
  }
}
