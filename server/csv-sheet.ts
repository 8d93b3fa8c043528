// A spreadsheet export (CSV) read as records of its header's columns, for the administrators'
// imports. Excel in a Vietnamese locale writes a byte-order mark and ';' between fields, other
// tools ','; both are read. Every problem with the sheet as a whole is at /csv.
import { parse } from "csv-parse/sync";
import { fieldError } from "../engine/errors.js";

export function parseSheet(csv: string, columns: { required: string[]; optional?: string[]; maxRows: number }): Array<Record<string, string>> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, delimiter: [",", ";"], skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    throw fieldError("/csv", "format", `not CSV: ${(e as Error).message}`);
  }
  const [head = [], ...body] = records;
  const missing = columns.required.filter((c) => !head.includes(c));
  if (missing.length > 0) {
    const optional = columns.optional?.length ? ` (and optionally ${columns.optional.join(", ")})` : "";
    throw fieldError("/csv", "required", `the header must name the columns ${columns.required.join(", ")}${optional}; missing: ${missing.join(", ")}`);
  }
  if (body.length > columns.maxRows) throw fieldError("/csv", "maxItems", `at most ${columns.maxRows} rows at once`);
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
}
