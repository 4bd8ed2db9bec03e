// The image config blob (OCI image config / Docker image JSON) as the model's ImageConfig.
import {
  type JsonObject,
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  optionalStringArray,
  optionalStringMap
} from './json.js'
import type { HistoryEntry, ImageConfig } from './types.js'

export function parseImageConfig(document: unknown, what: string): ImageConfig {
  const root = expectObject(document, what)
  const runtime: JsonObject = isObject(root.config) ? root.config : {}
  const runtimeWhat = `${what}.config`
  // Every image config has a rootfs (OCI image spec, Docker): without one this is some other JSON,
  // and reading it as an image with no layers would pass an empty filesystem.
  const rootfs = expectObject(root.rootfs, `${what}.rootfs`)
  const history = optionalArray(root, 'history', what).map((item, index): HistoryEntry => {
    const entry = expectObject(item, `${what}.history[${index}]`)
    const parsed: HistoryEntry = { emptyLayer: entry.empty_layer === true }
    const created = optionalString(entry, 'created', `${what}.history[${index}]`)
    const createdBy = optionalString(entry, 'created_by', `${what}.history[${index}]`)
    const comment = optionalString(entry, 'comment', `${what}.history[${index}]`)
    if (created !== undefined) parsed.created = created
    if (createdBy !== undefined) parsed.createdBy = createdBy
    if (comment !== undefined) parsed.comment = comment
    return parsed
  })
  const healthcheck = isObject(runtime.Healthcheck)
    ? optionalStringArray(runtime.Healthcheck, 'Test', runtimeWhat)
    : []
  const config: ImageConfig = {
    user: optionalString(runtime, 'User', runtimeWhat) ?? '',
    env: optionalStringArray(runtime, 'Env', runtimeWhat),
    entrypoint: optionalStringArray(runtime, 'Entrypoint', runtimeWhat),
    cmd: optionalStringArray(runtime, 'Cmd', runtimeWhat),
    workingDir: optionalString(runtime, 'WorkingDir', runtimeWhat) ?? '',
    labels: optionalStringMap(runtime, 'Labels', runtimeWhat),
    exposedPorts: isObject(runtime.ExposedPorts) ? Object.keys(runtime.ExposedPorts).sort() : [],
    os: optionalString(root, 'os', what) ?? '',
    architecture: optionalString(root, 'architecture', what) ?? '',
    history,
    diffIds: optionalStringArray(rootfs, 'diff_ids', `${what}.rootfs`)
  }
  const variant = optionalString(root, 'variant', what)
  const created = optionalString(root, 'created', what)
  const stopSignal = optionalString(runtime, 'StopSignal', runtimeWhat)
  if (variant) config.variant = variant
  if (created) config.created = created
  if (stopSignal) config.stopSignal = stopSignal
  if (healthcheck.length > 0) config.healthcheck = healthcheck
  // Read only for the healthcheck rule: an odd Shell is ignored rather than refusing the image.
  const shell = runtime.Shell
  if (Array.isArray(shell) && shell.length > 0 && shell.every((part) => typeof part === 'string'))
    config.shell = shell
  return config
}

/** Layer position → index of the non-empty history entry that created it. */
export function historyIndexByLayer(history: HistoryEntry[], layerCount: number): (number | undefined)[] {
  const producing = history.flatMap((entry, index) => (entry.emptyLayer ? [] : [index]))
  return Array.from({ length: layerCount }, (_, layer) => producing[layer])
}
