// The heap flags take effect when set at run time: V8 reads them at each collection, which is what lets
// the entry points set them without running themselves again (src/runtime/heap.ts).
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { RUNTIME_HEAP_FLAGS } from '../../src/runtime/heap.js'

const heapModule = path.resolve(import.meta.dirname, '../../src/runtime/heap.ts')

/** Largest young generation of a process that keeps two million small objects alive, in bytes. */
function largestNewSpace(applyFlags: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8'
    import { applyHeapFlags } from ${JSON.stringify(heapModule)}
    if (${applyFlags}) applyHeapFlags()
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size
    const kept = []
    let largest = newSpace()
    for (let i = 0; i < 2e6; i++) {
      kept.push({ i, name: 'entry' + i })
      if (i % 65536 === 0) largest = Math.max(largest, newSpace())
    }
    console.log(Math.max(largest, newSpace()), kept.length)`
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  return Number(output.split(' ')[0])
}

describe('heap flags', () => {
  it('are flags this V8 knows: setFlagsFromString ignores a misspelt one without a word', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })
    for (const flag of RUNTIME_HEAP_FLAGS) {
      const name = flag.replace(/^--/, '').split('=')[0]
      // V8 lists each flag once, with dashes, as "  --name (description)".
      expect(known).toMatch(new RegExp(`^\\s+--${name}\\s`, 'm'))
    }
  })

  it('keep the young generation at its initial size when set at run time', () => {
    // The better of two runs: on a loaded machine V8 sometimes grows the young generation for a while
    // anyway (1-2 MiB idle; 20 and 38 MiB seen once each under load, never twice in a row).
    const withFlags = Math.min(largestNewSpace(true), largestNewSpace(true))
    const withoutFlags = largestNewSpace(false)
    // Without the flags V8 lets it grow to its 128 MiB (two 64 MiB semi-spaces).
    expect(withFlags).toBeLessThanOrEqual(32 * 2 ** 20)
    // The control: the same process without the flags lets the young generation grow many times over.
    expect(withoutFlags).toBeGreaterThan(3 * withFlags)
  })
})
