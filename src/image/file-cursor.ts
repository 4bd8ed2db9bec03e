// Forward reads of a regular file through one reused buffer, synchronously. For the archive walk, a
// page-cache copy costs less than handing a read to libuv's thread pool and waiting for it to come back,
// the main thread idle meanwhile (docs/benchmarks.md), and the kernel reads ahead on the forward pattern
// by itself when the file is not cached.

/** A positional read that returns the bytes read (fs.readSync on a descriptor, or a test's fake). */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => number

export class FileCursor {
  private readonly buffer: Buffer
  /** Where the next chunk starts. */
  position = 0

  /** Reads from the start of the file to `end`, at most `chunkBytes` at a time. */
  constructor(
    private readonly readAt: ReadAt,
    private readonly end: number,
    chunkBytes: number
  ) {
    this.buffer = Buffer.allocUnsafeSlow(chunkBytes)
  }

  /**
   * The bytes at the position, up to one buffer; empty at the end, or where the file ends when it is
   * shorter than it was. The chunk stays valid until the next call to `next`.
   */
  next(): Buffer {
    const length = Math.min(this.buffer.length, this.end - this.position)
    if (length <= 0) return this.buffer.subarray(0, 0)
    let filled = 0
    while (filled < length) {
      const bytesRead = this.readAt(this.buffer, filled, length - filled, this.position + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    this.position += filled
    return this.buffer.subarray(0, filled)
  }

  /** Moves the position forward by `length` bytes without reading them. */
  skip(length: number): void {
    this.position += length
  }
}
