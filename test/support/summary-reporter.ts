// Prints one plain closing line, "N passed, N failed, N skipped", that CI tooling reads
// regardless of the test runner's own summary format.
import type { Reporter, File, Task } from "vitest";

function count(tasks: Task[], acc = { passed: 0, failed: 0, skipped: 0 }) {
  for (const t of tasks) {
    if (t.type === "suite") count(t.tasks, acc);
    else if (t.mode === "skip" || t.mode === "todo") acc.skipped++;
    else if (t.result?.state === "pass") acc.passed++;
    else if (t.result?.state === "fail") acc.failed++;
  }
  return acc;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: File[] = [], errors: unknown[] = []): void {
    const c = count(files);
    // Failures outside any test (a file that fails to import) count as failures too.
    const fileErrors = files.filter((f) => f.result?.state === "fail" && f.tasks.length === 0).length + errors.length;
    console.log(`${c.passed} passed, ${c.failed + fileErrors} failed, ${c.skipped} skipped`);
  }
}
