// Authentication: local accounts get a bearer token; /auth/me shows who the token stands for.
import { AUTH_ERRORS, PUBLIC, jsonBody, ok, problems, ref, type OpenapiArea } from "../types.js";

export const authArea: OpenapiArea = {
  tag: { name: "auth", description: "Log in with a local account and read the current official." },
  paths: {
    "/auth/login": {
      post: {
        operationId: "login",
        summary: "Exchange a username and password for a bearer token",
        description: "An unknown user and a wrong password get the same refusal (no account enumeration).",
        ...PUBLIC,
        requestBody: jsonBody({
          type: "object",
          required: ["username", "password"],
          properties: { username: { type: "string" }, password: { type: "string", format: "password" } },
        }),
        responses: {
          "200": ok("Logged in.", {
            type: "object",
            required: ["token", "tokenType", "official"],
            properties: { token: { type: "string" }, tokenType: { const: "Bearer" }, official: ref("Official") },
          }),
          ...problems("request.invalid", "request.too_large", "request.too_deep", "auth.bad_credentials", "auth.local_login_disabled", "auth.too_many_attempts"),
        },
      },
    },
    "/auth/me": {
      get: {
        operationId: "me",
        summary: "The official the bearer token stands for, with unit, roles and registered certificates",
        responses: {
          "200": ok("The current official.", { type: "object", required: ["official"], properties: { official: ref("Official") } }),
          ...problems(...AUTH_ERRORS),
        },
      },
    },
  },
};
