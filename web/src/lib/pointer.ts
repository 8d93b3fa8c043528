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

/** A copy of `root` with the value at `pointer` set (undefined removes it). */
export function setAt(root: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = tokens(pointer);
  if (head === undefined) return value as Record<string, unknown>;
  const out = { ...root };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const child = out[head] && typeof out[head] === "object" ? (out[head] as Record<string, unknown>) : {};
  out[head] = setAt(child, "/" + rest.join("/"), value);
  return out;
}

/** DOM id for a field at a pointer. */
export function fieldId(prefix: string, pointer: string): string {
  return `${prefix}${pointer.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
