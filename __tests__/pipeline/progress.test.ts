import { expect, it } from '@jest/globals'
import { progressReporter } from '../../src/pipeline/progress.js'

it('stays quiet on short reads, then shows at most one message per interval', () => {
  let clock = 0
  const shown: string[] = []
  const cleared: number[] = []
  const progress = progressReporter({
    show: (message) => shown.push(message),
    clear: () => cleared.push(clock),
    quietMs: 1000,
    intervalMs: 500,
    now: () => clock
  })
  for (clock = 0; clock < 1000; clock += 100) progress.update({ bytes: clock * 1000, layersDone: 0 })
  expect(shown).toEqual([])
  for (; clock <= 2000; clock += 100) progress.update({ bytes: clock * 1_000_000, layersDone: 1 })
  expect(shown).toEqual([
    'read 1.0 GB of the archive, 1 layer indexed',
    'read 1.5 GB of the archive, 1 layer indexed',
    'read 2.0 GB of the archive, 1 layer indexed'
  ])
  progress.done()
  expect(cleared).toHaveLength(1)
})
