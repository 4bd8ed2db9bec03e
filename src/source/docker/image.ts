// An image of the local engine, read from `docker save` as it streams: the save is asked for when the
// source is opened (the engine exports for seconds before its first byte), read, and waited for, since
// a save that failed part-way says why better than the reader's complaint about a cut stream.
import { readImage } from '../../image/index.js'
import type { OpenedSource } from '../image-source.js'
import { type DockerSave, dockerSave } from './save.js'

export function openDockerImage(reference: string, started?: DockerSave): OpenedSource {
  const save = started ?? dockerSave(reference)
  return {
    async read(options) {
      try {
        const image = await readImage(
          { kind: 'stream', stream: save.stdout, name: `docker save ${reference}` },
          options
        )
        await save.exited
        return image
      } catch (error) {
        save.kill()
        // When docker itself failed, its reason beats the reader's complaint about a cut stream.
        await save.exited
        throw error
      }
    },
    async abandon() {
      save.kill()
      // Its failure is the expected "stopped by the reader": nothing to report.
      await save.exited.catch(() => undefined)
    }
  }
}
