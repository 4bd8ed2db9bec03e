// Reads a config history `created_by` into the Dockerfile instruction that wrote it. The text comes from
// the image config (untrusted), in one of these forms, as the builders write them:
//   legacy builder (and buildah/podman):
//     "/bin/sh -c #(nop)  USER app"                       metadata, after the stage's SHELL
//     "/bin/sh -c #(nop) COPY file:<sha> in /srv/ "       COPY/ADD: file:, dir: or multi: hash, then dest
//     "/bin/sh -c #(nop) COPY --chown=1:1file:<sha> in /x "  (--chown glued to the hash, as Docker 20.10 does)
//     "/bin/sh -c apk add x"                              RUN, shell form; exec form: the words joined
//     "|1 V=2 /bin/sh -c make"                            RUN with build args
//   BuildKit (moby/buildkit dockerfile2llb):
//     "RUN /bin/sh -c apk add x # buildkit", "RUN |1 V=2 /bin/sh -c make # buildkit"
//     "COPY [--parents] [--chown=u] [--chmod=m] src... /dest # buildkit" (never --from; flags since 2024)
//     "WORKDIR /app" (a layer when it creates the directory), "USER app", "ENV A=1", "CMD [\"x\" \"y\"]"

export interface HistoryInstruction {
  /** Upper-case Dockerfile keyword ("RUN", "COPY"), or "" when the entry names none (imported layers). */
  keyword: string
  /** Arguments as the builder recorded them, shell and build-arg prefixes removed (for RUN: the command). */
  text: string
}

export type Builder = 'buildkit' | 'legacy'

/** What a history entry says, in the parts the Dockerfile matching compares. */
export interface RecordedStep extends HistoryInstruction {
  builder: Builder
  /** RUN: the command line the builder ran, build-arg prefix removed ("/bin/sh -c apk add x"). */
  commandLine?: string
  /** RUN: the command line with the build-arg prefix, when there was one. */
  withBuildArgs?: string
  /** COPY/ADD as recorded. */
  copy?: RecordedCopy
}

export interface RecordedCopy {
  /** --chown/--chmod/--parents as recorded (BuildKit since 2024; the legacy builder's --chown). */
  flags: Map<string, string>
  /** BuildKit: the sources as written (after variable expansion). */
  sources?: string[]
  /** Legacy: what the hash covers: one file, one directory, or several sources. */
  hashKind?: 'file' | 'dir' | 'multi' | 'other'
  dest: string
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR'
])

const NOP = '#(nop)'
const BUILDKIT_MARK = '# buildkit'

export function parseCreatedBy(createdBy: string | undefined): HistoryInstruction {
  const { keyword, text } = readCreatedBy(createdBy)
  return { keyword, text }
}

/** The full reading of an entry, for matching it against a Dockerfile. */
export function readCreatedBy(createdBy: string | undefined): RecordedStep {
  let text = (createdBy ?? '').trim()
  if (text === '') return { keyword: '', text: '', builder: 'legacy' }

  const nop = text.indexOf(NOP)
  if (nop >= 0) {
    // Legacy builder metadata instruction: "<shell> -c #(nop) KEYWORD args"
    const rest = text.slice(nop + NOP.length).trim()
    const [word, args] = splitFirstWord(rest)
    const keyword = word.toUpperCase()
    if (!KEYWORDS.has(keyword)) return { keyword: '', text: rest, builder: 'legacy' }
    const step: RecordedStep = { keyword, text: args.trim(), builder: 'legacy' }
    if (keyword === 'COPY' || keyword === 'ADD') {
      step.copy = legacyCopy(step.text)
      step.text = describeLegacyCopy(step.copy, step.text)
    }
    return step
  }

  const buildkit = text.endsWith(BUILDKIT_MARK)
  if (buildkit) text = text.slice(0, -BUILDKIT_MARK.length).trim()
  const [word, args] = splitFirstWord(text)
  if (KEYWORDS.has(word)) {
    // Only RUN and COPY/ADD carry the mark; BuildKit's metadata entries are the bare instruction.
    const step: RecordedStep = { keyword: word, text: args.trim(), builder: 'buildkit' }
    if (word === 'RUN') Object.assign(step, runParts(args), { text: runCommand(args) })
    if (word === 'COPY' || word === 'ADD') step.copy = buildkitCopy(step.text)
    return step
  }
  // Legacy builder RUN: the command line itself, with optional build args and shell prefix.
  return { keyword: 'RUN', text: runCommand(text), builder: 'legacy', ...runParts(text) }
}

function splitFirstWord(text: string): [string, string] {
  const space = text.search(/\s/)
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1)]
}

/** "|2 A=1 B=2 /bin/sh -c make" → the command line "/bin/sh -c make", and the whole as recorded. */
function runParts(recorded: string): Pick<RecordedStep, 'commandLine' | 'withBuildArgs'> {
  const text = recorded.trim()
  const buildArgs = /^\|(\d+)\s+/.exec(text)
  if (!buildArgs) return { commandLine: text }
  let rest = text.slice(buildArgs[0].length)
  // Values are written unquoted and may hold spaces: counting words is a best guess, and the matching
  // also compares the end of the whole line.
  for (let i = 0; i < Number(buildArgs[1]); i++) rest = splitFirstWord(rest)[1].trimStart()
  return { commandLine: rest, withBuildArgs: text }
}

/** "|2 A=1 B=2 /bin/sh -c make all" → "make all". */
function runCommand(recorded: string): string {
  let text = runParts(recorded).commandLine ?? ''
  // Shell form: "<shell> [options] -c <command>"; exec form has no "-c" after an absolute shell path.
  if (text.startsWith('/')) {
    const c = text.indexOf(' -c ')
    if (c >= 0 && c < 64) text = text.slice(c + ' -c '.length)
  }
  return text.trim()
}

/** Leading "--name=value" words (BuildKit writes them before the sources). */
function takeFlags(words: string[]): Map<string, string> {
  const flags = new Map<string, string>()
  while (words.length > 0 && /^--[a-z-]+(=|$)/.test(words[0])) {
    const word = words.shift() as string
    const equals = word.indexOf('=')
    flags.set(equals < 0 ? word.slice(2) : word.slice(2, equals), equals < 0 ? '' : word.slice(equals + 1))
  }
  return flags
}

function buildkitCopy(text: string): RecordedCopy {
  const words = text.split(/\s+/).filter(Boolean)
  const flags = takeFlags(words)
  const dest = words.pop() ?? ''
  return { flags, sources: words, dest }
}

/** "file:<sha> in /dest", "--chown=1:1file:<sha> in /dest", "multi:<sha> in /d/". */
function legacyCopy(text: string): RecordedCopy {
  const at = text.lastIndexOf(' in ')
  const head = at >= 0 ? text.slice(0, at).trim() : ''
  const dest = (at >= 0 ? text.slice(at + ' in '.length) : text).trim()
  const flags = new Map<string, string>()
  let hash = head
  const chown =
    /^--chown=(\S*?)((?:file|dir|multi):[0-9a-f]+)$/.exec(head) ?? /^--chown=(\S+)\s+(\S+)$/.exec(head)
  if (chown) {
    flags.set('chown', chown[1])
    hash = chown[2]
  }
  const kind = /^(file|dir|multi):/.exec(hash)?.[1]
  return { flags, hashKind: kind === 'file' || kind === 'dir' || kind === 'multi' ? kind : 'other', dest }
}

function describeLegacyCopy(copy: RecordedCopy, text: string): string {
  const chown = copy.flags.get('chown')
  // Docker 20.10 glues --chown to the hash: "--chown=1:1file:…" reads as one word otherwise.
  return chown !== undefined
    ? text.replace(`--chown=${chown}`, `--chown=${chown} `).replace(/\s+/g, ' ')
    : text
}

/** Destination of a COPY/ADD as recorded: legacy "file:<hash> in /dest", BuildKit "src... /dest". */
export function copyDestination(text: string): string {
  const legacy = text.lastIndexOf(' in ')
  const tail = legacy >= 0 ? text.slice(legacy + ' in '.length) : text
  const words = tail.trim().split(/\s+/)
  return words[words.length - 1] ?? ''
}

/** `created_by` for people: the instruction as a Dockerfile would spell it. */
export function describeCreatedBy(createdBy: string | undefined): string {
  const { keyword, text } = parseCreatedBy(createdBy)
  if (keyword === '') return text
  return `${keyword} ${text}`.trim()
}
