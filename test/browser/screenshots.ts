// `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken from a server with a
// realistic morning's inbox: dossiers of several procedures, one overdue, several due today;
// then a quarter of a commune's dossiers for the dashboard, and a receipt printed at intake
// (its PDF rendered by pdftoppm from Debian's poppler-utils).
// Needs /usr/bin/chromium and a built console (`npm run build:web`, which the script runs first).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { birthDocuments } from "../support/server.js";
import { signJws } from "../support/pki.js";
import { launchBrowser, signIn, startConsoleServer } from "./support.js";

const OUT = new URL("../../docs/screenshots/", import.meta.url).pathname;
const ID = (n: string) => n.padStart(12, "0");
const doc = (id: string) => ({ id, name: `${id}.pdf`, sha256: id.length.toString(16).padStart(2, "0").repeat(32) });
const party = (fullName: string, personalId: string, dateOfBirth: string) => ({
  fullName, dateOfBirth, ethnicity: "Kinh", nationality: "Việt Nam", residence: "Phường Ba Đình, Hà Nội", personalId: ID(personalId),
});

/** A local time in Hà Nội as an instant. */
const local = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+07:00`).toISOString();

const DOSSIERS: Array<{ at: string; procedureId: string; data: unknown; documents: unknown[]; steps: Array<[string, string, unknown?]> }> = [
  {
    at: local("2026-02-27", "10:20"),
    procedureId: "civil-status.birth-registration",
    data: {
      child: { fullName: "Lê Gia Huy", sex: "nam", dateOfBirth: "2026-02-18", placeOfBirth: "Bệnh viện Xanh Pôn, Hà Nội", ethnicity: "Kinh", nationality: "Việt Nam", homeTown: "Thái Bình" },
      mother: party("Đỗ Thị Lan", "001196004321", "1996-04-03"),
      declarant: { fullName: "Lê Văn Hùng", personalId: ID("001093001234"), relationship: "cha" },
      copies: 1,
    },
    documents: birthDocuments(),
    steps: [["tiepnhan", "accept"]],
  },
  {
    at: local("2026-02-27", "16:10"),
    procedureId: "civil-status.death-registration",
    data: {
      deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Phường Ba Đình, Hà Nội", personalId: ID("1041000789") },
      death: { date: "2026-02-26", time: "22:15", place: "Tại nhà riêng, phường Ba Đình", cause: "Bệnh tuổi già" },
      declarant: { fullName: "Lê Thị Hoa", personalId: ID("1170002345"), relationship: "con" },
      copies: 3,
    },
    documents: [doc("death-notice"), doc("declarant-id")],
    steps: [["tiepnhan", "accept"]],
  },
  {
    at: local("2026-03-02", "08:05"),
    procedureId: "civil-status.birth-registration",
    data: {
      child: { fullName: "Nguyễn Minh An", sex: "nam", dateOfBirth: "2026-02-20", placeOfBirth: "Bệnh viện Phụ sản Hà Nội", ethnicity: "Kinh", nationality: "Việt Nam", homeTown: "Nam Định" },
      mother: party("Trần Thị Bình", "001195012345", "1995-05-12"),
      declarant: { fullName: "Trần Thị Bình", personalId: ID("001195012345"), relationship: "me" },
      copies: 2,
    },
    documents: birthDocuments(),
    steps: [["tiepnhan", "accept"], ["hotich", "record", { book: "01/2026", entryNumber: "126" }]],
  },
  {
    at: local("2026-03-02", "08:40"),
    procedureId: "civil-status.marriage-registration",
    data: { bride: { ...party("Phạm Thị Thu Hà", "1198003456", "1998-11-02"), marriageCount: 1 }, groom: { ...party("Võ Quốc Bảo", "1096005678", "1996-01-25"), marriageCount: 1 }, copies: 2 },
    documents: [doc("bride-id"), doc("groom-id")],
    steps: [["tiepnhan", "accept"]],
  },
  {
    at: local("2026-03-02", "09:10"),
    procedureId: "civil-status.marital-status-confirmation",
    data: {
      person: { fullName: "Đặng Thị Mai", sex: "nu", dateOfBirth: "1997-07-07", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Phường Ba Đình, Hà Nội", personalId: ID("1197006789") },
      maritalStatus: "chua-ket-hon",
      purpose: "ket-hon",
      intendedSpouse: { fullName: "Kim Min-jun", dateOfBirth: "1994-03-03", nationality: "Hàn Quốc", marriagePlace: "Sở Tư pháp TP. Hà Nội" },
      residencePeriods: [{ residence: "Phường Ba Đình, Hà Nội", from: "1997-07-07" }],
    },
    documents: [doc("applicant-id")],
    steps: [["tiepnhan", "accept"]],
  },
];

function copyCertification(channel: "online" | "counter", pages: number) {
  return {
    procedureId: "civil-status.copy-certification",
    channel,
    data: {
      requester: { fullName: "Bùi Thị Lan", personalId: "079185007788" },
      document: { type: "van-bang-chung-chi", title: "Bằng tốt nghiệp đại học", number: "QH-2008-123", issuedBy: "Đại học Quốc gia Hà Nội", issueDate: "2008-07-01" },
      pages,
      copies: 2,
    },
    documents: [doc("original"), doc("copies")],
  };
}

/** About three dossiers a working day from 5 January to 2 March, with a fixed pattern (no randomness: the picture is the same each run). */
async function quarterOfDossiers(tokens: Record<string, string>): Promise<void> {
  const as = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const act = async (id: string, who: string, action: string, data?: unknown) => {
    const r = await request(cs.s.app).post(`/cases/${id}/actions`).set(as(who)).send({ action, data });
    if (r.status !== 200) throw new Error(`${action}: ${JSON.stringify(r.body)}`);
  };
  let n = 0;
  for (let day = Date.UTC(2026, 0, 5); day <= Date.UTC(2026, 2, 2); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    if ([0, 6].includes(new Date(day).getUTCDay()) || (date >= "2026-02-14" && date <= "2026-02-22")) continue; // weekends, Tết
    for (let k = 0; k < 2 + (n % 3); k++, n++) {
      cs.s.now = local(date, `${String(8 + k).padStart(2, "0")}:15`);
      const r = await request(cs.s.app).post("/cases").set(as("tiepnhan")).send(copyCertification(n % 5 === 0 ? "counter" : "online", 1 + (n % 4)));
      if (r.status !== 201) throw new Error(`dossier ${n}: ${JSON.stringify(r.body)}`);
      const id = r.body.case.id as string;
      if (date >= "2026-02-26") continue; // the last days' are still open
      if (n % 11 === 0) {
        await act(id, "tiepnhan", "withdraw", {});
        continue;
      }
      await act(id, "tiepnhan", "accept");
      if (n % 13 === 0) {
        await act(id, "hotich", "refuse", { reason: "Bản chính không rõ nét" });
        continue;
      }
      const paid = await request(cs.s.app).post(`/cases/${id}/payment`).set(as("tiepnhan")).send(n % 5 === 0 ? { method: "cash" } : { method: "online", reference: `VNPAY-${n}` });
      if (paid.status !== 200) throw new Error(`payment: ${JSON.stringify(paid.body)}`);
      // Signed and returned the same morning, or (one in seven) three days later, after the due date.
      cs.s.now = n % 7 === 0 ? local(new Date(day + 86_400_000 * 3).toISOString().slice(0, 10), "09:00") : local(date, "11:30");
      await act(id, "hotich", "record", { book: "01/2026-SCT", entryNumber: String(n + 1), copiesMatchOriginal: true });
      const payload = await request(cs.s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"));
      const jws = await signJws(cs.s.pki.signer, new TextEncoder().encode(payload.body.canonical));
      const signed = await request(cs.s.app).post(`/cases/${id}/actions`).set(as("chutich")).send({ action: "sign", signature: { format: "jws", jws } });
      if (signed.status !== 200) throw new Error(`sign: ${JSON.stringify(signed.body)}`);
      await act(id, "tiepnhan", "return-result");
      await act(id, "luutru", "archive");
    }
  }
}

const cs = await startConsoleServer();
try {
  const tokens: Record<string, string> = {};
  for (const u of ["tiepnhan", "hotich", "chutich", "luutru"]) tokens[u] = await cs.s.login(u);
  for (const d of DOSSIERS) {
    cs.s.now = d.at;
    const r = await request(cs.s.app).post("/cases").set({ authorization: `Bearer ${tokens.tiepnhan}` }).send({ procedureId: d.procedureId, data: d.data, documents: d.documents });
    if (r.status !== 201) throw new Error(`${d.procedureId}: ${JSON.stringify(r.body)}`);
    let version = r.body.case.version as number;
    for (const [who, action, data] of d.steps) {
      const s = await request(cs.s.app).post(`/cases/${r.body.case.id}/actions`).set({ authorization: `Bearer ${tokens[who]}` }).send({ action, data, expectedVersion: version });
      if (s.status !== 200) throw new Error(`${action}: ${JSON.stringify(s.body)}`);
      version = s.body.case.version;
    }
  }
  cs.s.now = local("2026-03-02", "10:00");

  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "vi-VN", deviceScaleFactor: 1 })).newPage();
  mkdirSync(OUT, { recursive: true });
  await signIn(page, cs.url, "hotich");
  const table = page.getByTestId("inbox-table");
  await table.locator("tbody tr").nth(DOSSIERS.length - 1).waitFor();
  const box = (await table.boundingBox())!;
  await page.screenshot({ path: `${OUT}inbox.png`, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 20) } });
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await signIn(page, cs.url, "quantri");
  await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
  await page.getByTestId("diagram").screenshot({ path: `${OUT}procedure-diagram.png` });
  await page.getByRole("button", { name: "Đăng xuất" }).click();

  // The quarter so far: copy certifications and births received on working days since January,
  // most online, the older ones returned (some late), a few refused or withdrawn.
  await quarterOfDossiers(tokens);
  cs.s.now = local("2026-03-02", "10:00");
  await signIn(page, cs.url, "truongbophan");
  await page.getByRole("link", { name: "Báo cáo" }).click();
  await page.getByLabel("Kỳ báo cáo").selectOption({ label: "Quý này" });
  await page.getByTestId("series-chart").waitFor();
  const units = (await page.getByTestId("by-procedure").boundingBox())!;
  await page.screenshot({ path: `${OUT}dashboard.png`, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(units.y + units.height + 70) } });
  await browser.close();

  // The receipt and appointment slip of a copy certification taken at the counter, first page at 80 dpi.
  cs.s.now = local("2026-03-02", "09:40");
  const r = await request(cs.s.app).post("/cases").set({ authorization: `Bearer ${tokens.tiepnhan}` }).send(copyCertification("counter", 4));
  if (r.status !== 201) throw new Error(`receipt case: ${JSON.stringify(r.body)}`);
  const pdf = await request(cs.s.app).get(`/cases/${r.body.case.id}/receipt.pdf`).set({ authorization: `Bearer ${tokens.tiepnhan}`, "tracking-secret": r.body.trackingSecret, host: "motcua.example.vn" }).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => cb(null, Buffer.concat(chunks)));
  });
  const dir = mkdtempSync(join(tmpdir(), "motcua-screenshots-"));
  writeFileSync(join(dir, "receipt.pdf"), pdf.body as Buffer);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", join(dir, "receipt.pdf"), `${OUT}receipt`]);
  console.log(`wrote ${OUT}inbox.png, procedure-diagram.png, dashboard.png and receipt.png`);
} finally {
  await cs.close();
}
