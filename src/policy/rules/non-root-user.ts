// non-root-user: the container does not start as root, checked against the image's own /etc/passwd.
import type { Rule } from '../rule.js'

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
        const spec = image.config.user.trim()
        const user = spec.split(':')[0]
        if (user === '')
          return [{ message: 'the image config sets no User, so the container runs as root (uid 0)' }]
        if (/^\d+$/.test(user)) {
          return Number(user) === 0 ? [{ message: `User "${spec}" is uid 0 (root)` }] : []
        }
        if (user === 'root') return [{ message: `User "${spec}" is root` }]
        const passwd = image.fs.readFile('/etc/passwd')
        if (passwd === undefined) {
          return [
            {
              message: `User "${spec}" is a name, and the image has no /etc/passwd to resolve it: the container would not start`
            }
          ]
        }
        const uid = parsePasswd(passwd.toString('utf8')).get(user)
        if (uid === undefined) {
          return [
            { message: `User "${spec}" is not in the image's /etc/passwd: the container would not start` }
          ]
        }
        return uid === 0
          ? [{ message: `User "${spec}" maps to uid 0 (root) in the image's /etc/passwd` }]
          : []
      }
    }
  }
}
