// The OpenAPI 3.1 document served at GET /openapi.json (assembled in openapi/ by area).
import { buildOpenapi } from "./openapi/document.js";

let cached: object | undefined;

export function openapiDocument(): object {
  return (cached ??= buildOpenapi());
}
