// The header checksum, summed four bytes at a time when the header is aligned in a large buffer and byte
// by byte otherwise: both must agree with the plain definition, for any bytes, at any offset.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { BLOCK, checksumMatches } from '../../src/image/tar-header.js'

/** The definition: every byte summed unsigned, the checksum field counted as eight spaces. */
function referenceSum(block: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]
  return sum
}

function withChecksum(block: Uint8Array, sum: number): void {
  Buffer.from(block.buffer, block.byteOffset, BLOCK).write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
}

/** The header placed `offset` bytes into a buffer of its own, as the reader's read buffers hold them. */
function placed(header: Uint8Array, offset: number, bufferBytes: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(bufferBytes).fill(0xa5)
  buffer.set(header, offset)
  return buffer
}

const anyHeader = fc.uint8Array({ minLength: BLOCK, maxLength: BLOCK })

describe('checksumMatches', () => {
  it('accepts the right sum and refuses a wrong one, aligned or not, for any header bytes', () => {
    fc.assert(
      fc.property(anyHeader, fc.integer({ min: 0, max: 64 }), fc.boolean(), (bytes, offset, small) => {
        const header = Uint8Array.from(bytes)
        const sum = referenceSum(header)
        withChecksum(header, sum)
        const buffer = placed(header, offset, small ? BLOCK + 64 : 4096 + 64)
        expect(checksumMatches(buffer, offset)).toBe(true)
        withChecksum(header, sum + 1)
        expect(checksumMatches(placed(header, offset, 4096 + 64), offset)).toBe(false)
      }),
      { numRuns: 300 }
    )
  })

  it('sums every byte outside the field when all are 0xff (the largest lane sums)', () => {
    const header = new Uint8Array(BLOCK).fill(0xff)
    const sum = referenceSum(header)
    withChecksum(header, sum)
    for (const offset of [0, 4, 512, 1, 2, 3])
      expect(checksumMatches(placed(header, offset, 8192), offset)).toBe(true)
  })

  it('finds a change in any single byte outside the checksum field', () => {
    const header = new Uint8Array(BLOCK).fill(0x41)
    withChecksum(header, referenceSum(header))
    for (let i = 0; i < BLOCK; i++) {
      if (i >= 148 && i < 156) continue
      const changed = Uint8Array.from(header)
      changed[i] ^= 0x10
      expect(checksumMatches(placed(changed, 0, 8192), 0)).toBe(false)
    }
  })
})
