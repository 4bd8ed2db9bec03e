// The image model: what a reader produces and what policies consume. No I/O here.

/** Kind of a filesystem entry after hard links are resolved to the inode they share. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo'

/** Layout of the archive the image was read from. */
export type ArchiveLayout =
  | 'docker-legacy' // Docker <= 24 and podman docker-archive: <id>/layer.tar or <hex>.tar + manifest.json
  | 'docker-oci' // Docker 25+: OCI layout plus manifest.json
  | 'oci' // OCI image layout only (podman/skopeo oci-archive, or a layout directory)
  | 'registry' // fetched from a registry

export type Compression = 'none' | 'gzip' | 'zstd'

/** What a multi-call binary (BusyBox, toybox) found by its content says about itself. */
export interface MultiCallInfo {
  kind: 'busybox' | 'toybox'
  /** e.g. "1.36.1"; empty when the binary carries no version string. */
  version: string
  /** Applet names compiled into the binary, sorted. */
  applets: string[]
}

/** A shell recognised by its content: the names of its tables found in the densest window of each. */
export interface ShellContentInfo {
  builtins: string[]
  keywords: string[]
  variables: string[]
  /** Errors of its parameter expansion ("bad substitution", …). */
  messages: string[]
}

/** An executable packed so that its content cannot be inspected. */
export interface PackedInfo {
  /** "UPX", "AppImage", …; empty when only the shape of an unpacker shows. */
  packer: string
  /** What showed it, for the report. */
  evidence: string
}

/** Facts about an executable learned from its first bytes and its content. */
export interface ExecInfo {
  /** ELF, a script with a shebang, or neither. */
  format: 'elf' | 'script'
  /** Interpreter of a script (`#!/bin/sh` → "/bin/sh"). */
  interpreter?: string
  multiCall?: MultiCallInfo
  shell?: ShellContentInfo
  packed?: PackedInfo
}

/**
 * A file's identity: hard links share one inode, so content, size and
 * signatures belong here rather than to a path. The filesystem hands out views made on demand:
 * compare inodes by `id`, never by object identity.
 */
export interface Inode {
  readonly id: number
  readonly type: EntryType
  /** Permission bits including setuid/setgid/sticky (07777). */
  readonly mode: number
  readonly uid: number
  readonly gid: number
  /** Bytes of content for regular files, 0 otherwise. */
  readonly size: number
  /** Symlink target exactly as written in the layer. */
  readonly linkTarget?: string
  /** Layer index (0 = base) that created this inode. */
  readonly layerIndex: number
  /** Bytes captured while streaming, for paths a capture predicate selected. */
  readonly content?: Buffer
  /** True when `content` holds only the first bytes of the file. */
  readonly contentTruncated?: boolean
  readonly exec?: ExecInfo
  /**
   * The raw `security.capability` extended attribute of a regular file (Linux file capabilities), when
   * it has one: as its layer wrote it, and gone when a later hard link entry's chown cleared it.
   */
  readonly capability?: Buffer
}

/** One path of the final root filesystem. */
export interface FsEntry {
  /** Absolute, normalised path inside the image ("/bin/sh"). */
  readonly path: string
  /** Last component of the path ("sh"; "" for the root): cheaper than the path in a walk. */
  readonly name: string
  readonly inode: Inode
  /** Layer that last wrote this path (for a hard link: the layer holding the link entry). */
  readonly layerIndex: number
  /** Path of the file this entry was hard-linked to when its layer was applied. */
  readonly hardLinkOf?: string
}

/** Result of resolving a path through symlinks inside the image root. */
export type Resolution =
  | { ok: true; path: string; entry: FsEntry; hops: number }
  | { ok: false; reason: 'missing' | 'loop' | 'too-many-hops' | 'not-a-directory'; path: string }

/** The image's exact final root filesystem (read-only view). */
export interface MergedFs {
  /** Entry at this exact path, not following a final symlink (lstat). */
  lstat(path: string): FsEntry | undefined
  /** Entry reached through symlinks (stat), or undefined when missing, dangling or looping. */
  stat(path: string): FsEntry | undefined
  /** Resolve symlinks inside the root, `..` clamped at `/`, with a hop limit. */
  resolve(path: string): Resolution
  /** Captured content of a file reached from this path (following symlinks). */
  readFile(path: string): Buffer | undefined
  /** Children names of a directory, sorted. */
  readdir(path: string): string[]
  /** Every entry, parents before children, siblings sorted. */
  entries(): Iterable<FsEntry>
  /** Every regular file once, in walk order, at the first of its hard links there. */
  files(): Iterable<FsEntry>
  /** Paths that reach an inode: its hard links and every symlink that resolves to one of them, sorted. */
  namesReaching(inode: Inode): string[]
  /**
   * The paths of the file itself (lstat of each is this inode): its hard links, also as reached under a
   * directory a symlink aliases (/bin/sh when /bin → usr/bin), sorted. The paths a waiver may name.
   */
  hardLinks(inode: Inode): string[]
  /** How many entries of the tree hold this inode: its link count, as `stat` says it (st_nlink). */
  linkCount(inode: Inode): number
  readonly entryCount: number
  /** Sum of the sizes of distinct regular-file inodes. */
  readonly totalFileBytes: number
}

/** One `history` entry of the image config. */
export interface HistoryEntry {
  created?: string
  createdBy?: string
  comment?: string
  emptyLayer: boolean
}

export interface Layer {
  /** 0 = base layer. */
  index: number
  /** Digest of the blob as stored in the archive (compressed or not), when known. */
  digest?: string
  /** Digest of the uncompressed tar, from the config's rootfs.diff_ids. */
  diffId?: string
  mediaType?: string
  compression: Compression
  /** Size of the blob in the archive. */
  compressedSize: number
  /** Size of the uncompressed tar stream. */
  uncompressedSize: number
  /** Sum of regular file sizes in this layer (what `docker history` shows). */
  contentSize: number
  entryCount: number
  /** Position of the history entry that created this layer. */
  historyIndex?: number
  createdBy?: string
  /** Path of the blob inside the archive. */
  archivePath: string
}

export interface ImageConfig {
  user: string
  env: string[]
  entrypoint: string[]
  cmd: string[]
  workingDir: string
  labels: Record<string, string>
  exposedPorts: string[]
  stopSignal?: string
  /** The HEALTHCHECK's test (`["CMD-SHELL", "curl -f …"]`, `["NONE"]`), when the config has one. */
  healthcheck?: string[]
  /** SHELL: what shell-form commands (RUN, CMD-SHELL health checks) run through; Docker's default is /bin/sh -c. */
  shell?: string[]
  created?: string
  os: string
  architecture: string
  variant?: string
  history: HistoryEntry[]
  diffIds: string[]
}

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

/**
 * A regular file a layer wrote that a later layer (or a later entry of the same layer) hides: gone from
 * the final filesystem, yet still shipped in the image, since its layer's blob holds it. One per name.
 */
export interface HiddenFile {
  /** Where it was when it was hidden. */
  path: string
  /** The layer that holds it (wrote this name). */
  layerIndex: number
  /** The layer whose whiteout, opaque marker or entry hid it (layerIndex itself for a later entry of that layer). */
  hiddenBy: number
  /**
   * Bytes this name adds to `hiddenBytes`: the file's size when its last name is hidden, 0 while a hard
   * link elsewhere still shows the bytes (or once they were counted).
   */
  size: number
  /** 'deleted' by a whiteout, 'overwritten' by a later entry, 'opaque' hidden by an opaque directory. */
  reason: 'deleted' | 'overwritten' | 'opaque'
  /** The file as it was (mode, owner, size, captured content, executable facts); shared with its hard links. */
  inode: Inode
}

export interface Image {
  layout: ArchiveLayout
  /** Reference the image was selected by or is known as ("alpine:3.20"). */
  reference?: string
  repoTags: string[]
  /** sha256 of the config blob: the image ID Docker shows. */
  configDigest?: string
  /** Digest of the OCI manifest, when the archive has one. */
  manifestDigest?: string
  platform: Platform
  config: ImageConfig
  /** Annotations of the selected manifest and its index descriptor. */
  annotations: Record<string, string>
  layers: Layer[]
  fs: MergedFs
  /** Regular files written by a layer and hidden by a later one (or a later entry of its own), each name once. */
  hidden: HiddenFile[]
  /** Sum of the hidden files' sizes, each inode once: bytes shipped that the final filesystem does not show. */
  hiddenBytes: number
  /** Messages about oddities that did not stop the read. */
  warnings: string[]
  /** The build attestations its index attaches to it: read only when a rule asks (`attestations`). */
  attestations?: ImageAttestations
}

/**
 * Decides, from a layer entry's normalised path and size, how many leading bytes
 * of a regular file the reader keeps while streaming (0 = none; the reader caps it).
 * Policies declare one so the reader keeps only what rules read.
 */
export type CapturePredicate = (path: string, size: number) => number

/**
 * Kind of an entry as written in one layer tar, before merging. 'device-whiteout' is a 0:0 character
 * device: overlayfs reads it as a whiteout of its name, though it is written like any entry.
 */
export type LayerEntryType = EntryType | 'hardlink' | 'whiteout' | 'opaque' | 'device-whiteout'

/**
 * One entry of one layer, normalised. Whiteouts are kept as entries
 * (`whiteout` removes `path`; `opaque` hides lower children of directory `path`).
 */
export interface LayerEntry {
  /** Absolute, normalised ("/etc/passwd"). For whiteouts: the path removed. For opaque: the directory. */
  path: string
  type: LayerEntryType
  mode: number
  uid: number
  gid: number
  size: number
  /** Symlink: target as written. Hard link: normalised absolute path of the target. */
  linkTarget?: string
  content?: Buffer
  contentTruncated?: boolean
  exec?: ExecInfo
  /** A regular file's or hard link's `security.capability` extended attribute (PAX SCHILY.xattr.*). */
  capability?: Buffer
}

/** A build attestation statement an index attaches to an image (read by attestations.ts). */
export interface AttestationStatement {
  predicateType: string
  /** The attestation manifest holding it, and its layer. */
  manifestDigest: string
  layerDigest: string
  /** Where the type was read: the statement, or its layer's annotation when the statement is too large. */
  from: 'statement' | 'annotation'
}

export interface ImageAttestations {
  /**
   * False when the image came from no index: a classic-store `docker save`, a single manifest. Nothing
   * could then carry an attestation.
   */
  carried: boolean
  statements: AttestationStatement[]
  /** Listed attestations that could not be read, and why (absent, not in-toto, another image's). */
  problems: string[]
}
