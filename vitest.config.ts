import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a page to react; 1 s (the default) is short on a busy 2-core machine.
    expect: { poll: { timeout: 5_000 } },
    // PGlite instances are heavy (WASM); keep the number of parallel workers bounded for 2-core CI.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
