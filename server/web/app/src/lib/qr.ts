// A QR code as an SVG path the page draws itself: no markup string from a library is put into the
// page (the console's CSP allows no inline script, and nothing here needs innerHTML).
import encodeQR from "qr";

/** The modules of the code for `text` (true = dark), with the 4-module quiet zone the standard asks for. */
export function qrModules(text: string): boolean[][] {
  // Medium error correction: a printed code still scans with a stamp or a fold across it.
  return encodeQR(text, "raw", { ecc: "medium", border: 4 });
}

/** One path of unit squares, a horizontal run of dark modules per subpath. */
export function qrPath(modules: boolean[][]): string {
  let d = "";
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return d;
}
