// Module resolution hook for child processes that run the TypeScript sources on Node's own type
// stripping: the sources import './x.js', which exists as './x.ts'.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const typescript = new URL(specifier.slice(0, -3) + '.ts', context.parentURL)
    if (existsSync(fileURLToPath(typescript))) return next(typescript.href, context)
  }
  return next(specifier, context)
}
