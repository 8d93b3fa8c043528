// The JSON API, called with the session's bearer token. Errors arrive as RFC 9457 problems with a
// stable `code` and, for field errors, JSON pointers; the UI matches codes, never message text.
export interface FieldError {
  pointer: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
    readonly body: Record<string, unknown>,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

// In localStorage, not sessionStorage: an official opens a case in a new tab and expects to be
// signed in there too. The token expires on the server (TOKEN_TTL_SECONDS); signing out in one tab
// removes it, and the other tabs follow (onTokenRemoved).
export const TOKEN_KEY = "motcua.token";

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Another tab signed out (or in as someone else): `f` runs with the new token, or null. */
export function onTokenChanged(f: (token: string | null) => void): () => void {
  const listener = (e: StorageEvent) => e.key === TOKEN_KEY && f(e.newValue);
  addEventListener("storage", listener);
  return () => removeEventListener("storage", listener);
}

/** Called when the server says the token is no longer good (expired, official deactivated). */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(f: () => void): void {
  onUnauthorized = f;
}

async function request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", ...extra };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.ok) return res;
  let problem: Record<string, unknown> = {};
  try {
    problem = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status only
  }
  const code = typeof problem.code === "string" ? problem.code : `http.${res.status}`;
  if (res.status === 401 && path !== "/auth/login") onUnauthorized();
  throw new ApiError(res.status, code, typeof problem.detail === "string" ? problem.detail : undefined, Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [], problem);
}

export const api = {
  async get<T>(path: string): Promise<T> {
    return (await (await request("GET", path)).json()) as T;
  },
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return (await (await request("POST", path, body)).json()) as T;
  },
  /** A file the server produces (the evidence bundle): fetched with the token, saved by the browser. */
  async download(path: string, fallbackName: string, headers?: Record<string, string>): Promise<string> {
    const res = await request("GET", path, undefined, headers);
    const name = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
};

/** Query string from the set values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
