// Copying members of client data without letting a key act on the copy: `out[k] = v` with k
// "__proto__" sets the copy's prototype instead (its fields then look present to a validator but
// are dropped when stored). Defined as an own data member, "__proto__" is an ordinary key.
export function defineMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
