// A place in a source file the user wrote (a policy file, a Dockerfile): what errors, violations and
// annotations point at.

/** 1-based line and column. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}
