// What counts as a shell, shared by no-shell and distroless.
import type { ExecInfo, MultiCallInfo } from '../image/types.js'
import type { ExecutableMatcher } from './executables.js'

export const SHELL_NAMES: readonly string[] = [
  'sh',
  'bash',
  'rbash',
  'ash',
  'dash',
  'hush',
  'zsh',
  'ksh',
  'ksh93',
  'mksh',
  'lksh',
  'pdksh',
  'oksh',
  'loksh',
  'csh',
  'tcsh',
  'fish',
  'yash',
  'posh',
  'nu',
  'elvish',
  'xonsh',
  'toysh',
  'busybox-sh'
]

const SHELL_SET = new Set(SHELL_NAMES)

export const shellMatcher: ExecutableMatcher = {
  name: (basename) => SHELL_SET.has(basename),
  applets(info: MultiCallInfo): string[] {
    const shells = info.applets.filter((applet) => SHELL_SET.has(applet))
    // A BusyBox whose applet list could not be read is assumed to have its usual `sh`.
    if (shells.length === 0 && info.kind === 'busybox' && info.applets.length === 0) return ['sh']
    return shells
  },
  // Builtin, keyword and variable tables with a parameter expansion's errors: a shell under any name,
  // and inside a multi-call binary whose shell applet was renamed.
  content: (exec: ExecInfo) => exec.shell
}
