// Reads hostile bytes and sorts the result into the only acceptable outcomes: an Image, or one of
// the project's own input errors with a one-line message. Anything else is returned as 'crash'.
import { Readable } from 'node:stream'
import { ImageReadError, UserError } from '../../../src/common/errors.js'
import { readImage, type ReadOptions } from '../../../src/image/read.js'
import type { Image } from '../../../src/image/types.js'

export type Outcome =
  | { kind: 'image'; image: Image }
  | { kind: 'error'; error: ImageReadError; message: string }
  | { kind: 'crash'; error: unknown }
  | { kind: 'hang' }

/** Feeds the bytes in odd-sized chunks, so every parser state meets a chunk boundary. */
export function readBytes(archive: Buffer, options: ReadOptions = {}, chunkSize = 65_521): Promise<Image> {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < archive.length; offset += chunkSize)
    chunks.push(archive.subarray(offset, offset + chunkSize))
  return readImage({ kind: 'stream', stream: Readable.from(chunks), name: 'hostile.tar' }, options)
}

export async function outcomeOf(read: () => Promise<Image>, timeoutMs = 20_000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), timeoutMs)
  })
  const result = read().then(
    (image): Outcome => ({ kind: 'image', image }),
    (error: unknown): Outcome =>
      error instanceof ImageReadError && !error.message.includes('\n')
        ? { kind: 'error', error, message: error.message }
        : { kind: 'crash', error }
  )
  try {
    return await Promise.race([result, hang])
  } finally {
    clearTimeout(timer)
  }
}

export function readOutcome(
  archive: Buffer,
  options: ReadOptions = {},
  chunkSize?: number
): Promise<Outcome> {
  return outcomeOf(() => readBytes(archive, options, chunkSize))
}

/** A readable description for assertion messages. */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'image':
      return `image with ${outcome.image.fs.entryCount} entries`
    case 'error':
      return `${outcome.error.name}: ${outcome.message}`
    case 'crash':
      return `CRASH ${outcome.error instanceof Error ? (outcome.error.stack ?? outcome.error.message) : String(outcome.error)}`
    case 'hang':
      return 'HANG'
  }
}

export function isUserError(error: unknown): boolean {
  return error instanceof UserError
}
