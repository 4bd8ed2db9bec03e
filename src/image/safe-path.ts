// Entry names from a tar are untrusted: normalise them so that nothing escapes the image root.

/**
 * Turns a tar entry name into an absolute path inside the image: `./a//b/`, `/a/b`
 * and `a/./b` all become `/a/b`; `..` is clamped at the root, as Docker does
 * when it unpacks a layer inside its chroot. Returns "/" for the root itself.
 */
export function normalisePath(name: string): string {
  if (isPlainRelative(name)) return name.endsWith('/') ? '/' + name.slice(0, -1) : '/' + name
  const parts: string[] = []
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      parts.pop()
      continue
    }
    parts.push(part)
  }
  return '/' + parts.join('/')
}

/** Fast path for the common tar name "a/b/c" or "a/b/": no empty, "." or ".." component. */
function isPlainRelative(name: string): boolean {
  if (name.length === 0 || name.charCodeAt(0) === 0x2f) return false
  let componentStart = 0
  for (let i = 0; i <= name.length; i++) {
    if (i < name.length && name.charCodeAt(i) !== 0x2f) continue
    const length = i - componentStart
    if (length === 0 && i !== name.length) return false
    if (length === 1 && name.charCodeAt(componentStart) === 0x2e) return false
    if (
      length === 2 &&
      name.charCodeAt(componentStart) === 0x2e &&
      name.charCodeAt(componentStart + 1) === 0x2e
    )
      return false
    componentStart = i + 1
  }
  return true
}

/** Splits an absolute normalised path into its components ("/" → []). */
export function pathComponents(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/')
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash <= 0 ? '/' : path.slice(0, slash)
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name
}

/** Printable form of an untrusted name for messages (src/common/printable.ts): escaped, length capped. */
export { printableName } from '../common/printable.js'
