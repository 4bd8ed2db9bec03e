// Images read through a blob store rather than an archive: an OCI layout directory (layout.ts), or a
// registry (registry/). A registry chosen by `--source auto` says, when it fails, that the local engine
// did not have the image either.
import { ImageReadError, RegistryError } from '../common/errors.js'
import type { ReadOptions } from '../image/index.js'
import { readStoreImage, readStoreImages } from '../image/store-read.js'
import type { ImageSource, OpenedSource, RegistryAccess } from './image-source.js'
import { LayoutStore } from './layout.js'
import { dockerCredentials } from './registry/credentials.js'
import { RegistryStore } from './registry/store.js'

export function openLayout(path: string): OpenedSource {
  return {
    read: (options) => readStoreImage(new LayoutStore(path), options),
    readEach: (options, visit) => readStoreImages(new LayoutStore(path), options, visit),
    abandon: async () => {}
  }
}

export function openRegistryImage(source: Extract<ImageSource, { kind: 'registry' }>): OpenedSource {
  const reading = async <R>(
    options: ReadOptions,
    read: (store: RegistryStore, options: ReadOptions) => Promise<R>
  ) => {
    // The reference names the image: nothing to select inside it by name.
    const { image: _selection, ...fromRegistry } = options
    void _selection
    try {
      return await read(openRegistry(source.reference, source.registry), fromRegistry)
    } catch (error) {
      if (!source.fallback || !(error instanceof ImageReadError)) throw error
      // The user may have meant the local image: say that it is not there, then what the registry said.
      const where =
        source.fallback === 'absent'
          ? 'is not in the local Docker engine (docker/build-push-action puts it there with load: true)'
          : 'is not in a local Docker engine (none is running)'
      throw new RegistryError(
        `image "${source.reference}" ${where}, and reading it from its registry failed: ${error.message}`
      )
    }
  }
  return {
    read: (options) => reading(options, readStoreImage),
    readEach: (options, visit) =>
      reading(options, (store, fromRegistry) => readStoreImages(store, fromRegistry, visit)),
    abandon: async () => {}
  }
}

function openRegistry(reference: string, access: RegistryAccess = {}): RegistryStore {
  return new RegistryStore(reference, {
    credentials: dockerCredentials(access.credentials ? { explicit: access.credentials } : {}),
    ...(access.insecureRegistries ? { insecureRegistries: access.insecureRegistries } : {}),
    ...(access.log ? { log: access.log } : {})
  })
}
