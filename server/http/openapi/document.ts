// Placeholder replaced by the full document (see test/api/openapi.test.ts).
export function buildOpenapi(): object {
  return { openapi: "3.1.0", info: { title: "motcua", version: "0.1.0" }, paths: {} };
}
