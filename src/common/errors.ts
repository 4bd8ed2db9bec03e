// User errors (bad archive, bad policy, missing Docker) end in one clear line and exit code 2.
// Anything else is a bug and keeps its stack.
import type { SourceLocation } from './source-location.js'

export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** The archive or image cannot be read: truncated, unknown layout, missing blob, bad JSON. */
export class ImageReadError extends UserError {}

/**
 * The policy is invalid; the message starts with `file:line:column` when the mistake has a place, which
 * `location` then holds (the action annotates it there).
 */
export class PolicyError extends UserError {
  constructor(
    message: string,
    readonly location?: SourceLocation
  ) {
    super(message)
  }
}

/** Docker is missing, the daemon is down, or `docker save` failed. */
export class DockerError extends UserError {}

/**
 * A blob the manifest or index names is not in the archive or layout: for one platform of a
 * multi-platform image, that platform cannot be read but the others may be.
 */
export class MissingBlobError extends ImageReadError {}

/** A registry refused, failed or sent something other than what was asked for. */
export class RegistryError extends ImageReadError {}

/** A configured limit was reached while reading hostile or enormous input. */
export class LimitError extends ImageReadError {}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Why a file could not be read or written, in words ("no such file or directory"), without Node's
 * "ENOENT: …, open '/x'" wrapping; the caller names the file.
 */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'the name is too long'
  }
  if (code && reasons[code]) return reasons[code]
  // Another errno: Node's message without the code and the syscall ("EIO: i/o error, read" → "i/o error").
  return errorMessage(error)
    .replace(/^[A-Z]+: /, '')
    .replace(/, \w+( '.*')?$/, '')
}
