// Cuts a zstd stream at frame boundaries (RFC 8878). Node's zstd decoder stops at the end of a frame
// when the same write carries the next frame (nodejs/node#64741), which would silently drop every entry
// after the first frame of a multi-frame layer (zstd:chunked, pzstd). Writing frame by frame avoids it.
// Skippable frames (zstd:chunked's metadata) hold no content and are dropped.

const enum Field {
  Magic,
  SkippableSize,
  SkippableBody,
  Descriptor,
  HeaderRest,
  BlockHeader,
  BlockBody,
  Checksum
}

/** One chunk being cut: its pieces so far, and where the piece under way began. */
interface ChunkCut {
  readonly chunk: Buffer
  readonly pieces: Buffer[]
  pieceStart: number
}

export class ZstdFrameSplitter {
  private field = Field.Magic
  /** Bytes of a small field gathered so far (fields may straddle chunks). */
  private readonly small = Buffer.alloc(8)
  private smallFill = 0
  /** Bytes of the current field (small fields) or of the current body still to come. */
  private remaining = 4
  private checksumFlag = false
  private lastBlock = false
  /** Where the current magic number began in this chunk, or -1 when it began in an earlier one. */
  private magicStart = 0

  /** Splits a chunk into pieces that each end at most at a frame boundary, without skippable frames. */
  push(chunk: Buffer): Buffer[] {
    const cut: ChunkCut = { chunk, pieces: [], pieceStart: 0 }
    let offset = 0
    if (this.field === Field.Magic && this.smallFill > 0) this.magicStart = -1
    while (offset < chunk.length) {
      if (this.field === Field.Magic && this.smallFill === 0) this.magicStart = offset
      if (this.field === Field.SkippableBody || this.field === Field.BlockBody) {
        const take = Math.min(this.remaining, chunk.length - offset)
        offset += take
        this.remaining -= take
        if (this.remaining === 0) this.bodyRead(cut, offset)
        continue
      }
      const take = Math.min(this.remaining - this.smallFill, chunk.length - offset)
      chunk.copy(this.small, this.smallFill, offset, offset + take)
      this.smallFill += take
      offset += take
      if (this.smallFill === this.remaining) this.smallFieldRead(cut, offset)
    }
    // Bytes of a magic number not yet complete are held back until it says what kind of frame follows.
    const end = this.field === Field.Magic ? chunk.length - this.smallFill : chunk.length
    const inSkippable = this.field === Field.SkippableSize || this.field === Field.SkippableBody
    if (!inSkippable && this.field !== Field.Magic && cut.pieceStart < end)
      cut.pieces.push(chunk.subarray(cut.pieceStart, end))
    else if (this.field === Field.Magic && this.magicStart !== -1 && cut.pieceStart < end)
      cut.pieces.push(chunk.subarray(cut.pieceStart, end))
    return cut.pieces
  }

  /** A skippable frame's or a block's body has ended at `offset`. */
  private bodyRead(cut: ChunkCut, offset: number): void {
    if (this.field === Field.SkippableBody) {
      cut.pieceStart = offset
      this.startFrame()
    } else if (this.lastBlock) this.afterLastBlock(cut, offset)
    else this.expect(Field.BlockHeader, 3)
  }

  /** A small field (magic, sizes, headers, checksum) is whole in `small`; `offset` is just past it. */
  private smallFieldRead(cut: ChunkCut, offset: number): void {
    switch (this.field) {
      case Field.Magic: {
        const magic = this.small.readUInt32LE(0)
        const skippable = (magic & 0xfffffff0) === 0x184d2a50
        if (this.magicStart >= 0) {
          // Cut before a skippable frame and leave it out.
          if (skippable && this.magicStart > cut.pieceStart)
            cut.pieces.push(cut.chunk.subarray(cut.pieceStart, this.magicStart))
        } else if (!skippable) {
          // The magic began in the previous chunk, which held its first bytes back: emit it whole.
          cut.pieces.push(Buffer.from(this.small.subarray(0, 4)))
          cut.pieceStart = offset
        }
        if (skippable) this.expect(Field.SkippableSize, 4)
        else this.expect(Field.Descriptor, 1)
        break
      }
      case Field.SkippableSize:
        this.field = Field.SkippableBody
        this.remaining = this.small.readUInt32LE(0)
        this.smallFill = 0
        if (this.remaining === 0) {
          cut.pieceStart = offset
          this.startFrame()
        }
        break
      case Field.Descriptor: {
        const descriptor = this.small[0]
        const singleSegment = (descriptor & 0x20) !== 0
        const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]
        const dictionaryBytes = [0, 1, 2, 4][descriptor & 0x03]
        this.checksumFlag = (descriptor & 0x04) !== 0
        const rest = (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes
        if (rest > 0) this.expect(Field.HeaderRest, rest)
        else this.expect(Field.BlockHeader, 3)
        break
      }
      case Field.HeaderRest:
        this.expect(Field.BlockHeader, 3)
        break
      case Field.BlockHeader: {
        const header = this.small[0] | (this.small[1] << 8) | (this.small[2] << 16)
        this.lastBlock = (header & 1) === 1
        const blockType = (header >> 1) & 3
        const blockSize = header >>> 3
        this.field = Field.BlockBody
        this.remaining = blockType === 1 ? 1 : blockSize
        this.smallFill = 0
        if (this.remaining === 0) this.bodyRead(cut, offset)
        break
      }
      case Field.Checksum:
        cut.pieces.push(cut.chunk.subarray(cut.pieceStart, offset))
        cut.pieceStart = offset
        this.startFrame()
        break
    }
  }

  private startFrame(): void {
    this.expect(Field.Magic, 4)
  }

  private afterLastBlock(cut: ChunkCut, offset: number): void {
    if (this.checksumFlag) {
      this.expect(Field.Checksum, 4)
      return
    }
    cut.pieces.push(cut.chunk.subarray(cut.pieceStart, offset))
    cut.pieceStart = offset
    this.startFrame()
  }

  private expect(field: Field, bytes: number): void {
    this.field = field
    this.remaining = bytes
    this.smallFill = 0
  }
}
