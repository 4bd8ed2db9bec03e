// Where an image comes from, one kind per source, and what every source gives the pipeline once opened:
// a read of the image. Each kind has its own module in this folder (archive.ts: a file, stdin or a
// stream of an archive; docker/: the local engine; store-image.ts: a layout directory or a registry,
// through their blob stores), as go-containerregistry gives each source its own package behind one
// interface; open.ts picks the module by kind.
import type { Readable } from 'node:stream'
import type { Image, ImageVisitor, ImagesRead, ReadOptions } from '../image/index.js'
import type { DockerSave } from './docker/save.js'
import type { Credential } from './registry/credentials.js'

export type ImageSource =
  /** A `docker save` or OCI archive file, compressed or not. */
  | { kind: 'file'; path: string }
  /** The archive on standard input (`--archive -`). */
  | { kind: 'stdin' }
  /** An OCI image layout directory. */
  | { kind: 'layout'; path: string }
  /** An image of the local engine; `save`: already started by the caller (the action asks early). */
  | { kind: 'docker'; reference: string; save?: DockerSave }
  /**
   * Straight from the registry the reference names, no engine involved. `fallback`: chosen by
   * `--source auto` because the engine lacks the image (or there is none), which a failure then says.
   */
  | { kind: 'registry'; reference: string; registry?: RegistryAccess; fallback?: 'absent' | 'no-engine' }
  /** `--source auto`: the local engine's image when it has one, else the registry's (resolve.ts). */
  | { kind: 'image'; reference: string; registry?: RegistryAccess }
  /** An archive's bytes from a stream (tests, embedders). */
  | { kind: 'stream'; stream: Readable; name: string }

/** How registries are reached: extra credentials by host, hosts allowed plain HTTP, a log for notes. */
export interface RegistryAccess {
  credentials?: Map<string, Credential>
  insecureRegistries?: readonly string[]
  log?: (line: string) => void
}

/** A source once `--source auto` has chosen the engine or the registry. */
export type ResolvedSource = Exclude<ImageSource, { kind: 'image' }>

/** A source opened for one read. */
export interface OpenedSource {
  /** Reads the one image the options select (once); several platforms are an error asking for one. */
  read(options: ReadOptions): Promise<Image>
  /**
   * Reads every image the options select (every platform, unless `platform` names some), once,
   * handing each to `visit` before the next is merged.
   */
  readEach<T>(options: ReadOptions, visit: ImageVisitor<T>): Promise<ImagesRead<T>>
  /** Gives the read up before it starts: stops what opening started (a `docker save` under way). */
  abandon(): Promise<void>
}
