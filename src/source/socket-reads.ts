// A socket read one read at a time into one reused buffer (net's and tls's `onread`): the socket stops
// reading after each read and starts again when the next is asked for, so a read stays intact until
// then. The engine's socket and the registry client both read this way (docs/benchmarks.md: a fresh
// buffer per read cost garbage collection over the reader's whole index).
import type { OnReadOpts, Socket } from 'node:net'
import { errorMessage } from '../common/errors.js'

export class SocketReads {
  private readonly socket: Socket
  /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
  private ready: Buffer | undefined
  private ended = false
  /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
  private failure: Error | undefined
  private wake: (() => void) | undefined

  /**
   * @param connect opens the socket with the `onread` given (`net.connect({ path, onread })`)
   * @param bufferBytes the most one read takes
   */
  constructor(connect: (onread: OnReadOpts) => Socket, bufferBytes: number) {
    const buffer = Buffer.allocUnsafe(bufferBytes)
    const callback = (bytes: number): boolean => {
      this.ready = buffer.subarray(0, bytes)
      this.wakeReader()
      return false
    }
    this.socket = connect({ buffer, callback })
    this.socket.on('error', (error) => {
      this.failure ??= error
      this.wakeReader()
    })
    // 'close' without 'end' (destroyed): the response is judged by what arrived.
    for (const event of ['end', 'close']) {
      this.socket.on(event, () => {
        this.ended = true
        this.wakeReader()
      })
    }
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes)
  }

  /** The next read, or undefined at the end of the connection; a read that arrived comes before a failure. */
  async next(): Promise<Buffer | undefined> {
    if (!this.ready && !this.failure && !this.ended) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.socket.resume()
      })
    }
    const read = this.ready
    this.ready = undefined
    if (read) return read
    if (this.failure) throw this.failure
    return undefined
  }

  /** Closes the connection; with a `reason`, the next read throws it. */
  destroy(reason?: unknown): void {
    if (reason !== undefined)
      this.failure ??= reason instanceof Error ? reason : new Error(errorMessage(reason))
    this.socket.destroy()
    this.wakeReader()
  }

  private wakeReader(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
