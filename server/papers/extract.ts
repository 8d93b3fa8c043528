// The result extract (trích lục) printed with what anyone needs to check it without an account:
// the case code and the SHA-256 digest of what the official signed, the register entry, and a QR
// code holding the public check URL (the console's #/check/CODE/DIGEST page).
import encodeQR from "qr";
import { rgb } from "pdf-lib";
import type { CaseState, AuditEntry } from "../../engine/case.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { letterhead, localDateTime, newPaper } from "./page.js";

export interface ExtractInput {
  c: CaseState;
  def: Procedure;
  /** The signed step whose result this paper is. */
  signed: AuditEntry & { signature: NonNullable<AuditEntry["signature"]> };
  unitName: string;
  timeZone: string;
  /** Absolute URL of the public check page for this code and digest. */
  checkUrl: string;
}

export async function extractPdf(x: ExtractInput): Promise<Uint8Array> {
  const p = await newPaper(`Kết quả ${x.c.code}`);
  letterhead(p, x.unitName, "Ủy ban nhân dân");
  p.write(`KẾT QUẢ: ${x.def.title.vi.toUpperCase()}`, { bold: true, size: 14, center: true, gap: 4 });
  p.write(`Mã hồ sơ: ${x.c.code}`, { bold: true, size: 13, center: true, gap: 16 });
  if (x.c.register) p.write(`Sổ đăng ký: quyển ${x.c.register.book}, số ${x.c.register.entry}, ngày ${x.c.register.date.split("-").reverse().join("/")}`, { gap: 4 });
  p.write(`Người ký: ${x.signed.signature.signer.subject}`);
  p.write(`Ký lúc: ${localDateTime(x.signed.at, x.timeZone)}`, { gap: 8 });
  p.write("Mã băm nội dung đã ký (SHA-256):", { bold: true });
  p.write(x.signed.signature.payloadDigest.replace(/(.{16})/g, "$1 ").trim(), { size: 10, gap: 10 });
  // The QR code, drawn module by module (no image library): dark squares on the white page.
  const modules = encodeQR(x.checkUrl, "raw", { ecc: "medium" });
  const cell = 3;
  const top = p.y();
  modules.forEach((row, r) => row.forEach((dark, col) => dark && p.page.drawRectangle({ x: p.margin + col * cell, y: top - (r + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) })));
  p.skip(modules.length * cell + 12);
  p.write("Kiểm tra kết quả này (không cần tài khoản): quét mã QR hoặc mở", { size: 10 });
  p.write(x.checkUrl, { size: 8 });
  return p.save();
}
