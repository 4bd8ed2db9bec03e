// An OCI image layout directory (oci-layout, index.json, blobs/ALG/HEX: what `skopeo copy … oci:DIR`,
// `buildx --output type=oci,tar=false` and regctl write) as a blob store. Every file is opened inside the
// directory only: blob paths come from untrusted digests (checked by blobPath), and a file that resolves
// outside the directory (a symlink out of it) or is not a regular file is refused.
import { constants } from 'node:fs'
import { type FileHandle, open, readlink, realpath } from 'node:fs/promises'
import path from 'node:path'
import { ImageReadError, LimitError, MissingBlobError } from '../common/errors.js'
import type { BlobStore, LayerTarget, RootDocument } from '../image/blob-store.js'
import { FileCursor } from '../image/file-cursor.js'
import { READ_BUFFER_BYTES, blockAlignedSkip, nextTurn, readAtDescriptor } from '../image/file-reads.js'
import { parseJson } from '../image/json.js'
import { limitFlag } from '../image/limits.js'
import { printableName } from '../image/safe-path.js'
import { type Descriptor, blobPath } from '../image/select.js'
import { detectCompression } from '../image/decompress.js'
import { compressedLayerReads } from '../runtime/parallelism.js'

/** The walk's reads of an uncompressed blob: as the archive file reader's. */
const WALK_CHUNK_BYTES = 256 * 1024
/** Seeking past less than this costs more than reading it (see file-reads.ts). */
const MIN_SKIP_BYTES = 32 * 1024

export class LayoutStore implements BlobStore {
  readonly layout = 'oci' as const
  readonly untrusted = false
  readonly parallelLayers = compressedLayerReads()
  readonly name: string
  private realRoot: string | undefined

  constructor(private readonly dir: string) {
    this.name = `layout ${printableName(dir)}`
  }

  async root(maxBytes: number): Promise<RootDocument> {
    this.realRoot = await realpath(this.dir).catch((error: unknown) => {
      throw this.fileError(error, '')
    })
    const marker = await this.readWhole('oci-layout', 'oci-layout', 64 * 1024).catch((error: unknown) => {
      if (error instanceof ImageReadError && /no such file/.test(error.message)) {
        throw new ImageReadError(
          `${this.dir}: a directory, but not an OCI image layout (no oci-layout file); expected what skopeo copy … oci:DIR or buildx --output type=oci,tar=false writes`
        )
      }
      throw error
    })
    const version = (parseJson(marker, `${this.dir}/oci-layout`) as { imageLayoutVersion?: unknown } | null)
      ?.imageLayoutVersion
    if (typeof version !== 'string' || !version.startsWith('1.')) {
      throw new ImageReadError(
        `${this.dir}/oci-layout: imageLayoutVersion is ${typeof version === 'string' ? `"${printableName(version, 40)}"` : 'missing'}, expected 1.x`
      )
    }
    return { bytes: await this.readWhole('index.json', 'OCI index', maxBytes), where: 'index.json', refs: [] }
  }

  async document(descriptor: Descriptor, what: string, maxBytes: number): Promise<Buffer> {
    return this.readWhole(blobPath(descriptor.digest), what, maxBytes, descriptor.size)
  }

  /** A layout may hold some platforms of its index only (copied, or saved, without the others). */
  async missing(candidate: {
    configPath: string
    layers: readonly { archivePath: string }[]
  }): Promise<string | undefined> {
    const files: [string, string][] = [
      [candidate.configPath, 'image config'],
      ...candidate.layers.map((layer): [string, string] => [layer.archivePath, 'layer'])
    ]
    for (const [relative, what] of files) {
      try {
        const { handle } = await this.openInside(relative, what)
        await handle.close()
      } catch (error) {
        if (error instanceof MissingBlobError) return error.message
        throw error
      }
    }
    return undefined
  }

  async layer(descriptor: Descriptor, target: LayerTarget, signal: AbortSignal): Promise<void> {
    const relative = blobPath(descriptor.digest)
    const { handle, size } = await this.openInside(relative, 'layer')
    try {
      this.checkSize(relative, size, descriptor.size)
      const head = Buffer.alloc(Math.min(4, size))
      await handle.read(head, 0, head.length, 0)
      if (detectCompression(head) === 'none') await this.readUncompressed(handle, size, target, signal)
      else await readCompressed(handle, size, target, signal)
    } finally {
      await handle.close()
    }
  }

  /**
   * An uncompressed layer read forward on the main thread, seeking past the file bodies its indexer
   * does not need, as the archive reader does; a turn of the event loop after each read lets the
   * compressed layers read meanwhile make progress.
   */
  private async readUncompressed(
    handle: FileHandle,
    size: number,
    target: LayerTarget,
    signal: AbortSignal
  ): Promise<void> {
    const cursor = new FileCursor(readAtDescriptor(handle.fd), size, WALK_CHUNK_BYTES)
    while (!target.hasFailed && !signal.aborted) {
      const skippable = target.skippable()
      if (skippable >= MIN_SKIP_BYTES && cursor.position + skippable <= size) {
        const length = blockAlignedSkip(cursor.position, skippable)
        target.skip(length)
        cursor.skip(length)
        continue
      }
      const chunk = cursor.next()
      if (chunk.length === 0) break
      target.write(chunk)
      await nextTurn()
    }
    if (target.hasFailed || signal.aborted) return
    if (cursor.position < size) throw new ImageReadError('the blob file ends early')
    target.end()
  }

  /** A whole file of the layout, at most `maxBytes`. */
  private async readWhole(
    relative: string,
    what: string,
    maxBytes: number,
    expected?: number
  ): Promise<Buffer> {
    const { handle, size } = await this.openInside(relative, what)
    try {
      if (size > maxBytes) {
        throw new LimitError(
          `${this.name}: ${what} ${printableName(relative)} is ${size} bytes, over the metadata limit of ${maxBytes} (limit ${limitFlag('maxMetadataBytes')})`
        )
      }
      this.checkSize(relative, size, expected)
      const bytes = Buffer.alloc(size)
      for (let done = 0; done < size;) {
        const { bytesRead } = await handle.read(bytes, done, size - done, done)
        if (bytesRead === 0) throw new ImageReadError(`${this.name}: ${printableName(relative)} ends early`)
        done += bytesRead
      }
      return bytes
    } finally {
      await handle.close()
    }
  }

  /**
   * Opens a file of the layout by its relative path, refusing one that resolves outside the layout's
   * real directory (checked on the opened descriptor where the system tells its path, so a symlink
   * swapped in between cannot escape) or that is not a regular file. O_NONBLOCK: opening a FIFO planted
   * as a blob must not wait for a writer.
   */
  private async openInside(relative: string, what: string): Promise<{ handle: FileHandle; size: number }> {
    const root = this.realRoot ?? (this.realRoot = await realpath(this.dir))
    const file = path.join(root, relative)
    let handle: FileHandle
    try {
      handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
    } catch (error) {
      throw this.fileError(error, relative, what)
    }
    try {
      const where = await openedPath(handle, file)
      if (where !== root && !where.startsWith(root + path.sep)) {
        throw new ImageReadError(
          `${this.name}: ${what} ${printableName(relative)} is a link to a file outside the layout directory; refused`
        )
      }
      const info = await handle.stat()
      if (!info.isFile()) {
        throw new ImageReadError(`${this.name}: ${what} ${printableName(relative)} is not a regular file`)
      }
      return { handle, size: info.size }
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  private checkSize(relative: string, size: number, expected: number | undefined): void {
    if (expected !== undefined && expected !== size) {
      throw new ImageReadError(
        `${this.name}: ${printableName(relative)} is ${size} bytes, but its descriptor says ${expected}`
      )
    }
  }

  private fileError(error: unknown, relative: string, what = 'file'): Error {
    const code = (error as NodeJS.ErrnoException | undefined)?.code
    const where = relative ? `${what} ${printableName(relative)}` : 'the directory'
    if (code === 'ENOENT') {
      return new (relative.startsWith('blobs/') ? MissingBlobError : ImageReadError)(
        relative.startsWith('blobs/')
          ? `${this.name}: ${where} named by the manifest is not in the layout (copied without all its blobs?)`
          : `${this.name}: no such file: ${where}`
      )
    }
    if (code === 'EACCES' || code === 'EPERM')
      return new ImageReadError(`${this.name}: permission denied: ${where}`)
    if (code === 'ELOOP')
      return new ImageReadError(`${this.name}: ${where}: too many levels of symbolic links`)
    if (code === 'ENOTDIR')
      return new ImageReadError(`${this.name}: ${where}: a part of its path is not a directory`)
    return error instanceof Error ? error : new Error(String(error))
  }
}

/** Where an opened descriptor really is: Linux tells through /proc; elsewhere the path resolved now. */
async function openedPath(handle: FileHandle, file: string): Promise<string> {
  if (process.platform === 'linux') {
    const link = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined)
    if (link) return link
  }
  return realpath(file)
}

/** A compressed layer read from its file in 1 MiB pieces; its decompression runs on the thread pool. */
async function readCompressed(
  handle: FileHandle,
  size: number,
  target: LayerTarget,
  signal: AbortSignal
): Promise<void> {
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
  for (let done = 0; done < size && !target.hasFailed && !signal.aborted;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - done), done)
    if (bytesRead === 0) throw new ImageReadError('the blob file ends early')
    done += bytesRead
    target.write(buffer.subarray(0, bytesRead))
    const drain = target.drain
    if (drain) await drain
  }
  if (!target.hasFailed && !signal.aborted) target.end()
}
