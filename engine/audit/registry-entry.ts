// Registry entries: changes outside cases that auditors must be able to trust as much as case
// steps (a procedure version published, an official's roles or certificates changed). Each
// stream ("procedure:<id>", "official:<id>") is a hash chain of its own, hashed like case entries.
import { hashEntry } from "./entry.js";

export interface RegistryEntry {
  v: 1;
  kind: "registry";
  stream: string;
  seq: number;
  prevHash: string;
  at: string;
  actor: { id: string };
  action: string;
  /**
   * The province the record belongs to (null: the whole country), sealed with it: the row's province
   * column is a copy. Absent only from records sealed before December 2026.
   */
  province?: string | null;
  data: unknown;
  hash: string;
}

export function nextRegistryEntry(
  prev: { seq: number; hash: string } | undefined,
  e: { stream: string; at: string; actor: { id: string }; action: string; province?: string | null; data: unknown },
): RegistryEntry {
  const unsigned = {
    v: 1 as const, kind: "registry" as const, stream: e.stream, seq: prev ? prev.seq + 1 : 0, prevHash: prev ? prev.hash : "0".repeat(64),
    at: e.at, actor: e.actor, action: e.action, province: e.province ?? null, data: e.data,
  };
  return { ...unsigned, hash: hashEntry(unsigned) };
}
