// One A4 page of a printed paper: pdf-lib with Noto Sans embedded whole (pdf-lib's subsetting
// drops glyphs of this font), so Vietnamese prints with its accents on any printer or viewer;
// text is written top to bottom and wrapped to the margins.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";

const require = createRequire(import.meta.url);
const FONT = {
  regular: require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
};
const MARGIN = 56;

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

export interface Paper {
  page: PDFPage;
  write(text: string, o?: { bold?: boolean; size?: number; center?: boolean; gap?: number }): void;
  /** Where the next line starts (points from the bottom). */
  y(): number;
  skip(points: number): void;
  margin: number;
  save(): Promise<Uint8Array>;
}

export async function newPaper(title: string): Promise<Paper> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(title);
  pdf.setCreator("motcua");
  const regular = await pdf.embedFont(await readFile(FONT.regular), { subset: false });
  const bold = await pdf.embedFont(await readFile(FONT.bold), { subset: false });
  const page = pdf.addPage([595.28, 841.89]);
  const width = page.getWidth() - 2 * MARGIN;
  let y = page.getHeight() - MARGIN;
  return {
    page,
    margin: MARGIN,
    y: () => y,
    skip: (points) => void (y -= points),
    write(text, o = {}) {
      const font = o.bold ? bold : regular;
      const size = o.size ?? 11;
      for (const line of wrap(text, font, size, width)) {
        const x = o.center ? MARGIN + (width - font.widthOfTextAtSize(line, size)) / 2 : MARGIN;
        page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
        y -= size * 1.45;
      }
      y -= o.gap ?? 0;
    },
    save: () => pdf.save(),
  };
}

/** The letterhead every paper of a commune starts with. */
export function letterhead(p: Paper, unitName: string, office: string): void {
  p.write(unitName.toUpperCase(), { bold: true });
  p.write(office, { gap: 14 });
  p.write("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, center: true });
  p.write("Độc lập - Tự do - Hạnh phúc", { center: true, gap: 18 });
}
