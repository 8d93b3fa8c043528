// The receipt and appointment slip handed to the citizen at intake (giấy tiếp nhận hồ sơ và hẹn
// trả kết quả): the dossier code, what was received, when, and the appointment. A real PDF (pdf-lib)
// with Noto Sans embedded whole (pdf-lib's subsetting drops glyphs of this font), so Vietnamese
// prints with its accents on any printer or viewer.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
import type { CaseState } from "../../engine/case.js";
import type { Procedure } from "../../schemas/generated/procedure.js";

const require = createRequire(import.meta.url);
const FONT = {
  regular: require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
};

export interface ReceiptInput {
  c: CaseState;
  def: Procedure;
  unitName: string;
  /** The calendar's zone: dates are printed as the citizen lives them. */
  timeZone: string;
}

/** "17:00 ngày 03/12/2026" in the zone. */
export function localDateTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} ngày ${parts.day}/${parts.month}/${parts.year}`;
}

/** Lines wrapped to the page width, word by word. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function receiptPdf(r: ReceiptInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`Giấy tiếp nhận hồ sơ ${r.c.code}`);
  pdf.setCreator("motcua");
  const regular = await pdf.embedFont(await readFile(FONT.regular), { subset: false });
  const bold = await pdf.embedFont(await readFile(FONT.bold), { subset: false });
  const page: PDFPage = pdf.addPage([595.28, 841.89]); // A4
  const margin = 56;
  const width = page.getWidth() - 2 * margin;
  let y = page.getHeight() - margin;
  const write = (text: string, o: { font?: PDFFont; size?: number; center?: boolean; gap?: number } = {}) => {
    const font = o.font ?? regular;
    const size = o.size ?? 11;
    for (const line of wrap(text, font, size, width)) {
      const x = o.center ? margin + (width - font.widthOfTextAtSize(line, size)) / 2 : margin;
      page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.45;
    }
    y -= o.gap ?? 0;
  };

  write(r.unitName.toUpperCase(), { font: bold, size: 11 });
  write("Bộ phận tiếp nhận và trả kết quả", { gap: 14 });
  write("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { font: bold, center: true });
  write("Độc lập - Tự do - Hạnh phúc", { center: true, gap: 18 });
  write("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", { font: bold, size: 14, center: true, gap: 4 });
  write(`Mã hồ sơ: ${r.c.code}`, { font: bold, size: 13, center: true, gap: 16 });
  write(`Thủ tục: ${r.def.title.vi}`);
  write(`Tiếp nhận lúc: ${localDateTime(r.c.receivedAt, r.timeZone)} (${r.c.channel === "online" ? "nộp trực tuyến" : "nộp tại Bộ phận một cửa"})`, { gap: 8 });
  write("Giấy tờ đã nhận:", { font: bold });
  const titles = new Map((r.def.form.documents ?? []).map((d) => [d.id, d.title.vi]));
  if (r.c.documents.length === 0) write("(không có)");
  r.c.documents.forEach((d, i) => write(`${i + 1}. ${titles.get(d.id) ?? d.id} (${d.name})`));
  const missing = (r.def.form.documents ?? []).filter((d) => d.required && !r.c.documents.some((x) => x.id === d.id));
  if (missing.length) write(`Còn thiếu, công dân bổ sung sau: ${missing.map((d) => d.title.vi).join("; ")}.`);
  y -= 8;
  write(`Ngày hẹn trả kết quả: ${localDateTime(r.c.dueAt, r.timeZone)}`, { font: bold, size: 13, gap: 8 });
  write("Khi đến nhận kết quả, xin mang theo giấy này. Tra cứu tình trạng hồ sơ bằng mã hồ sơ ở trên.", { size: 10 });
  return pdf.save();
}
