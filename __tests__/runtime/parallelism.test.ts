// Parallel work sized by the cores (src/runtime/parallelism.ts), and libuv's thread pool sized at run time by the
// entry points: libuv reads UV_THREADPOOL_SIZE when the pool starts, so setting it first takes effect.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { compressedLayerReads, sizeThreadPool } from '../../src/runtime/parallelism.js'

const parallelismModule = path.resolve(import.meta.dirname, '../../src/runtime/parallelism.ts')

describe('parallelism by core count', () => {
  it('reads one compressed layer more than the cores, on a pool with room for them', () => {
    expect(compressedLayerReads()).toBe(Math.max(3, availableParallelism() + 1))
    const env: NodeJS.ProcessEnv = {}
    sizeThreadPool(env)
    expect(env.UV_THREADPOOL_SIZE).toBe(String(Math.max(4, compressedLayerReads() + 1)))
  })

  it('leaves a pool size the environment set', () => {
    const env: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '1' }
    sizeThreadPool(env)
    expect(env.UV_THREADPOOL_SIZE).toBe('1')
  })

  /**
   * A read of a FIFO with no data holds one pool thread; a stat then finishes first only when the pool has
   * a second thread. Otherwise it waits until a timer writes to the FIFO. Returns what finished in order.
   */
  function poolOrder(presetSize: string | undefined): string[] {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-pool-'))
    try {
      const fifo = path.join(dir, 'fifo')
      execFileSync('mkfifo', [fifo])
      const script = `
        import { openSync, read, stat, writeSync } from 'node:fs'
        import { sizeThreadPool } from ${JSON.stringify(parallelismModule)}
        sizeThreadPool()
        const order = []
        const fd = openSync(${JSON.stringify(fifo)}, 'r+')
        const timer = setTimeout(() => { order.push('timer'); writeSync(fd, 'x') }, 3000)
        const done = () => { if (order.includes('read') && order.includes('stat')) console.log(order.join(' ')) }
        read(fd, Buffer.alloc(1), 0, 1, null, () => { order.push('read'); clearTimeout(timer); done() })
        stat(${JSON.stringify(dir)}, () => {
          order.push('stat')
          if (!order.includes('timer')) writeSync(fd, 'x')
          done()
        })`
      const env = { ...process.env, UV_THREADPOOL_SIZE: presetSize }
      if (presetSize === undefined) delete env.UV_THREADPOOL_SIZE
      return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env })
        .trim()
        .split(' ')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('takes effect when set at run time before the pool starts', () => {
    expect(poolOrder(undefined)[0]).toBe('stat')
    // The control: a pool of one thread, which the blocked read holds until the timer writes.
    expect(poolOrder('1')).toEqual(['timer', 'read', 'stat'])
  })
})
