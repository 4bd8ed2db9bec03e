// Short strings kept as bytes, one per UTF-16 unit, back to back in one growing buffer: the merged tree's
// names and the layer tables' path suffixes. About 1 byte a character instead of a heap string (a 16-byte
// header, padding) and its 8-byte slot; a string with a unit past 255 is the caller's to keep aside.
export class Latin1Pool {
  bytes: Buffer
  /** Where the next string starts. */
  end = 0

  constructor(initialBytes: number) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes)
  }

  /** Appends `text` from index `from`; false, with nothing appended, when a unit is past 255. */
  append(text: string, from = 0): boolean {
    const length = text.length - from
    if (this.end + length > this.bytes.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.end + length, this.bytes.length * 2))
      this.bytes.copy(larger, 0, 0, this.end)
      this.bytes = larger
    }
    const { bytes } = this
    let at = this.end
    for (let index = from; index < text.length; index++) {
      const unit = text.charCodeAt(index)
      if (unit > 0xff) return false
      bytes[at++] = unit
    }
    this.end = at
    return true
  }

  /** The string stored from `start` to `end`. */
  text(start: number, end: number): string {
    return this.bytes.toString('latin1', start, end)
  }
}
