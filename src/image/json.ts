// Typed access to untrusted JSON: every wrong type is an ImageReadError naming the document and field.
import { ImageReadError } from '../common/errors.js'

export type JsonObject = Record<string, unknown>

export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new ImageReadError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function expectObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new ImageReadError(`${what} must be a JSON object`)
  return value
}

export function optionalString(object: JsonObject, key: string, what: string): string | undefined {
  const value = object[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ImageReadError(`${what}.${key} must be a string`)
  return value
}

export function requiredString(object: JsonObject, key: string, what: string): string {
  const value = optionalString(object, key, what)
  if (value === undefined) throw new ImageReadError(`${what}.${key} is missing`)
  return value
}

export function optionalStringArray(object: JsonObject, key: string, what: string): string[] {
  const value = object[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ImageReadError(`${what}.${key} must be an array of strings`)
  }
  return value as string[]
}

export function optionalStringMap(object: JsonObject, key: string, what: string): Record<string, string> {
  const value = object[key]
  if (value === undefined || value === null) return {}
  if (!isObject(value) || Object.values(value).some((item) => typeof item !== 'string')) {
    throw new ImageReadError(`${what}.${key} must be an object of strings`)
  }
  return { ...(value as Record<string, string>) }
}

export function optionalArray(object: JsonObject, key: string, what: string): unknown[] {
  const value = object[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ImageReadError(`${what}.${key} must be an array`)
  return value
}
