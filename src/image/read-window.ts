// Forward reads of a regular file through a small window of reused buffers, several reads in flight.
import type { FileHandle } from 'node:fs/promises'

interface WindowRead {
  buffer: Buffer
  at: number
  length: number
  /** Bytes read; a failed read rejects here. */
  read: Promise<number>
}

/**
 * Every read is issued as soon as its buffer is free, synchronously, so page-cache copies on the thread
 * pool overlap the parse of the chunk before (a read issued from a promise callback would start only
 * after the parse). A skip that lands inside the window reuses what was read; beyond it, reading
 * restarts there. A buffer is reused only once its read has landed, even a read a skip made useless.
 */
export class ReadWindow {
  private readonly free: Buffer[] = []
  private readonly window: WindowRead[] = []
  private lent: Buffer | undefined
  /** Reads made useless by a skip or a short read, still writing into their buffers. */
  private readonly orphans = new Set<Promise<unknown>>()
  /** Where the consumer is: the next chunk starts here. */
  private position = 0
  /** Where the next read into the window starts. */
  private issueAt = 0

  constructor(
    private readonly handle: FileHandle,
    private end: number,
    bufferBytes: number,
    depth: number
  ) {
    for (let index = 0; index < depth; index++) this.free.push(Buffer.allocUnsafeSlow(bufferBytes))
  }

  /**
   * The bytes at the current position, up to one buffer; empty at the end. The chunk stays valid until
   * the next call to `next` or `skip`.
   */
  async next(): Promise<Buffer> {
    this.release()
    for (;;) {
      this.fill()
      const head = this.window[0]
      if (!head) {
        if (this.position >= this.end) return Buffer.alloc(0)
        // Every buffer is still held by an orphaned read: wait for one to land.
        await Promise.race(this.orphans)
        continue
      }
      const bytesRead = await head.read
      if (this.window[0] !== head) continue
      this.window.shift()
      if (bytesRead < head.length) {
        // The file is shorter than it was: later reads in the window are past its end.
        this.end = head.at + bytesRead
        this.orphanWindow()
        this.issueAt = this.end
      }
      const start = this.position - head.at
      if (start >= bytesRead) {
        this.free.push(head.buffer)
        if (bytesRead === 0) return Buffer.alloc(0)
        continue
      }
      this.lent = head.buffer
      this.position = head.at + bytesRead
      this.fill()
      return head.buffer.subarray(start, bytesRead)
    }
  }

  /** Moves the position forward by `length` bytes without returning them. */
  skip(length: number): void {
    this.release()
    this.position += length
    while (this.window.length > 0 && this.window[0].at + this.window[0].length <= this.position) {
      this.orphan(this.window.shift() as WindowRead)
    }
    if (this.window.length === 0) this.issueAt = Math.max(this.issueAt, this.position)
    this.fill()
  }

  /** Settles once no read is writing into any buffer. */
  async settled(): Promise<void> {
    await Promise.all([...this.window.map((read) => read.read.catch(() => undefined)), ...this.orphans])
  }

  private release(): void {
    if (this.lent) this.free.push(this.lent)
    this.lent = undefined
  }

  private fill(): void {
    while (this.free.length > 0 && this.issueAt < this.end) {
      const buffer = this.free.pop() as Buffer
      const at = this.issueAt
      const length = Math.min(buffer.length, this.end - at)
      const read = this.handle.read(buffer, 0, length, at).then((result) => result.bytesRead)
      // A read still in flight when the consumer stops must not surface as an unhandled rejection.
      read.catch(() => undefined)
      this.window.push({ buffer, at, length, read })
      this.issueAt = at + length
    }
  }

  private orphanWindow(): void {
    for (const read of this.window.splice(0)) this.orphan(read)
  }

  private orphan(read: WindowRead): void {
    const landed: Promise<unknown> = read.read
      .catch(() => undefined)
      .then(() => {
        this.orphans.delete(landed)
        this.free.push(read.buffer)
      })
    this.orphans.add(landed)
  }
}
