import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'

const CHUNK = 4 * 1024 * 1024

/** A synchronous, buffered file writer that hashes (sha256) and counts what it writes. */
export class HashingFileSink {
  constructor(path) {
    this.fd = openSync(path, 'w')
    this.hash = createHash('sha256')
    this.buffer = Buffer.allocUnsafe(CHUNK)
    this.used = 0
    this.size = 0
  }

  write(bytes, start = 0, end = bytes.length) {
    while (start < end) {
      const n = Math.min(end - start, CHUNK - this.used)
      bytes.copy(this.buffer, this.used, start, start + n)
      this.used += n
      start += n
      if (this.used === CHUNK) this.flush()
    }
  }

  zeros(count) {
    while (count > 0) {
      const n = Math.min(count, CHUNK - this.used)
      this.buffer.fill(0, this.used, this.used + n)
      this.used += n
      count -= n
      if (this.used === CHUNK) this.flush()
    }
  }

  flush() {
    if (this.used === 0) return
    const chunk = this.buffer.subarray(0, this.used)
    this.hash.update(chunk)
    let offset = 0
    while (offset < this.used) offset += writeSync(this.fd, chunk, offset, this.used - offset)
    this.size += this.used
    this.used = 0
  }

  /** @returns {{digest: string, size: number}} digest as `sha256:<hex>` */
  close() {
    this.flush()
    closeSync(this.fd)
    return { digest: `sha256:${this.hash.digest('hex')}`, size: this.size }
  }
}
