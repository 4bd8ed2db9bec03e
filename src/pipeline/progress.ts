// Progress for long reads, told by either front-end (a line that redraws itself on the CLI's terminal, a
// log line now and then in the action). Quiet when the read is short: nothing is shown before `quietMs`.
import type { ReadProgress } from '../image/index.js'
import { formatSize } from '../common/size-format.js'

export interface ProgressOptions {
  /** Writes one progress message. */
  show: (message: string) => void
  /** Called once at the end when something was shown (to clear a terminal line). */
  clear?: () => void
  /** Nothing before this many milliseconds. */
  quietMs: number
  /** At most one message per this many milliseconds. */
  intervalMs: number
  now?: () => number
}

export interface ProgressReporter {
  update(progress: ReadProgress): void
  done(): void
}

export function describeProgress(progress: ReadProgress): string {
  const layers = progress.layersDone === 1 ? '1 layer' : `${progress.layersDone} layers`
  return `read ${formatSize(progress.bytes)} of the archive, ${layers} indexed`
}

export function progressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now
  const started = now()
  let lastShown = -Infinity
  let shown = false
  return {
    update(progress) {
      const at = now()
      if (at - started < options.quietMs || at - lastShown < options.intervalMs) return
      lastShown = at
      shown = true
      options.show(describeProgress(progress))
    },
    done() {
      if (shown) options.clear?.()
    }
  }
}
