import type { Reporter, RunnerTask, RunnerTestFile } from "vitest/node";

function collect(tasks: RunnerTask[], counts: { passed: number; failed: number; skipped: number }) {
  for (const task of tasks) {
    if (task.type === "suite") collect(task.tasks, counts);
    else if (task.result?.state === "pass") counts.passed++;
    else if (task.result?.state === "fail") counts.failed++;
    else counts.skipped++;
  }
}

/** Ends the run with one plain line, "Tests: N passed, N failed, N skipped", for CI logs. */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    collect(files, counts);
    // A file that fails to load has no tests but must still count as a failure.
    const failedFiles = files.filter(
      (file) => file.result?.state === "fail" && file.tasks.length === 0,
    );
    counts.failed += failedFiles.length + errors.length;
    console.log(
      `\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}
