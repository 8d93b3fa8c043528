// Demo units and officials for a new embedded database. DEVELOPMENT ONLY: well-known password.
import type { Database } from "./db/database.js";
import { upsertUnit } from "./store/units.js";
import { insertOfficial } from "./store/officials.js";
import { hashPassword } from "./http/auth.js";

export const DEMO_PASSWORD = "motcua-demo";

export const DEMO_UNITS = [
  { code: "01", name: "Thành phố Hà Nội", level: "province" as const, province: "01" },
  { code: "01-ba-dinh", name: "Phường Ba Đình", level: "commune" as const, province: "01" },
  { code: "01-hoan-kiem", name: "Phường Hoàn Kiếm", level: "commune" as const, province: "01" },
  // Agencies that take the linked parts of Ba Đình's interconnected procedures (procedures/police.*, social-insurance.*).
  { code: "01-ba-dinh-cong-an", name: "Công an phường Ba Đình", level: "commune" as const, province: "01" },
  { code: "01-ba-dinh-bhxh", name: "Bảo hiểm xã hội cơ sở Ba Đình", level: "commune" as const, province: "01" },
];

export const DEMO_OFFICIALS = [
  { id: "o-tiepnhan", username: "tiepnhan", fullName: "Lê Thị Tiếp Nhận", unit: "01-ba-dinh", roles: ["reception"] },
  { id: "o-hotich", username: "hotich", fullName: "Trần Văn Hộ Tịch", unit: "01-ba-dinh", roles: ["civil-status"] },
  { id: "o-chutich", username: "chutich", fullName: "Nguyễn Văn Chủ Tịch", unit: "01-ba-dinh", roles: ["signer"] },
  { id: "o-luutru", username: "luutru", fullName: "Phạm Thị Lưu Trữ", unit: "01-ba-dinh", roles: ["archivist"] },
  { id: "o-truongbophan", username: "truongbophan", fullName: "Đỗ Văn Trưởng Bộ Phận", unit: "01-ba-dinh", roles: ["supervisor", "reception"] },
  { id: "o-tiepnhan-hk", username: "tiepnhan.hk", fullName: "Vũ Thị Hoàn Kiếm", unit: "01-hoan-kiem", roles: ["reception"] },
  // Answers verifications other communes ask of Hoàn Kiếm (a former place of residence).
  { id: "o-hotich-hk", username: "hotich.hk", fullName: "Ngô Văn Xác Minh", unit: "01-hoan-kiem", roles: ["civil-status"] },
  { id: "o-congan", username: "congan", fullName: "Lý Văn Cư Trú", unit: "01-ba-dinh-cong-an", roles: ["police-officer"] },
  { id: "o-truongcongan", username: "truongcongan", fullName: "Trịnh Văn Trưởng Công An", unit: "01-ba-dinh-cong-an", roles: ["signer"] },
  { id: "o-bhxh", username: "bhxh", fullName: "Mai Thị Bảo Hiểm", unit: "01-ba-dinh-bhxh", roles: ["insurance-officer"] },
  { id: "o-giamdocbhxh", username: "giamdocbhxh", fullName: "Đinh Văn Giám Đốc", unit: "01-ba-dinh-bhxh", roles: ["signer"] },
  { id: "o-quantri", username: "quantri", fullName: "Hoàng Văn Quản Trị", unit: "01", roles: ["admin"] },
  { id: "o-kiemtra", username: "kiemtra", fullName: "Bùi Thị Kiểm Tra", unit: "01", roles: ["auditor"] },
];

export async function isNewDatabase(db: Database): Promise<boolean> {
  const r = await db.query<{ n: number }>("select count(*)::int as n from officials");
  return r.rows[0]!.n === 0;
}

export async function seedDemo(db: Database, password = DEMO_PASSWORD): Promise<void> {
  const hash = await hashPassword(password);
  await db.tx(async (q) => {
    for (const u of DEMO_UNITS) await upsertUnit(q, u);
    for (const o of DEMO_OFFICIALS) await insertOfficial(q, { ...o, passwordHash: hash });
  });
}
