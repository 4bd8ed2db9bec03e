// A socket read one read at a time into one reused buffer (net's `onread`): the socket stops reading
// after each read and starts again when the next is asked for, so a read stays intact until then.
import type { OnReadOpts, Socket } from 'node:net'

/** The engine writes 32 KiB chunks; a read takes whatever has arrived, up to this. */
const READ_BUFFER_BYTES = 1 << 20

export class SocketReads {
  private readonly socket: Socket
  /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
  private ready: Buffer | undefined
  private ended = false
  /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
  private failure: Error | undefined
  private wake: (() => void) | undefined

  /** @param connect opens the socket with the `onread` given (`net.connect({ path, onread })`) */
  constructor(connect: (onread: OnReadOpts) => Socket) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
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

  write(request: string): void {
    this.socket.write(request)
  }

  /** The next read, or undefined at the end of the connection. */
  async next(): Promise<Buffer | undefined> {
    if (!this.ready && !this.failure && !this.ended) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.socket.resume()
      })
    }
    if (this.failure) throw this.failure
    const read = this.ready
    this.ready = undefined
    return read
  }

  destroy(): void {
    this.socket.destroy()
  }

  private wakeReader(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
