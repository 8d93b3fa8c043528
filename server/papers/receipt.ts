// The receipt and appointment slip handed to the citizen at intake (giấy tiếp nhận hồ sơ và hẹn
// trả kết quả): the dossier code, what was received, when, and the appointment.
import type { CaseState } from "../../engine/case.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { letterhead, localDateTime, newPaper } from "./page.js";

export interface ReceiptInput {
  c: CaseState;
  def: Procedure;
  unitName: string;
  /** The calendar's zone: dates are printed as the citizen lives them. */
  timeZone: string;
  /** The tracking secret, when the caller holds it (right after intake, or a new one): only its hash is kept. */
  trackingSecret?: string;
  /** The public tracking page (the console's #/track on the host the slip is printed from). */
  trackUrl: string;
}

export async function receiptPdf(r: ReceiptInput): Promise<Uint8Array> {
  const p = await newPaper(`Giấy tiếp nhận hồ sơ ${r.c.code}`);
  letterhead(p, r.unitName, "Bộ phận tiếp nhận và trả kết quả");
  p.write("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", { bold: true, size: 14, center: true, gap: 4 });
  p.write(`Mã hồ sơ: ${r.c.code}`, { bold: true, size: 13, center: true, gap: 16 });
  p.write(`Thủ tục: ${r.def.title.vi}`);
  p.write(`Tiếp nhận lúc: ${localDateTime(r.c.receivedAt, r.timeZone)} (${r.c.channel === "online" ? "nộp trực tuyến" : "nộp tại Bộ phận một cửa"})`, { gap: 8 });
  p.write("Giấy tờ đã nhận:", { bold: true });
  const titles = new Map((r.def.form.documents ?? []).map((d) => [d.id, d.title.vi]));
  if (r.c.documents.length === 0) p.write("(không có)");
  r.c.documents.forEach((d, i) => p.write(`${i + 1}. ${titles.get(d.id) ?? d.id} (${d.name})`));
  const missing = (r.def.form.documents ?? []).filter((d) => d.required && !r.c.documents.some((x) => x.id === d.id));
  if (missing.length) p.write(`Còn thiếu, công dân bổ sung sau: ${missing.map((d) => d.title.vi).join("; ")}.`);
  const fee = r.c.fee;
  if (fee) {
    const vnd = (n: number) => `${new Intl.NumberFormat("vi-VN").format(n)} đồng`;
    const quantity = fee.quantity !== undefined && r.def.fee.kind === "per-unit" ? ` (${fee.quantity} ${r.def.fee.unit.vi})` : "";
    p.write(`Lệ phí: ${vnd(fee.amount)}${quantity}`, { gap: 2 });
    if (fee.exemption) p.write(`Miễn ${fee.exemption.percent}%: ${fee.exemption.reason.vi}. Phải nộp: ${vnd(fee.due)}`, { gap: 2 });
    if (fee.payment) p.write(`Đã nộp ${vnd(fee.due)}, biên lai số ${fee.payment.receipt}`, { gap: 2 });
    else if (fee.due > 0) p.write(`Chưa nộp: ${vnd(fee.due)}`, { gap: 2 });
  }
  p.skip(8);
  p.write(`Ngày hẹn trả kết quả: ${localDateTime(r.c.dueAt, r.timeZone)}`, { bold: true, size: 13, gap: 8 });
  p.write(`Mã tra cứu: ${r.trackingSecret ?? "(đã cấp khi tiếp nhận; nếu mất, đề nghị Bộ phận một cửa cấp mã mới)"}`, { bold: r.trackingSecret !== undefined, gap: 4 });
  p.write(`Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu tại: ${r.trackUrl}`, { size: 10 });
  p.write("Khi đến nhận kết quả, xin mang theo giấy này. Không cho người khác biết mã tra cứu.", { size: 10 });
  return p.save();
}
