// non-root-user: the container does not start as root, checked against the image's own /etc/passwd.
import type { Image } from '../../image/types.js'
import type { Rule } from '../rule.js'
import type { FindingFix } from '../types.js'

/** uid of each user name in an /etc/passwd text. */
export function parsePasswd(text: string): Map<string, number> {
  const users = new Map<string, number>()
  for (const line of text.split('\n')) {
    const fields = line.split(':')
    if (fields.length < 3 || line.startsWith('#')) continue
    const uid = Number(fields[2])
    if (fields[0] !== '' && Number.isInteger(uid) && !users.has(fields[0])) users.set(fields[0], uid)
  }
  return users
}

export const nonRootUser: Rule = {
  doc: {
    id: 'non-root-user',
    title: 'Non-root user',
    description:
      'The image config sets a User that is not root: not empty, not 0, not root, and not a name that maps to uid 0 through the image’s own /etc/passwd. A user name the image cannot resolve is reported too, since the container would not start.',
    defaultSeverity: 'error'
  },
  example: `non-root-user: true`,
  configure() {
    return {
      capture: (path) => (path === '/etc/passwd' ? 256 * 1024 : 0),
      run(image) {
        const problem = rootProblem(image)
        return problem === undefined ? [] : [{ message: problem, fix: nonRootFix(image) }]
      }
    }
  }
}

/** Why the image starts as root (or cannot start), or undefined when it does not. */
function rootProblem(image: Image): string | undefined {
  const spec = image.config.user.trim()
  const user = spec.split(':')[0]
  if (user === '') return 'the image config sets no User, so the container runs as root (uid 0)'
  if (/^\d+$/.test(user)) return Number(user) === 0 ? `User "${spec}" is uid 0 (root)` : undefined
  if (user === 'root') return `User "${spec}" is root`
  const passwd = image.fs.readFile('/etc/passwd')
  if (passwd === undefined)
    return `User "${spec}" is a name, and the image has no /etc/passwd to resolve it: the container would not start`
  const uid = parsePasswd(passwd.toString('utf8')).get(user)
  if (uid === undefined)
    return `User "${spec}" is not in the image's /etc/passwd: the container would not start`
  return uid === 0 ? `User "${spec}" maps to uid 0 (root) in the image's /etc/passwd` : undefined
}

/** distroless's `nonroot`, the uid most minimal bases reserve for it. */
const NONROOT_UID = 65532

/**
 * USER set to the image's own non-root user when its /etc/passwd has one (distroless's nonroot, else the
 * first ordinary account), else the numeric 65532:65532, which needs no passwd entry.
 */
function nonRootFix(image: Image): FindingFix {
  const passwd = image.fs.readFile('/etc/passwd')
  const users = passwd === undefined ? new Map<string, number>() : parsePasswd(passwd.toString('utf8'))
  const accounts = [...users].filter(([name]) => /^[a-z_][\w.-]*$/i.test(name))
  const own =
    accounts.find(([, uid]) => uid === NONROOT_UID) ?? accounts.find(([, uid]) => uid >= 1000 && uid < 65534)
  if (own) {
    const [name, uid] = own
    return {
      text: `Run as the image's own non-root user ${name} (uid ${uid} in its /etc/passwd); make what it must write owned by it (COPY --chown=${name}).`,
      instruction: `USER ${name}`
    }
  }
  return {
    text: `Run as a non-root uid: ${NONROOT_UID}:${NONROOT_UID} needs no /etc/passwd entry; make what it must write owned by it (COPY --chown=${NONROOT_UID}:${NONROOT_UID}).`,
    instruction: `USER ${NONROOT_UID}:${NONROOT_UID}`
  }
}
