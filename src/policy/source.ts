// Reads a policy file's text: size limit, strict UTF-8, errors positioned at the offending byte.
import { readFile, stat } from 'node:fs/promises'
import { PolicyError, fileErrorReason } from '../common/errors.js'
import { policyError } from './positions.js'
import type { SourceLocation } from '../common/source-location.js'

/** Policy files are a few KiB; anything this big is a mistake (or hostile), not a policy. */
export const MAX_POLICY_BYTES = 1024 * 1024

/** 1-based line and column of a byte offset (columns count bytes). */
function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0
  while (i < bytes.length) {
    const byte = bytes[i]
    let length: number
    let min: number
    if (byte < 0x80) length = 1
    else if (byte >= 0xc2 && byte <= 0xdf) [length, min] = [2, 0x80]
    else if (byte >= 0xe0 && byte <= 0xef) [length, min] = [3, 0x800]
    else if (byte >= 0xf0 && byte <= 0xf4) [length, min] = [4, 0x10000]
    else return i
    if (length > 1) {
      if (i + length > bytes.length) return i
      let codePoint = byte & (0xff >> (length + 1))
      for (let j = 1; j < length; j++) {
        if ((bytes[i + j] & 0xc0) !== 0x80) return i
        codePoint = (codePoint << 6) | (bytes[i + j] & 0x3f)
      }
      if (codePoint < min! || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i
    }
    i += length
  }
  return -1
}

/** Decodes policy bytes; `file` names the source in errors. */
export function decodePolicy(bytes: Buffer, file: string): string {
  if (bytes.length > MAX_POLICY_BYTES) {
    throw policyError(
      { file, line: 1, column: 1 },
      `policy file is ${bytes.length} bytes, over the ${MAX_POLICY_BYTES}-byte limit`
    )
  }
  const invalid = firstInvalidUtf8(bytes)
  if (invalid >= 0) {
    const hex = bytes[invalid].toString(16).padStart(2, '0')
    throw policyError(
      { file, ...bytePosition(bytes, invalid) },
      `policy file is not UTF-8 text (byte 0x${hex})`
    )
  }
  const text = bytes.toString('utf8')
  return text.startsWith('\ufeff') ? text.slice(1) : text
}

/**
 * Reads a policy file from disk. `referencedAt` is the `extends` entry that names it (errors about a
 * missing file start there); the file given by the user has no such place, so its errors name it alone.
 * `missingHint` is added when there is no such file (a bundled name it resembles).
 */
export async function readPolicyFile(
  file: string,
  referencedAt?: SourceLocation,
  missingHint = ''
): Promise<string> {
  const fail = (message: string): never => {
    throw referencedAt ? policyError(referencedAt, `extends: ${message}`) : new PolicyError(message)
  }
  let bytes: Buffer
  try {
    const info = await stat(file)
    if (!info.isFile()) fail(`policy ${file} is not a regular file`)
    if (info.size > MAX_POLICY_BYTES) {
      throw policyError(
        { file, line: 1, column: 1 },
        `policy file is ${info.size} bytes, over the ${MAX_POLICY_BYTES}-byte limit`
      )
    }
    bytes = await readFile(file)
  } catch (error) {
    if (error instanceof PolicyError) throw error
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return fail(`cannot read policy ${file}: ${fileErrorReason(error)}${missing ? missingHint : ''}`)
  }
  return decodePolicy(bytes, file)
}
