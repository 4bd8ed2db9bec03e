// healthcheck (opt-in): the image config defines a HEALTHCHECK, not NONE, whose program the image has.
import type { Image } from '../../image/types.js'
import type { Finding, FindingFix, Rule } from '../rule.js'

/** Docker's PATH when the config sets none (the one its containers get). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const DEFAULT_SHELL = ['/bin/sh', '-c']

function envValue(image: Image, name: string): string | undefined {
  const prefix = `${name}=`
  const entry = [...image.config.env].reverse().find((item) => item.startsWith(prefix))
  return entry?.slice(prefix.length)
}

function isExecutableFile(image: Image, path: string): boolean {
  const entry = image.fs.stat(path)
  return entry !== undefined && entry.inode.type === 'file' && (entry.inode.mode & 0o111) !== 0
}

/** Where the container would find `program`: as a path (from the working directory), or on PATH. */
function findProgram(image: Image, program: string): string | undefined {
  if (program.includes('/')) {
    const path = program.startsWith('/') ? program : `${image.config.workingDir || '/'}/${program}`
    return isExecutableFile(image, path) ? path : undefined
  }
  for (const dir of (envValue(image, 'PATH') ?? DEFAULT_PATH).split(':')) {
    if (!dir.startsWith('/')) continue
    const path = `${dir.replace(/\/+$/, '')}/${program}`
    if (isExecutableFile(image, path)) return path
  }
  return undefined
}

export const healthcheck: Rule = {
  doc: {
    id: 'healthcheck',
    title: 'Healthcheck',
    description:
      'The image config defines a HEALTHCHECK that is not NONE, and the program it runs (its first word for CMD, the shell for CMD-SHELL) is an executable file of the image, found as the container would find it (PATH from the config). Off in every bundled policy: Kubernetes ignores HEALTHCHECK and uses its own probes.',
    defaultSeverity: 'error'
  },
  example: `healthcheck: warning`,
  configure() {
    return {
      run(image) {
        const test = image.config.healthcheck ?? []
        if (test.length === 0)
          return [{ message: 'the image defines no HEALTHCHECK', fix: addCheck('Add a HEALTHCHECK') }]
        const [kind, ...args] = test
        if (kind === 'NONE')
          return [
            {
              message: 'HEALTHCHECK NONE: the image (or its base image) turns the health check off',
              fix: addCheck('Replace HEALTHCHECK NONE (here or in the base image) with a check')
            }
          ]
        let program: string | undefined
        let how: string
        if (kind === 'CMD-SHELL') {
          program = (image.config.shell ?? DEFAULT_SHELL)[0]
          how = 'the shell its CMD-SHELL form runs through'
        } else if (kind === 'CMD') {
          program = args[0]
          how = 'its command'
        } else {
          return [
            {
              message: `the HEALTHCHECK test starts with "${kind}", not CMD, CMD-SHELL or NONE`,
              fix: addCheck('Write the HEALTHCHECK with CMD')
            }
          ]
        }
        if (program === undefined || program === '' || (kind === 'CMD-SHELL' && args.join('').trim() === ''))
          return [
            {
              message: `the HEALTHCHECK ${kind} has no command`,
              fix: addCheck('Give the HEALTHCHECK a command')
            }
          ]
        if (findProgram(image, program) !== undefined) return []
        const finding: Finding = {
          message: `the HEALTHCHECK runs ${program} (${how}), which is not an executable file of the image: the check can never pass`,
          fix:
            kind === 'CMD-SHELL'
              ? addCheck(`The image has no ${program}: write the HEALTHCHECK in the exec form`)
              : addCheck(`Copy ${program} into the image, or point the HEALTHCHECK at a program it has`)
        }
        return [finding]
      }
    }
  }
}

/** The exec form needs no shell, so it works on distroless images too. */
function addCheck(what: string): FindingFix {
  return {
    text: `${what}: the exec form runs a program of the image itself, with no shell (your server's own health flag, or a small static probe).`,
    instruction: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]'
  }
}
