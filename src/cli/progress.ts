// The CLI's progress: a line on an interactive terminal, redrawn in place on stderr.
import { type ProgressReporter, progressReporter } from '../pipeline/progress.js'

export function terminalProgress(write: (text: string) => void): ProgressReporter {
  return progressReporter({
    show: (message) => write(`\r\x1b[K${message}`),
    clear: () => write('\r\x1b[K'),
    quietMs: 1000,
    intervalMs: 200
  })
}
