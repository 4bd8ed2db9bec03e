// Prints one plain "N passed, N failed, N skipped" line at the end so CI logs
// carry a runner-neutral verdict line (Jest's own summary is not in that form).
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    process.stdout.write(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`
    )
  }
}
module.exports = PlainSummaryReporter
