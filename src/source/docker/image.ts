// An image of the local engine, read from `docker save` as it streams: the save is asked for when the
// source is opened (the engine exports for seconds before its first byte), read, and waited for, since
// a save that failed part-way says why better than the reader's complaint about a cut stream.
import { readImage, readImages } from '../../image/index.js'
import type { OpenedSource } from '../image-source.js'
import { type DockerSave, dockerSave } from './save.js'

export function openDockerImage(reference: string, started?: DockerSave): OpenedSource {
  const save = started ?? dockerSave(reference)
  const input = { kind: 'stream', stream: save.stdout, name: `docker save ${reference}` } as const
  const reading = async <R>(read: () => Promise<R>): Promise<R> => {
    try {
      const result = await read()
      await save.exited
      return result
    } catch (error) {
      save.kill()
      // When docker itself failed, its reason beats the reader's complaint about a cut stream.
      await save.exited
      throw error
    }
  }
  return {
    read: (options) => reading(() => readImage(input, options)),
    readEach: (options, visit) => reading(() => readImages(input, options, visit)),
    async abandon() {
      save.kill()
      // Its failure is the expected "stopped by the reader": nothing to report.
      await save.exited.catch(() => undefined)
    }
  }
}
