// An image archive from a file, standard input or a stream: the reader reads it as it arrives. Standard
// input is looked at first: a file redirected there is read by seeking like --archive FILE, a pipe
// through its path into one reused buffer, once it has been enlarged (pipe-capacity.ts).
import { fstatSync } from 'node:fs'
import { type ArchiveInput, readImage, readImages } from '../image/index.js'
import type { ImageSource, OpenedSource } from './image-source.js'
import { enlargePipe } from './pipe-capacity.js'

export function openArchive(
  source: Extract<ImageSource, { kind: 'file' | 'stdin' | 'stream' }>
): OpenedSource {
  return {
    read: async (options) => readImage(await archiveInput(source), options),
    readEach: async (options, visit) => readImages(await archiveInput(source), options, visit),
    abandon: async () => {}
  }
}

async function archiveInput(
  source: Extract<ImageSource, { kind: 'file' | 'stdin' | 'stream' }>
): Promise<ArchiveInput> {
  if (source.kind !== 'stdin') return source
  // `--archive - < image.tar` is a file: read it with seeking, like --archive image.tar.
  const kind = stdinKind()
  if (kind === 'file') return { kind: 'file', path: '/dev/stdin' }
  // A pipe (`docker save img | ...`) is read through its path, on the main thread, into one reused buffer.
  if (kind === 'fifo') {
    await enlargePipe(0)
    return { kind: 'pipe', path: '/dev/stdin', name: 'stdin' }
  }
  return { kind: 'stream', stream: process.stdin, name: 'stdin' }
}

function stdinKind(): 'file' | 'fifo' | 'other' {
  if (process.platform !== 'linux') return 'other'
  try {
    const stats = fstatSync(0)
    return stats.isFile() ? 'file' : stats.isFIFO() ? 'fifo' : 'other'
  } catch {
    return 'other'
  }
}
