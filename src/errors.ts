// User errors (bad archive, bad policy, missing Docker) end in one clear line and exit code 2.
// Anything else is a bug and keeps its stack.

export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** The archive or image cannot be read: truncated, unknown layout, missing blob, bad JSON. */
export class ImageReadError extends UserError {}

/** The policy file is invalid; the message starts with `file:line:column`. */
export class PolicyError extends UserError {}

/** Docker is missing, the daemon is down, or `docker save` failed. */
export class DockerError extends UserError {}

/** A configured limit was reached while reading hostile or enormous input. */
export class LimitError extends ImageReadError {}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
