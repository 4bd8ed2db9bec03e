// Reads a config history `created_by` into the Dockerfile instruction that wrote it.
// The text comes from the image config, not from a Dockerfile, in one of these forms:
//   legacy builder:  "/bin/sh -c #(nop)  USER app", "/bin/sh -c #(nop) COPY file:<hash> in /srv/ ",
//                    "/bin/sh -c apk add x" (RUN), "|1 V=2 /bin/sh -c make" (RUN with build args)
//   BuildKit:        "RUN /bin/sh -c apk add x # buildkit", "COPY hello /srv/hello # buildkit", "USER app"

export interface HistoryInstruction {
  /** Upper-case Dockerfile keyword ("RUN", "COPY"), or "" when the entry names none (imported layers). */
  keyword: string
  /** Arguments as the builder recorded them, shell and build-arg prefixes removed (for RUN: the command). */
  text: string
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
  let text = (createdBy ?? '').trim()
  if (text === '') return { keyword: '', text: '' }

  const nop = text.indexOf(NOP)
  if (nop >= 0) {
    // Legacy builder metadata instruction: "<shell> -c #(nop) KEYWORD args"
    const rest = text.slice(nop + NOP.length).trim()
    const [word, args] = splitFirstWord(rest)
    const keyword = word.toUpperCase()
    if (KEYWORDS.has(keyword)) return { keyword, text: args.trim() }
    return { keyword: '', text: rest }
  }

  if (text.endsWith(BUILDKIT_MARK)) text = text.slice(0, -BUILDKIT_MARK.length).trim()
  const [word, args] = splitFirstWord(text)
  if (KEYWORDS.has(word)) {
    return { keyword: word, text: word === 'RUN' ? runCommand(args) : args.trim() }
  }
  // Legacy builder RUN: the command line itself, with optional build args and shell prefix.
  return { keyword: 'RUN', text: runCommand(text) }
}

function splitFirstWord(text: string): [string, string] {
  const space = text.search(/\s/)
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1)]
}

/** "|2 A=1 B=2 /bin/sh -c make all" → "make all". */
function runCommand(recorded: string): string {
  let text = recorded.trim()
  const buildArgs = text.match(/^\|(\d+)\s+/)
  if (buildArgs) {
    text = text.slice(buildArgs[0].length)
    for (let i = 0; i < Number(buildArgs[1]); i++) text = splitFirstWord(text)[1].trimStart()
  }
  // Shell form: "<shell> [options] -c <command>"; exec form has no "-c" after an absolute shell path.
  if (text.startsWith('/')) {
    const c = text.indexOf(' -c ')
    if (c >= 0 && c < 64) text = text.slice(c + ' -c '.length)
  }
  return text.trim()
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
