// Browser tests: Debian's Chromium driven by playwright-core (no downloaded browser), against a
// real server (startTestServer on PGlite) with the built web console, listening on 127.0.0.1:0.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.js";
import { defaultConsoleDir, webConsole } from "../../server/web/console.js";
import { DEMO_PASSWORD } from "../../server/seed.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface ConsoleServer {
  s: TestServer;
  url: string;
  /** Where the signer's development key and certificate were written (the dev PKI's layout). */
  devPkiDir: string;
  close(): Promise<void>;
}

/** The test server with the console mounted; its clock is the test server's fake clock. */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const dir = defaultConsoleDir();
  if (!existsSync(join(dir, "index.html"))) throw new Error("web console not built: run `npm run build:web` (npm test does it in pretest)");
  const devPkiDir = mkdtempSync(join(tmpdir(), "motcua-dev-pki-"));
  let s: TestServer | undefined;
  const publicRoutes = webConsole({ dir, clock: () => s!.now, devPkiDir });
  s = await startTestServer({ wire: { publicRoutes } });
  // The signer's key and certificate, laid out as the development PKI does (officials/<username>.*.pem).
  mkdirSync(join(devPkiDir, "officials"));
  writeFileSync(join(devPkiDir, "officials", "chutich.key.pem"), s.pki.signer.keyPem, { mode: 0o600 });
  writeFileSync(join(devPkiDir, "officials", "chutich.cert.pem"), s.pki.signer.pem);
  const server: Server = await new Promise((resolve) => {
    const h = s!.app.listen(0, "127.0.0.1", () => resolve(h));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    s,
    url,
    devPkiDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await s!.close();
    },
  };
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean; path?: string } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: opts.path ?? join(ARTIFACTS, `${name}.png`), fullPage: opts.fullPage ?? true });
}

/** Signs in through the login form, as a person does. */
export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
  await page.getByLabel(/Mật khẩu|Password/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /^(Đăng nhập|Sign in)$/ }).click();
  await page.getByTestId("user-name").waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Đăng xuất|Sign out)$/ }).click();
  await page.getByLabel(/Tên đăng nhập|Username/).waitFor();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary: string }>;
}

/** Runs axe-core's WCAG 2.1 A and AA rules in the page (evaluated over the DevTools protocol, so the page's CSP stays on); fails listing every violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)",
  )) as Violation[];
  const report = violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`);
  // A plain error, not vitest's expect: `npm run screenshots` uses this module outside vitest.
  if (report.length > 0) throw new Error(`${report.length} accessibility violation(s):\n${report.join("\n")}`);
}
