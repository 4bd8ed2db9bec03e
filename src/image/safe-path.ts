// Entry names from a tar are untrusted: normalise them so that nothing escapes the image root.

/**
 * Turns a tar entry name into an absolute path inside the image: `./a//b/`, `/a/b`
 * and `a/./b` all become `/a/b`; `..` is clamped at the root, as Docker does
 * when it unpacks a layer inside its chroot. Returns "/" for the root itself.
 */
export function normalisePath(name: string): string {
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

/** Printable form of an untrusted name for messages: control bytes escaped, length capped. */
export function printableName(name: string, max = 200): string {
  let escaped = ''
  for (const char of name) {
    const code = char.charCodeAt(0)
    escaped += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char
  }
  return escaped.length > max ? `${escaped.slice(0, max)}…(${escaped.length} chars)` : escaped
}
