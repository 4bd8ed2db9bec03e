// The seekable reader's window: whatever order reads land in and wherever skips go, `next` returns the
// file's bytes at the position, and no buffer ever has two reads in flight.
import { expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { ReadWindow } from '../../src/image/read-window.js'
import { lateLandingHandle, seeded } from '../helpers/late-reads.js'

/** Reads land after 0–3 ms; `shrinkTo` makes the file shorter than the size given to the window. */
function fakeHandle(bytes: Buffer, random: () => number, problems: string[], shrinkTo = bytes.length) {
  return lateLandingHandle(bytes, () => Math.floor(random() * 4), problems, shrinkTo)
}

it('returns the bytes at the position through any mix of reads and skips', async () => {
  const bytes = randomBytes(300_000)
  for (let round = 0; round < 20; round++) {
    const random = seeded(round + 1)
    const problems: string[] = []
    const { handle } = fakeHandle(bytes, random, problems)
    const window = new ReadWindow(handle, bytes.length, 4096 + round * 997, 1 + (round % 4))
    let position = 0
    for (;;) {
      if (random() < 0.3) {
        // Skips both inside the window and far beyond it.
        const length = Math.min(bytes.length - position, Math.floor(random() ** 3 * 40_000))
        window.skip(length)
        position += length
        continue
      }
      const chunk = await window.next()
      if (chunk.length === 0) break
      expect(chunk.equals(bytes.subarray(position, position + chunk.length))).toBe(true)
      position += chunk.length
    }
    await window.settled()
    expect(position).toBe(bytes.length)
    expect(problems).toEqual([])
  }
})

it('reuses what the window already read when a skip lands inside it', async () => {
  const bytes = randomBytes(64 * 1024)
  const { handle, reads } = fakeHandle(bytes, () => 0, [])
  const window = new ReadWindow(handle, bytes.length, 16 * 1024, 4)
  expect((await window.next()).length).toBe(16 * 1024)
  window.skip(20 * 1024)
  const chunk = await window.next()
  expect(chunk.equals(bytes.subarray(36 * 1024, 48 * 1024))).toBe(true)
  // Four reads cover the file: the skip into the window read nothing again.
  expect(reads()).toBe(4)
  await window.settled()
})

it('ends where the file ends when it is shorter than its size said', async () => {
  const bytes = randomBytes(50_000)
  const problems: string[] = []
  const { handle } = fakeHandle(bytes, seeded(7), problems, 30_000)
  const window = new ReadWindow(handle, bytes.length, 8192, 3)
  let total = 0
  for (let chunk = await window.next(); chunk.length > 0; chunk = await window.next()) {
    expect(chunk.equals(bytes.subarray(total, total + chunk.length))).toBe(true)
    total += chunk.length
  }
  await window.settled()
  expect(total).toBe(30_000)
  expect(problems).toEqual([])
})

it('surfaces a failed read', async () => {
  const handle = { read: () => Promise.reject(new Error('EIO: i/o error')) } as unknown as FileHandle
  const window = new ReadWindow(handle, 10_000, 4096, 2)
  await expect(window.next()).rejects.toThrow('EIO')
  await window.settled()
})
