// RFC 6901 JSON pointers: the API reports field errors by pointer; forms keep values by path.
export function tokens(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function join(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

export function getAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const t of tokens(pointer)) v = v && typeof v === "object" ? (v as Record<string, unknown>)[t] : undefined;
  return v;
}

/** A copy of `root` with the value at `pointer` set (undefined removes it); arrays stay arrays. */
export function setAt<T extends Record<string, unknown> | unknown[]>(root: T, pointer: string, value: unknown): T {
  const [head, ...rest] = tokens(pointer);
  if (head === undefined) return value as T;
  const out = (Array.isArray(root) ? [...root] : { ...root }) as Record<string, unknown>;
  if (rest.length === 0) {
    if (value !== undefined) out[head] = value;
    else if (Array.isArray(out)) (out as unknown[]).splice(Number(head), 1);
    else delete out[head];
    return out as T;
  }
  const child = out[head] && typeof out[head] === "object" ? (out[head] as Record<string, unknown>) : {};
  out[head] = setAt(child, "/" + rest.join("/"), value);
  return out as T;
}

/** DOM id for a field at a pointer. */
export function fieldId(prefix: string, pointer: string): string {
  return `${prefix}${pointer.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
