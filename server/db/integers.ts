// PostgreSQL `integer` columns (versions, sequence numbers) hold -2^31 .. 2^31-1: a number from a
// request is range-checked against this before it reaches SQL, where it would fail as 22003.
export const PG_INTEGER_MAX = 2_147_483_647;

/** A positive integer that fits a PostgreSQL `integer` column. */
export function isPositivePgInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= PG_INTEGER_MAX;
}
