// What counts as a package manager, shared by no-package-manager and distroless.
import type { MultiCallInfo } from '../image/types.js'
import type { ExecutableMatcher } from './executables.js'

/** Operating-system package managers: on by default. */
export const OS_PACKAGE_MANAGERS: readonly string[] = [
  'apk',
  'apk.static',
  'dpkg',
  'dpkg-deb',
  'apt',
  'apt-get',
  'aptitude',
  'rpm',
  'dnf',
  'dnf5',
  'dnf-3',
  'yum',
  'microdnf',
  'tdnf',
  'zypper',
  'pacman',
  'opkg',
  'ipkg',
  'xbps-install',
  'emerge',
  'nix-env',
  'nix',
  'slackpkg',
  'swupd',
  'pkg'
]

/** Language package managers: opt-in with the group name `language` or by name. */
export const LANGUAGE_PACKAGE_MANAGERS: readonly string[] = [
  'pip',
  'pipx',
  'easy_install',
  'uv',
  'poetry',
  'conda',
  'mamba',
  'micromamba',
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'corepack',
  'bun',
  'gem',
  'bundle',
  'composer',
  'cargo',
  'cpan',
  'cpanm'
]

export const MANAGER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  os: OS_PACKAGE_MANAGERS,
  language: LANGUAGE_PACKAGE_MANAGERS
}

/** `pip3`, `pip3.12`, `easy_install-3.11`, `gem3.1` are versioned names of pip, easy_install, gem. */
function unversioned(basename: string): string {
  return basename.replace(/[-]?\d+(\.\d+)*$/, '')
}

export function expandManagers(names: readonly string[]): Set<string> {
  const result = new Set<string>()
  for (const name of names) for (const manager of MANAGER_GROUPS[name] ?? [name]) result.add(manager)
  return result
}

const matchers = new Map<string, ExecutableMatcher>()

/** One matcher per set of names, so findExecutables' memo serves every rule looking for the same managers. */
export function packageManagerMatcher(managers: Set<string>): ExecutableMatcher {
  const key = [...managers].sort().join(' ')
  let matcher = matchers.get(key)
  if (!matcher) matchers.set(key, (matcher = createMatcher(managers)))
  return matcher
}

function createMatcher(managers: Set<string>): ExecutableMatcher {
  const matches = (name: string) =>
    managers.has(name) || (/\d$/.test(name) && managers.has(unversioned(name)))
  return {
    name: matches,
    applets: (info: MultiCallInfo) => info.applets.filter(matches)
  }
}
