// Errors that mean "the database cannot be reached right now", as opposed to a bug or a refused
// statement. The HTTP layer answers them with 503 and Retry-After: nothing was applied (or, if the
// link broke during COMMIT, an Idempotency-Key retry returns whatever did commit), so a client
// may safely try again.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "EAI_AGAIN"]);
// SQLSTATE: class 08 connection exceptions; the server shutting down or starting; too many
// connections; a statement cancelled by statement_timeout (57014) and a session ended by
// idle_in_transaction_session_timeout (25P03): the transaction was rolled back either way.
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300", "57014", "25P03"]);
// node-postgres reports a socket closed under a running query, a pool connect timeout, its own
// read timeout (the link stalled) and a client already broken by one of these by message only.
const MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed)/;

export function isDatabaseUnavailable(e: unknown): boolean {
  // An error wrapped with its cause (e.g. "procedures/x.json: …" from the catalog loader) counts as its cause.
  for (let depth = 0; e !== null && typeof e === "object" && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    e = cause;
  }
  return false;
}

/**
 * Runs a start-up step again while the database cannot be reached (a process restarted during an
 * outage waits for the link instead of exiting), for at most `maxMs`; any other error, or the
 * last one, is thrown. Every start-up step is safe to repeat: migrations, the catalog and the
 * seed each check what is already there.
 */
export async function untilAvailable<T>(run: () => Promise<T>, onWait: (e: unknown, attempt: number) => void, maxMs = 120_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!isDatabaseUnavailable(e) || Date.now() > deadline) throw e;
      onWait(e, attempt);
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** Math.min(attempt, 5))));
    }
  }
}
