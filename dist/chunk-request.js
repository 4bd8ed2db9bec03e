import { stat, readFile, open } from 'node:fs/promises';
import path from 'node:path';
import { homedir } from 'node:os';
import { readFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';

class UserError extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** The archive or image cannot be read: truncated, unknown layout, missing blob, bad JSON. */
class ImageReadError extends UserError {
}
/**
 * The policy is invalid; the message starts with `file:line:column` when the mistake has a place, which
 * `location` then holds (the action annotates it there).
 */
class PolicyError extends UserError {
    location;
    constructor(message, location) {
        super(message);
        this.location = location;
    }
}
/** Docker is missing, the daemon is down, or `docker save` failed. */
class DockerError extends UserError {
}
/**
 * A blob the manifest or index names is not in the archive or layout: for one platform of a
 * multi-platform image, that platform cannot be read but the others may be.
 */
class MissingBlobError extends ImageReadError {
}
/** A registry refused, failed or sent something other than what was asked for. */
class RegistryError extends ImageReadError {
}
/** A configured limit was reached while reading hostile or enormous input. */
class LimitError extends ImageReadError {
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * Why a file could not be read or written, in words ("no such file or directory"), without Node's
 * "ENOENT: \u2026, open '/x'" wrapping; the caller names the file.
 */
function fileErrorReason(error) {
    const code = error?.code;
    const reasons = {
        ENOENT: 'no such file or directory',
        EACCES: 'permission denied',
        EPERM: 'permission denied',
        EISDIR: 'it is a directory',
        ENOTDIR: 'a part of the path is not a directory',
        EROFS: 'the file system is read-only',
        ENOSPC: 'no space left on the device',
        ELOOP: 'too many levels of symbolic links',
        ENAMETOOLONG: 'the name is too long'
    };
    if (code && reasons[code])
        return reasons[code];
    // Another errno: Node's message without the code and the syscall ("EIO: i/o error, read" \u2192 "i/o error").
    return errorMessage(error)
        .replace(/^[A-Z]+: /, '')
        .replace(/, \w+( '.*')?$/, '');
}

// Untrusted text made safe for a log line or a terminal. Everything an image holds (file names, labels,
// history, manifest fields, os-release values) and everything a pull request can change (the policy file,
// the Dockerfile) is untrusted: a name may hold a newline and then `::error \u2026` or `::stop-commands::`,
// which GitHub's runner executes when a line starts with it, `##[\u2026]` anywhere in a line (the runner's
// older command form), `\r` to overwrite a line of the report, ESC sequences that clear the screen or set
// the window title, or U+202E that makes `exe.txt` read as `txt.exe`. Such characters are shown escaped,
// so that a reader sees that the name is strange, and the escaped form is one line.
//
// The escapes, all ASCII:
//   \\  a backslash                    \n \r \t  newline, carriage return, tab
//   \xNN   below 0x80: that ASCII character (C0 controls, DEL, and the few printable characters that are
//          escaped where they would start a command: a leading ":" or space, the "[" of "##[")
//   \xNN   0x80 and above: that raw byte of invalid UTF-8 (the reader decodes such a byte as the lone
//          surrogate U+DC00+NN, as Python's surrogateescape does)
//   \uXXXX, \u{XXXXX}   any other character shown escaped: C1 controls, U+2028/U+2029, bidi controls and
//          every other invisible format or default-ignorable character, non-ASCII spaces, lone surrogates
// `parsePrintable` reverses `printable` exactly; nothing else produces a backslash.
/** Characters shown as escapes wherever they are. */
const ALWAYS_ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\\]|(?! )\p{Zs}|##\[|^[ :]| $/u;
/** Same set, but a backslash stays as it is: for whole messages whose parts are already escaped. */
const UNSAFE_IN_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|##\[|^ *::/u;
/** One character that is always escaped. */
const ESCAPED_CHAR = /^(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs})$/u;
const NAMED = { 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };
function escapeCodePoint(code) {
    const named = NAMED[code];
    if (named)
        return named;
    if (code < 0x80)
        return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code >= 0xdc80 && code <= 0xdcff)
        return `\\x${(code - 0xdc00).toString(16)}`;
    if (code <= 0xffff)
        return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\u{${code.toString(16)}}`;
}
function escapeAll(text, keepBackslash) {
    let out = '';
    let index = 0;
    for (const char of text) {
        const code = char.codePointAt(0) ?? 0;
        const first = index === 0;
        index += char.length;
        let escape;
        if (code === 0x5c)
            escape = !keepBackslash;
        else if (code >= 0x20 && code < 0x7f) {
            // A value never starts with ":" or a space (TrimStart, then "::", makes a command) nor ends with one.
            escape =
                !keepBackslash &&
                    ((first && (code === 0x3a || code === 0x20)) || (index === text.length && code === 0x20));
        }
        else
            escape = ESCAPED_CHAR.test(char);
        out += escape ? escapeCodePoint(code) : char;
    }
    // The runner's older command form `##[name]data` counts anywhere in a line.
    out = out.replace(/##\[/g, '##\\x5b');
    // A composed line: only "::" after the indent is a command.
    if (keepBackslash)
        out = out.replace(/^( *):(?=:)/, '$1\\x3a');
    return out;
}
/**
 * The printable form of one untrusted value (a name, a label, a `created_by`, a reference): one line, no
 * control, bidi or invisible format character, never starting with a space or ":" nor ending with a space,
 * no "##[". Injective (`parsePrintable` gives the exact string back). Ordinary text (printable ASCII and
 * visible Unicode, no backslash) comes back unchanged.
 */
function printable(text) {
    return ALWAYS_ESCAPED.test(text) ? escapeAll(text, false) : text;
}
/**
 * `printable` capped at `max` characters for messages (a 64 KiB name stays readable); the cut never
 * splits an escape and says how long the printable form was.
 */
function printableName(name, max = 200) {
    return capPrintable(printable(name), max);
}
/**
 * Makes a whole line safe to write when parts of it may already be printable forms (an error message
 * that quotes names): the same characters are escaped, a backslash is left as it is, and a line that
 * would start with "::" has its first colon escaped. Idempotent, and a no-op on text that is safe
 * already; not injective (a literal `\n` and a newline look the same), so values go through `printable`
 * first. Line breaks are escaped too: split a multi-line text first if its lines are meant.
 */
function printableLine(text) {
    return UNSAFE_IN_LINE.test(text) ? escapeAll(text, true) : text;
}
/** A JSON value shown in a log or on a terminal: valid JSON, every escaped character as a \u escape. */
function printableJson(value) {
    const json = JSON.stringify(value) ?? 'undefined';
    return json.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|(?<=##)\[/gu, (char) => [...char]
        .flatMap((c) => {
        const code = c.codePointAt(0) ?? 0;
        return code > 0xffff ? [c.charCodeAt(0), c.charCodeAt(1)] : [code];
    })
        .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
        .join(''));
}
/** Cuts a printable form at `max` characters, at an escape boundary, with the full length noted. */
function capPrintable(text, max) {
    if (text.length <= max)
        return text;
    let cut = 0;
    for (let next = 0; next <= max; next += tokenLength(text, next))
        cut = next;
    return `${text.slice(0, cut)}\u2026(${text.length} chars)`;
}
/** Length of the escape or character at `index` of a printable form. */
function tokenLength(text, index) {
    const char = text.charCodeAt(index);
    if (char >= 0xd800 && char <= 0xdbff)
        return 2;
    if (char !== 0x5c)
        return 1;
    const kind = text[index + 1];
    if (kind === 'x')
        return 4;
    if (kind === 'u')
        return text[index + 2] === '{' ? text.indexOf('}', index) - index + 1 : 6;
    return 2;
}

/** Ordered worst first. */
const SEVERITIES = ['error', 'warning', 'notice'];

// A baseline from an earlier run's JSON report (`check --format json`, the action's `report` output).
// The file is untrusted (an artifact a fork could have made): its shape is checked here, field by field,
// and a mistake is one line naming the field. Only what the comparison needs is kept.
/** More than any report this tool writes for one image holds; a bigger file is not one of its reports. */
const MAX_BASELINE_REPORT_BYTES = 256 * 1024 * 1024;
class ShapeError extends Error {
}
function object(value, where) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new ShapeError(`${where} is not an object`);
    return value;
}
function string(value, where) {
    if (typeof value !== 'string')
        throw new ShapeError(`${where} is not a string`);
    return value;
}
function optionalString$1(value, where) {
    return value === undefined ? undefined : string(value, where);
}
function count(value, where) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        throw new ShapeError(`${where} is not a whole number of at least 0`);
    return value;
}
function strings(value, where) {
    if (!Array.isArray(value))
        throw new ShapeError(`${where} is not a list`);
    return value.map((item, i) => string(item, `${where}[${i}]`));
}
function violation(value, where) {
    const v = object(value, where);
    const severity = string(v.severity, `${where}.severity`);
    if (!SEVERITIES.includes(severity))
        throw new ShapeError(`${where}.severity is not one of ${SEVERITIES.join(', ')}`);
    const path = optionalString$1(v.path, `${where}.path`);
    const label = optionalString$1(v.label, `${where}.label`);
    const subject = optionalString$1(v.subject, `${where}.subject`);
    const names = v.names === undefined ? undefined : strings(v.names, `${where}.names`);
    const layer = v.layer === undefined ? undefined : count(v.layer, `${where}.layer`);
    return {
        rule: string(v.rule, `${where}.rule`),
        severity: severity,
        message: string(v.message, `${where}.message`),
        ...(path !== undefined ? { path } : {}),
        ...(names !== undefined ? { names } : {}),
        ...(label !== undefined ? { label } : {}),
        ...(subject !== undefined ? { subject } : {}),
        ...(layer !== undefined ? { layer } : {})
    };
}
/** One platform's report: `{ image, violations, summary }`. */
function platformReport(value, where, given) {
    const report = object(value, where);
    const at = (field) => (where === 'the report' ? field : `${where}.${field}`);
    const image = object(report.image, at('image'));
    if (!Array.isArray(report.violations))
        throw new ShapeError(`${at('violations')} is not a list`);
    const diffIds = image.diffIds === undefined ? undefined : strings(image.diffIds, at('image.diffIds'));
    return {
        kind: 'report',
        given,
        reference: string(image.reference, at('image.reference')),
        platform: string(image.platform, at('image.platform')),
        facts: {
            size: count(image.size, at('image.size')),
            compressedSize: count(image.compressedSize, at('image.compressedSize')),
            layers: count(image.layers, at('image.layers')),
            ...(diffIds ? { diffIds } : {})
        },
        violations: report.violations.map((v, i) => violation(v, `${at('violations')}[${i}]`)),
        warnings: []
    };
}
/**
 * The baselines of a report's text, one per platform: a report of several platforms
 * (`{ results: [...] }`) gives each; a report of one platform gives it alone. The pipeline picks the
 * platform of the image it compares.
 */
function parseBaselineReport(text, given) {
    const fail = (reason) => {
        throw new UserError(`the baseline ${given} is not a JSON report of image-policy-gate: ${reason}`);
    };
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        return fail(error instanceof Error ? error.message.split('\n')[0] : 'not JSON');
    }
    try {
        const top = object(parsed, 'the report');
        if (top.results === undefined)
            return [platformReport(top, 'the report', given)];
        if (!Array.isArray(top.results) || top.results.length === 0)
            throw new ShapeError('results is not a list of platform reports');
        return top.results.map((r, i) => platformReport(r, `results[${i}]`, given));
    }
    catch (error) {
        if (error instanceof ShapeError)
            return fail(error.message);
        throw error;
    }
}
/** The baseline of `platform`; a report of one platform is taken for any, with a warning when it is another. */
function baselineForPlatform(baselines, platform) {
    const exact = baselines.find((b) => b.platform === platform);
    if (exact)
        return exact;
    if (baselines.length > 1)
        throw new UserError(`the baseline ${baselines[0].given} has no report for ${platform} (it has ${baselines.map((b) => b.platform).join(', ')})`);
    const [only] = baselines;
    return {
        ...only,
        warnings: [
            ...only.warnings,
            `the baseline ${only.given} is of ${only.platform}, compared with ${platform}`
        ]
    };
}

// Entry names from a tar are untrusted: normalise them so that nothing escapes the image root.
/**
 * Turns a tar entry name into an absolute path inside the image: `./a//b/`, `/a/b`
 * and `a/./b` all become `/a/b`; `..` is clamped at the root, as Docker does
 * when it unpacks a layer inside its chroot. Returns "/" for the root itself.
 */
function normalisePath(name) {
    if (isPlainRelative(name))
        return name.endsWith('/') ? '/' + name.slice(0, -1) : '/' + name;
    const parts = [];
    for (const part of name.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            parts.pop();
            continue;
        }
        parts.push(part);
    }
    return '/' + parts.join('/');
}
/** Fast path for the common tar name "a/b/c" or "a/b/": no empty, "." or ".." component. */
function isPlainRelative(name) {
    if (name.length === 0 || name.charCodeAt(0) === 0x2f)
        return false;
    let componentStart = 0;
    for (let i = 0; i <= name.length; i++) {
        if (i < name.length && name.charCodeAt(i) !== 0x2f)
            continue;
        const length = i - componentStart;
        if (length === 0 && i !== name.length)
            return false;
        if (length === 1 && name.charCodeAt(componentStart) === 0x2e)
            return false;
        if (length === 2 &&
            name.charCodeAt(componentStart) === 0x2e &&
            name.charCodeAt(componentStart + 1) === 0x2e)
            return false;
        componentStart = i + 1;
    }
    return true;
}
function parentPath(path) {
    const slash = path.lastIndexOf('/');
    return slash <= 0 ? '/' : path.slice(0, slash);
}
function baseName(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
function joinPath(dir, name) {
    return dir === '/' ? '/' + name : dir + '/' + name;
}

// --platform: what the user may write (os/architecture[/variant], with the architecture names `uname -m`
// prints) and when an image's platform is the one asked for. Small on purpose: the action checks the
// input before it loads the reader.
/** Architecture names as `uname -m` and some tools spell them, to the OCI names images carry. */
const ARCHITECTURE_ALIASES = {
    x86_64: 'amd64',
    'x86-64': 'amd64',
    aarch64: 'arm64',
    armhf: 'arm',
    armel: 'arm',
    i386: '386',
    i686: '386'
};
/** "linux/arm64", "linux/arm/v7": os/architecture[/variant]; anything else is a usage error. */
function parsePlatform(text, option = '--platform') {
    const parts = text.trim().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[A-Za-z0-9_.-]+$/.test(part))) {
        throw new UserError(`${option} "${printableName(text, 80)}" is not os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7`);
    }
    const [os, architecture, variant] = parts.map((part) => part.toLowerCase());
    const platform = { os, architecture: ARCHITECTURE_ALIASES[architecture] ?? architecture };
    if (variant)
        platform.variant = variant;
    return platform;
}
function platformMatches(platform, wanted) {
    if (platform.os !== wanted.os || platform.architecture !== wanted.architecture)
        return false;
    if (!wanted.variant)
        return true;
    // arm64 images rarely name their variant: v8 is what they are (as containerd's platform matcher says).
    const variant = platform.variant ?? (platform.architecture === 'arm64' ? 'v8' : undefined);
    return variant === wanted.variant;
}
/** `all`, `OS/ARCH[/VARIANT]` or a comma list of them; undefined is every platform, not asked for. */
function parsePlatformChoice(text, option = '--platform') {
    if (text === undefined || text.trim() === '')
        return { kind: 'every', explicit: false };
    if (text.trim().toLowerCase() === 'all')
        return { kind: 'every', explicit: true };
    const named = text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    if (named.length === 0) {
        throw new UserError(`${option} "${printableName(text, 80)}" names no platform: give all or os/architecture[,\u2026]`);
    }
    return {
        kind: 'named',
        platforms: named.map((part) => ({ text: part, platform: parsePlatform(part, option) }))
    };
}

/** Bundled policies by name (`extends: [default]`), as YAML text. */
const BUNDLED_POLICIES = {
    "default": "# yaml-language-server: $schema=./schema.json\n# The default policy: the four checks image-policy-gate exists for, and a warning for files they cannot see into.\nversion: 1\nrules:\n  # 500 MB (as `docker image ls` shows it) leaves room for a language runtime and its dependencies\n  # (node:slim or python:slim apps are 150-400 MB) while catching accidents such as a build cache,\n  # dev dependencies or a toolchain left in the final stage. A distroless app is usually under 100 MB.\n  size:\n    max: 500MB\n  no-shell: true\n  no-package-manager: true\n  distroless: true\n  # A packed executable (UPX, \u2026) hides what it unpacks to, a shell included, from no-shell: reported, not\n  # failing, because some teams pack their own static binaries to save space. hardened and strict fail it.\n  no-packed-executable: warning\n",
    "hardened": "# yaml-language-server: $schema=./schema.json\n# Hardened runtime, for images that cannot be distroless (e.g. a slim distribution with its shell\n# and package manager removed): no shell, no package manager, nothing packed out of their sight, no\n# setuid or file capabilities, nothing world-writable, not root, no secrets (in files or Env), no credentials directories.\nversion: 1\nrules:\n  no-shell: true\n  no-package-manager: true\n  # error, not true: over default (as in strict) true would keep default's warning.\n  no-packed-executable: error\n  no-setuid: true\n  no-capabilities: true\n  no-world-writable: true\n  non-root-user: true\n  no-secrets: true\n  no-env-secrets: true\n  # An SSH, telnet or unencrypted Docker API port says the image runs a service it should not.\n  exposed-ports:\n    deny: [22, 23, \"2375/tcp\"]\n  forbidden-paths:\n    # Credentials are a leak even when a later layer deletes them: the earlier layer still ships them.\n    includeHidden: true\n    paths:\n      - /root/.ssh/**\n      - /home/*/.ssh/**\n      - \"**/.aws/**\"\n      - \"**/.docker/config.json\"\n      - \"**/.kube/config\"\n      - \"**/.git-credentials\"\n",
    "oci-labels": "# yaml-language-server: $schema=./schema.json\n# Provenance labels that let people and scanners trace an image back to its source.\nversion: 1\nrules:\n  required-labels:\n    - org.opencontainers.image.source\n    - org.opencontainers.image.revision\n",
    "strict": "# yaml-language-server: $schema=./schema.json\n# Everything: the default checks, the hardened runtime, provenance labels and tighter size ceilings.\n# Left out: required-paths (no path is required by every image: add your own), healthcheck\n# (opt-in: Kubernetes ignores HEALTHCHECK) and attestations (a classic-store docker save carries none).\nversion: 1\nextends: [default, hardened, oci-labels]\nrules:\n  size:\n    max: 200MB\n    maxLayers: 20\n    maxFile: 100MB\n    maxWasted: 10MB\n"
};
/** The same, parsed and checked against the schema at build time (src/policy/compiled.ts). */
const COMPILED_POLICIES = {
    "default": { "value": { "version": 1, "rules": { "size": { "max": "500MB" }, "no-shell": true, "no-package-manager": true, "distroless": true, "no-packed-executable": "warning" } }, "positions": { "v": [3, 1], "m": { "version": { "k": [3, 1], "v": [3, 10] }, "rules": { "k": [4, 1], "v": [8, 3], "m": { "size": { "k": [8, 3], "v": [9, 5], "m": { "max": { "k": [9, 5], "v": [9, 10] } } }, "no-shell": { "k": [10, 3], "v": [10, 13] }, "no-package-manager": { "k": [11, 3], "v": [11, 23] }, "distroless": { "k": [12, 3], "v": [12, 15] }, "no-packed-executable": { "k": [15, 3], "v": [15, 25] } } } } } },
    "hardened": { "value": { "version": 1, "rules": { "no-shell": true, "no-package-manager": true, "no-packed-executable": "error", "no-setuid": true, "no-capabilities": true, "no-world-writable": true, "non-root-user": true, "no-secrets": true, "no-env-secrets": true, "exposed-ports": { "deny": [22, 23, "2375/tcp"] }, "forbidden-paths": { "includeHidden": true, "paths": ["/root/.ssh/**", "/home/*/.ssh/**", "**/.aws/**", "**/.docker/config.json", "**/.kube/config", "**/.git-credentials"] } } }, "positions": { "v": [5, 1], "m": { "version": { "k": [5, 1], "v": [5, 10] }, "rules": { "k": [6, 1], "v": [7, 3], "m": { "no-shell": { "k": [7, 3], "v": [7, 13] }, "no-package-manager": { "k": [8, 3], "v": [8, 23] }, "no-packed-executable": { "k": [10, 3], "v": [10, 25] }, "no-setuid": { "k": [11, 3], "v": [11, 14] }, "no-capabilities": { "k": [12, 3], "v": [12, 20] }, "no-world-writable": { "k": [13, 3], "v": [13, 22] }, "non-root-user": { "k": [14, 3], "v": [14, 18] }, "no-secrets": { "k": [15, 3], "v": [15, 15] }, "no-env-secrets": { "k": [16, 3], "v": [16, 19] }, "exposed-ports": { "k": [18, 3], "v": [19, 5], "m": { "deny": { "k": [19, 5], "v": [19, 11], "s": [{ "v": [19, 12] }, { "v": [19, 16] }, { "v": [19, 20] }] } } }, "forbidden-paths": { "k": [20, 3], "v": [22, 5], "m": { "includeHidden": { "k": [22, 5], "v": [22, 20] }, "paths": { "k": [23, 5], "v": [24, 7], "s": [{ "v": [24, 9] }, { "v": [25, 9] }, { "v": [26, 9] }, { "v": [27, 9] }, { "v": [28, 9] }, { "v": [29, 9] }] } } } } } } } },
    "oci-labels": { "value": { "version": 1, "rules": { "required-labels": ["org.opencontainers.image.source", "org.opencontainers.image.revision"] } }, "positions": { "v": [3, 1], "m": { "version": { "k": [3, 1], "v": [3, 10] }, "rules": { "k": [4, 1], "v": [5, 3], "m": { "required-labels": { "k": [5, 3], "v": [6, 5], "s": [{ "v": [6, 7] }, { "v": [7, 7] }] } } } } } },
    "strict": { "value": { "version": 1, "extends": ["default", "hardened", "oci-labels"], "rules": { "size": { "max": "200MB", "maxLayers": 20, "maxFile": "100MB", "maxWasted": "10MB" } } }, "positions": { "v": [5, 1], "m": { "version": { "k": [5, 1], "v": [5, 10] }, "extends": { "k": [6, 1], "v": [6, 10], "s": [{ "v": [6, 11] }, { "v": [6, 20] }, { "v": [6, 30] }] }, "rules": { "k": [7, 1], "v": [8, 3], "m": { "size": { "k": [8, 3], "v": [9, 5], "m": { "max": { "k": [9, 5], "v": [9, 10] }, "maxLayers": { "k": [10, 5], "v": [10, 16] }, "maxFile": { "k": [11, 5], "v": [11, 14] }, "maxWasted": { "k": [12, 5], "v": [12, 16] } } } } } } } }
};
/** policies/schema.json as text. */
const POLICY_SCHEMA_TEXT = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"image-policy-gate policy\",\n  \"description\": \"A policy for image-policy-gate: which rules run on the image's final filesystem, with what options and severity, and which violations are waived. See the Policies section of the README.\",\n  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"$schema\": {\n      \"type\": \"string\"\n    },\n    \"version\": {\n      \"description\": \"Policy format version: 1.\",\n      \"const\": 1\n    },\n    \"allowNoRules\": {\n      \"description\": \"true lets this policy run although it (with its bases) enables no rule, so that it checks nothing and passes every image. Without it such a policy is refused.\",\n      \"type\": \"boolean\"\n    },\n    \"extends\": {\n      \"description\": \"Policies this one builds on, applied in order before its own rules: a bundled name (default, strict, hardened, oci-labels) or a path relative to this file (./base.yml).\",\n      \"anyOf\": [\n        {\n          \"$ref\": \"#/definitions/extendsItem\"\n        },\n        {\n          \"type\": \"array\",\n          \"items\": {\n            \"$ref\": \"#/definitions/extendsItem\"\n          }\n        }\n      ]\n    },\n    \"rules\": {\n      \"description\": \"Rules by id. A value is true (on, default severity), false (off), a severity (on, with that severity) or an object of options with an optional severity.\",\n      \"type\": [\n        \"object\",\n        \"null\"\n      ],\n      \"additionalProperties\": false,\n      \"properties\": {\n        \"size\": {\n          \"description\": \"Ceilings on the image size (docker image ls), compressed size, layer count, layer size, file size and wasted bytes.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"max\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Image size as docker image ls shows it: the sum of the layers' content sizes.\"\n                },\n                \"maxCompressed\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Sum of compressed layer sizes (what a registry stores); estimated when the archive holds uncompressed layers.\"\n                },\n                \"maxLayers\": {\n                  \"description\": \"Number of layers.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                },\n                \"maxLayer\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Content size of any one layer.\"\n                },\n                \"maxFile\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Size of any one file of the final filesystem.\"\n                },\n                \"maxWasted\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Bytes written by a layer and hidden by a later one (deleted or overwritten), each counted once.\"\n                },\n                \"maxGrowth\": {\n                  \"description\": \"How much the image may grow over the baseline: bytes (20MB) or a percentage of the baseline's size (10%). Needs a baseline.\",\n                  \"anyOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    },\n                    {\n                      \"type\": \"string\",\n                      \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*%\\\\s*$\"\n                    }\n                  ]\n                },\n                \"maxLayersAdded\": {\n                  \"description\": \"How many layers the image may have that the baseline does not (by diff ID). Needs a baseline.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                }\n              }\n            }\n          ]\n        },\n        \"no-shell\": {\n          \"description\": \"No shell reachable by any name, and no BusyBox/toybox providing one.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept (e.g. /busybox/** for a debug variant).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-package-manager\": {\n          \"description\": \"No package-manager executable and no multi-call binary with package-manager applets.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"managers\": {\n                  \"description\": \"Executable names or groups to look for: os (the default: apk, dpkg, apt, rpm, dnf, yum, \\u2026), language (pip, npm, gem, \\u2026), or any name.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"distroless\": {\n          \"description\": \"No shell, no package manager, and a distroless family or an allowed base image.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Families accepted (default: all).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"enum\": [\n                      \"distroless\",\n                      \"chainguard\",\n                      \"chiseled\",\n                      \"scratch\"\n                    ]\n                  }\n                },\n                \"baseImages\": {\n                  \"description\": \"Globs matched against the org.opencontainers.image.base.name label or annotation; a match is accepted as distroless.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-packed-executable\": {\n          \"description\": \"No packed executables (UPX, AppImage, a self-unpacking shape): their content cannot be inspected for a shell or a package manager.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-setuid\": {\n          \"description\": \"No setuid or setgid files.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-capabilities\": {\n          \"description\": \"No file carries Linux file capabilities (security.capability, as setcap writes it: cap_net_raw+ep).\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Files or capabilities to accept: a glob of real file paths (any capability there), or { path, capabilities } (those capabilities there; without path, on every file).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"anyOf\": [\n                      {\n                        \"$ref\": \"#/definitions/glob\"\n                      },\n                      {\n                        \"type\": \"object\",\n                        \"additionalProperties\": false,\n                        \"required\": [\n                          \"capabilities\"\n                        ],\n                        \"properties\": {\n                          \"path\": {\n                            \"description\": \"Glob of real file paths; without it the capabilities are accepted on every file.\",\n                            \"$ref\": \"#/definitions/glob\"\n                          },\n                          \"capabilities\": {\n                            \"description\": \"Capability names (cap_net_bind_service; the cap_ prefix and the case do not matter).\",\n                            \"type\": \"array\",\n                            \"minItems\": 1,\n                            \"items\": {\n                              \"type\": \"string\",\n                              \"minLength\": 1,\n                              \"examples\": [\n                                \"cap_chown\",\n                                \"cap_dac_override\",\n                                \"cap_dac_read_search\",\n                                \"cap_fowner\",\n                                \"cap_fsetid\",\n                                \"cap_kill\",\n                                \"cap_setgid\",\n                                \"cap_setuid\",\n                                \"cap_setpcap\",\n                                \"cap_linux_immutable\",\n                                \"cap_net_bind_service\",\n                                \"cap_net_broadcast\",\n                                \"cap_net_admin\",\n                                \"cap_net_raw\",\n                                \"cap_ipc_lock\",\n                                \"cap_ipc_owner\",\n                                \"cap_sys_module\",\n                                \"cap_sys_rawio\",\n                                \"cap_sys_chroot\",\n                                \"cap_sys_ptrace\",\n                                \"cap_sys_pacct\",\n                                \"cap_sys_admin\",\n                                \"cap_sys_boot\",\n                                \"cap_sys_nice\",\n                                \"cap_sys_resource\",\n                                \"cap_sys_time\",\n                                \"cap_sys_tty_config\",\n                                \"cap_mknod\",\n                                \"cap_lease\",\n                                \"cap_audit_write\",\n                                \"cap_audit_control\",\n                                \"cap_setfcap\",\n                                \"cap_mac_override\",\n                                \"cap_mac_admin\",\n                                \"cap_syslog\",\n                                \"cap_wake_alarm\",\n                                \"cap_block_suspend\",\n                                \"cap_audit_read\",\n                                \"cap_perfmon\",\n                                \"cap_bpf\",\n                                \"cap_checkpoint_restore\"\n                              ]\n                            }\n                          }\n                        }\n                      }\n                    ]\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-world-writable\": {\n          \"description\": \"No regular file or directory writable by others (o+w); sticky directories such as /tmp (1777) are fine.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"non-root-user\": {\n          \"description\": \"The image config's User is not root (resolved through the image's /etc/passwd).\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-secrets\": {\n          \"description\": \"No private keys, credentials, .env files or .git directories.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-env-secrets\": {\n          \"description\": \"No credential in the config's Env or in the ENV, ARG and RUN build arguments its history records; the value is never printed.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Variable names to accept; * matches any run of characters (FEATURE_*_KEY).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                },\n                \"history\": {\n                  \"description\": \"Also check what the image's history records: ENV and ARG values, RUN build arguments and commands (default true).\",\n                  \"type\": \"boolean\"\n                }\n              }\n            }\n          ]\n        },\n        \"forbidden-paths\": {\n          \"description\": \"No path matches these globs. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Globs of forbidden paths.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                },\n                \"includeHidden\": {\n                  \"description\": \"Also files a later layer deleted or overwrote, which the image still ships (default false).\",\n                  \"type\": \"boolean\"\n                }\n              }\n            },\n            {\n              \"description\": \"Globs of forbidden paths.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-paths\": {\n          \"description\": \"Each path exists, each glob matches. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Paths or globs that must exist.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Paths or globs that must exist.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-labels\": {\n          \"description\": \"Each label is set and non-empty, or has the value given (exact, /regex/, or a named check). A list is short for { labels: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"labels\": {\n                  \"description\": \"Label names (set and non-empty), or one-key maps of a name to the value it must have: exact text, a regular expression /\\u2026/flags, or { is: url | git-sha | semver | rfc3339 | non-empty }.\",\n                  \"anyOf\": [\n                    {\n                      \"type\": \"array\",\n                      \"items\": {\n                        \"anyOf\": [\n                          {\n                            \"description\": \"A label name: set and non-empty.\",\n                            \"type\": \"string\",\n                            \"minLength\": 1\n                          },\n                          {\n                            \"description\": \"A label name and the value it must have.\",\n                            \"type\": \"object\",\n                            \"minProperties\": 1,\n                            \"maxProperties\": 1,\n                            \"additionalProperties\": {\n                              \"$ref\": \"#/definitions/labelValue\"\n                            }\n                          }\n                        ]\n                      }\n                    },\n                    {\n                      \"type\": \"object\",\n                      \"minProperties\": 1,\n                      \"additionalProperties\": {\n                        \"$ref\": \"#/definitions/labelValue\"\n                      }\n                    }\n                  ]\n                }\n              }\n            },\n            {\n              \"description\": \"Label names, or one-key maps of a name to the value it must have.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"anyOf\": [\n                  {\n                    \"description\": \"A label name: set and non-empty.\",\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  },\n                  {\n                    \"description\": \"A label name and the value it must have.\",\n                    \"type\": \"object\",\n                    \"minProperties\": 1,\n                    \"maxProperties\": 1,\n                    \"additionalProperties\": {\n                      \"$ref\": \"#/definitions/labelValue\"\n                    }\n                  }\n                ]\n              }\n            }\n          ]\n        },\n        \"exposed-ports\": {\n          \"description\": \"The ports the image config exposes are in the allow list and not in the deny list.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Ports that may be exposed (every exposed port must be one): 8080 (tcp), \\\"53/udp\\\", \\\"6000-6063/tcp\\\". An empty list allows none.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/port\"\n                  }\n                },\n                \"deny\": {\n                  \"description\": \"Ports that must not be exposed, e.g. [22, 23, \\\"2375/tcp\\\"].\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/port\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"healthcheck\": {\n          \"description\": \"Opt-in: the image defines a HEALTHCHECK (not NONE) whose program it has. Off in the bundled policies: Kubernetes ignores HEALTHCHECK.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                }\n              }\n            }\n          ]\n        },\n        \"attestations\": {\n          \"description\": \"Each platform's image has these build attestations in its index (buildx). A list is short for { require: [...] }; true requires both.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"require\": {\n                  \"description\": \"provenance (SLSA), sbom (SPDX or CycloneDX).\",\n                  \"type\": \"array\",\n                  \"minItems\": 1,\n                  \"items\": {\n                    \"enum\": [\"provenance\", \"sbom\"]\n                  }\n                }\n              }\n            },\n            {\n              \"type\": \"array\",\n              \"minItems\": 1,\n              \"items\": {\n                \"enum\": [\"provenance\", \"sbom\"]\n              }\n            }\n          ]\n        }\n      }\n    },\n    \"waivers\": {\n      \"description\": \"Accepted violations. A waived violation is still reported, marked waived, and never fails the gate. Past its expiry a waiver stops waiving and is itself reported (expired-waiver).\",\n      \"type\": [\n        \"array\",\n        \"null\"\n      ],\n      \"items\": {\n        \"type\": \"object\",\n        \"additionalProperties\": false,\n        \"required\": [\n          \"rule\",\n          \"reason\",\n          \"expires\"\n        ],\n        \"properties\": {\n          \"rule\": {\n            \"description\": \"Rule id the waiver applies to.\",\n            \"enum\": [\n              \"size\",\n              \"no-shell\",\n              \"no-package-manager\",\n              \"distroless\",\n              \"no-packed-executable\",\n              \"no-setuid\",\n              \"no-capabilities\",\n              \"no-world-writable\",\n              \"non-root-user\",\n              \"no-secrets\",\n              \"no-env-secrets\",\n              \"forbidden-paths\",\n              \"required-paths\",\n              \"required-labels\",\n              \"exposed-ports\",\n              \"healthcheck\",\n              \"attestations\"\n            ]\n          },\n          \"path\": {\n            \"$ref\": \"#/definitions/glob\"\n          },\n          \"reason\": {\n            \"description\": \"Why this is accepted (ticket, owner).\",\n            \"type\": \"string\",\n            \"minLength\": 1,\n            \"pattern\": \"\\\\S\"\n          },\n          \"expires\": {\n            \"$ref\": \"#/definitions/date\"\n          }\n        }\n      }\n    }\n  },\n  \"definitions\": {\n    \"severity\": {\n      \"description\": \"error fails the gate by default; warning and notice are reported (fail-on decides).\",\n      \"enum\": [\n        \"error\",\n        \"warning\",\n        \"notice\"\n      ]\n    },\n    \"size\": {\n      \"description\": \"Bytes, or a number with B, kB, MB, GB (1000) or KiB, MiB, GiB (1024).\",\n      \"anyOf\": [\n        {\n          \"type\": \"integer\",\n          \"minimum\": 0\n        },\n        {\n          \"type\": \"string\",\n          \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*(B|kB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\\\s*$\"\n        }\n      ]\n    },\n    \"glob\": {\n      \"description\": \"Glob over absolute paths inside the image (picomatch syntax; ** crosses directories; dotfiles match).\",\n      \"type\": \"string\",\n      \"minLength\": 1\n    },\n    \"date\": {\n      \"description\": \"A date, YYYY-MM-DD; the waiver holds through the end of that day (UTC).\",\n      \"type\": \"string\",\n      \"pattern\": \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"\n    },\n    \"extendsItem\": {\n      \"type\": \"string\",\n      \"minLength\": 1\n    },\n    \"port\": {\n      \"description\": \"A port: a number (tcp), or text \\\"port/protocol\\\" or \\\"first-last/protocol\\\" (tcp, udp, sctp).\",\n      \"anyOf\": [\n        {\n          \"type\": \"integer\",\n          \"minimum\": 1,\n          \"maximum\": 65535\n        },\n        {\n          \"type\": \"string\",\n          \"pattern\": \"^\\\\s*\\\\d{1,5}(-\\\\d{1,5})?(/[A-Za-z]+)?\\\\s*$\"\n        }\n      ]\n    },\n    \"labelValue\": {\n      \"description\": \"The value a label must have: exact text, a regular expression written /\\u2026/ (flags i, m, s, u after it), null for any non-empty value, or a named check.\",\n      \"anyOf\": [\n        {\n          \"type\": \"null\"\n        },\n        {\n          \"type\": \"string\"\n        },\n        {\n          \"type\": \"object\",\n          \"additionalProperties\": false,\n          \"minProperties\": 1,\n          \"maxProperties\": 1,\n          \"properties\": {\n            \"is\": {\n              \"description\": \"A named check: url (http or https), git-sha (40 or 64 hex digits), semver, rfc3339, non-empty.\",\n              \"enum\": [\n                \"url\",\n                \"git-sha\",\n                \"semver\",\n                \"rfc3339\",\n                \"non-empty\"\n              ]\n            },\n            \"equals\": {\n              \"description\": \"Exactly this text (for a value that looks like /\\u2026/).\",\n              \"type\": \"string\"\n            },\n            \"matches\": {\n              \"description\": \"A regular expression, without slashes.\",\n              \"type\": \"string\",\n              \"minLength\": 1\n            }\n          }\n        }\n      ]\n    }\n  }\n}\n";

// Image references parsed as Docker parses them (distribution/reference): `alpine` is
// docker.io/library/alpine:latest, a first component with a dot or a colon (or `localhost`) is a
// registry host, a digest pins the manifest.
const DOCKER_HUB = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
function parseReference(text) {
    const bad = (why) => new UserError(`"${printableName(text, 120)}" is not an image reference: ${why}`);
    const input = text.trim();
    if (input === '' || input.length > 1024)
        throw bad('empty or too long');
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            throw bad('the digest must be sha256: and 64 hex digits');
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw bad('a tag is up to 128 letters, digits, _, . and -');
    }
    let registry = DOCKER_HUB;
    let path = rest;
    const slash = rest.indexOf('/');
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
            registry = first;
            path = rest.slice(slash + 1);
            if (!HOST.test(registry))
                throw bad('the registry host is not a host name or address');
        }
    }
    if (registry === 'index.docker.io' || registry === 'registry-1.docker.io')
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    if (path === '' || !path.split('/').every((component) => COMPONENT.test(component))) {
        throw bad('a repository is lowercase letters and digits, separated by /, ., _ or -');
    }
    if (!tag && !digest)
        tag = 'latest';
    const full = `${registry}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
    return {
        registry,
        apiHost: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
        repository: path,
        ...(tag ? { tag } : {}),
        ...(digest ? { digest } : {}),
        manifestReference: digest ?? tag,
        full
    };
}
/** The host without its port, lowercased and without IPv6 brackets. */
function hostName(hostAndPort) {
    const host = hostAndPort.startsWith('[')
        ? hostAndPort.slice(1, hostAndPort.indexOf(']'))
        : hostAndPort.replace(/:\d+$/, '');
    return host.toLowerCase();
}
/** localhost, 127.0.0.0/8 and ::1: where Docker allows plain HTTP without being told. */
function isLoopback(hostAndPort) {
    const host = hostName(hostAndPort);
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// What one check is asked to do, built the same way from the action's inputs and the CLI's flags (as
// build-push-action's context.ts turns inputs into one typed object): the image's source, the policy by
// name or path, the Dockerfile read, the platform checked. Small on purpose: the action builds it before
// it asks the engine for the image and before the reader loads.
/** Checks the settings and reads the Dockerfile: every mistake fails here, before any image is read. */
async function checkRequest(settings, base, names) {
    const { policy, dockerfile } = settings;
    return {
        ...(await imageRequest(settings, base, names)),
        ...(policy ? { policyPath: policyPath(policy, base) } : {}),
        ...(dockerfile ? { dockerfile: await readDockerfile(dockerfile, base, names) } : {}),
        verifyDigests: settings.verifyDigests,
        failOn: settings.failOn,
        ...(settings.baseline !== undefined
            ? { baseline: await baselineRequest(settings.baseline, settings, base, names) }
            : {}),
        newOnly: newOnly(settings, names)
    };
}
function newOnly(settings, names) {
    if (settings.newOnly && settings.baseline === undefined)
        throw new UserError(`${names.newOnly} needs a baseline to tell new violations from existing ones (${names.baseline})`);
    return settings.newOnly ?? false;
}
/**
 * A report file (JSON: checked now, before any image is read), an archive or layout directory, or else
 * an image reference, read from the engine or its registry like the checked image.
 */
async function baselineRequest(given, settings, base, names) {
    const file = path.resolve(base, given);
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory())
        return { kind: 'image', given, source: { kind: 'layout', path: file } };
    if (info?.isFile()) {
        if (info.size > MAX_BASELINE_REPORT_BYTES || !(await startsLikeJson(file)))
            return { kind: 'image', given, source: { kind: 'file', path: file } };
        let text;
        try {
            text = await readFile(file, 'utf8');
        }
        catch (error) {
            throw new UserError(`cannot read the baseline ${given}: ${fileErrorReason(error)}`);
        }
        return { kind: 'report', given, baselines: parseBaselineReport(text, given) };
    }
    // Not a file: a reference, or a path mistyped (which says so rather than asking a registry).
    if (/\.(json|tar|tgz|gz|zst)$/i.test(given) || given.startsWith('.') || given.startsWith('/'))
        throw new UserError(`cannot read the baseline ${given} (${names.baseline}): no such file or directory`);
    parseReference(given);
    return {
        kind: 'image',
        given,
        source: { kind: 'image', reference: given, ...(settings.registry ? { registry: settings.registry } : {}) }
    };
}
/** A JSON report starts with `{`; an archive (tar, gzip, zstd) never does. */
async function startsLikeJson(file) {
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle)
        return false;
    try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
        return /^\s*\{/.test(buffer.subarray(0, bytesRead).toString('latin1'));
    }
    finally {
        await handle.close();
    }
}
/** Which image, from where, for which platform: the part of a request that `inspect` asks too. */
async function imageRequest(settings, base, names) {
    const { archive, image, platform } = settings;
    const source = await sourceOf(settings, base, names);
    if (platform !== undefined)
        parsePlatformChoice(platform, names.platform);
    return {
        source,
        ...(archive !== undefined && image !== undefined ? { image } : {}),
        ...(platform ? { platform } : {})
    };
}
async function sourceOf({ archive, image, source: choice = 'auto', registry }, base, names) {
    if (archive === '-' && names.stdin)
        return { kind: 'stdin' };
    if (archive !== undefined) {
        const file = path.resolve(base, archive);
        const info = await stat(file).catch(() => undefined);
        return info?.isDirectory() ? { kind: 'layout', path: file } : { kind: 'file', path: file };
    }
    if (image === undefined)
        throw new UserError(names.noSource);
    if (choice === 'daemon')
        return { kind: 'docker', reference: image };
    // A reference a registry cannot have fails now, before the engine is asked.
    parseReference(image);
    return {
        kind: choice === 'registry' ? 'registry' : 'image',
        reference: image,
        ...(registry ? { registry } : {})
    };
}
/** A bundled policy's name (`strict`) as it is; anything else is a path from `base`. */
function policyPath(value, base) {
    return isBundledPolicy(value) ? value : path.resolve(base, value);
}
function isBundledPolicy(name) {
    return Object.hasOwn(BUNDLED_POLICIES, name);
}
async function readDockerfile(file, base, names) {
    const resolved = path.resolve(base, file);
    try {
        return { path: file, content: await readFile(resolved, 'utf8') };
    }
    catch (error) {
        throw new UserError(`cannot read ${names.dockerfile(file, resolved)}: ${fileErrorReason(error)}`);
    }
}

// `docker save REF` through the docker CLI: no shell, the reference as one argument, the CLI's own words
// on a failure turned into one line that says what to do.
function cliSave(reference, dockerCommand) {
    // Loaded only for --image: reading an archive never loads node:child_process.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(dockerCommand, ['save', reference], { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const stderrChunks = [];
    let stderrBytes = 0;
    child.stderr.on('data', (chunk) => {
        // Keep what docker says about the failure, bounded.
        if (stderrBytes < 64 * 1024)
            stderrChunks.push(chunk);
        stderrBytes += chunk.length;
    });
    const exited = new Promise((resolve, reject) => {
        child.on('error', (error) => {
            if (error.code === 'ENOENT')
                reject(new DockerError(`docker is not installed or not on PATH (looked for "${dockerCommand}")`));
            else
                reject(new DockerError(`could not run docker: ${error.message}`));
        });
        child.on('close', (code, signal) => {
            if (code === 0)
                return resolve();
            const stderr = Buffer.concat(stderrChunks).toString('utf8').trim();
            reject(new DockerError(explainSaveFailure(reference, stderr, code, signal)));
        });
    });
    // Awaited by the reader; a save given up before anyone waits on it must not fail the process.
    exited.catch(() => undefined);
    return { stdout: child.stdout, exited, kill: () => child.kill() };
}
function explainSaveFailure(reference, stderr, code, signal) {
    const said = stderr.split('\n').filter(Boolean).pop() ?? '';
    const known = knownFailure(reference, stderr);
    if (known)
        return known;
    if (signal)
        return `docker save ${reference} was killed by ${signal} before it finished`;
    return `docker save ${reference} failed with exit code ${code}${said ? `: ${said}` : ''}`;
}
/** What Docker's own words (the CLI's stderr, the engine's error message) mean for the user, when known. */
function knownFailure(reference, said) {
    const lastLine = said.split('\n').filter(Boolean).pop() ?? '';
    if (/cannot connect to the docker daemon|is the docker daemon running|no such file or directory.*\.sock/i.test(said)) {
        return `the Docker daemon is not reachable (${lastLine}); start it or set DOCKER_HOST`;
    }
    if (/permission denied/i.test(said)) {
        return `permission denied talking to the Docker daemon (${lastLine}); run as a user in the docker group`;
    }
    if (/no such image|reference does not exist|not found/i.test(said)) {
        return `image "${reference}" is not in the local Docker engine; build or pull it first (docker/build-push-action needs load: true)`;
    }
    return undefined;
}

// The one HTTP/1.1 response reader, for the engine's socket and the registry client alike, pushed a
// read at a time: the status line and headers are parsed (within limits), then the body is handed back
// as views of each read (Content-Length, chunked with one view per chunk and never joined, or until the
// connection closes), so a body of gigabytes costs no copy and no garbage. Node's HTTP client and fetch
// hand a body over in fresh pieces of their own (docs/benchmarks.md: slower for both).
const DEFAULT_HTTP_LIMITS = { maxHeadBytes: 64 * 1024, maxChunkLineBytes: 1024 };
/** Chunk sizes past 2^52 are refused: the body length must stay an exact number. */
const CHUNK_SIZE = /^[0-9a-fA-F]{1,13}$/;
class HttpResponse {
    peer;
    limits;
    /** Nothing of the response has arrived yet. */
    before = true;
    /** The final head has been read (interim 1xx answers skipped): `status` and `headers` hold it. */
    headRead = false;
    /** The whole body has arrived (by its length, its last chunk and trailers, or an empty body). */
    finished = false;
    status = 0;
    /** Header names in lower case; a repeated header's values joined with ", ". */
    headers = new Map();
    head = Buffer.alloc(0);
    chunked = false;
    /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
    remaining = -1;
    state = 'size';
    line = '';
    trailerBytes = 0;
    /** @param peer who answers, for messages ("the engine", "the server") */
    constructor(peer, limits = DEFAULT_HTTP_LIMITS) {
        this.peer = peer;
        this.limits = limits;
    }
    header(name) {
        return this.headers.get(name.toLowerCase()) ?? null;
    }
    /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
    push(read) {
        this.before = false;
        let bytes = read;
        if (this.head) {
            const head = Buffer.concat([this.head, read]);
            const end = head.indexOf('\r\n\r\n');
            if (end > this.limits.maxHeadBytes || (end < 0 && head.length > this.limits.maxHeadBytes))
                throw new Error(`${this.peer} sent an endless response head`);
            if (end < 0) {
                this.head = head;
                return [];
            }
            this.readHead(head.toString('latin1', 0, end));
            bytes = head.subarray(end + 4);
            // An interim answer (100 Continue, 103 Early Hints) is followed by the real one.
            if (this.status >= 100 && this.status < 200) {
                this.head = Buffer.alloc(0);
                return bytes.length > 0 ? this.push(bytes) : [];
            }
            this.head = undefined;
            this.headRead = true;
            if (this.finished)
                return [];
        }
        return this.chunked ? this.dechunk(bytes) : this.plain(bytes);
    }
    /** At the end of the connection: throws (ECONNRESET-coded, so a caller may retry) when it came short. */
    end() {
        if (!this.headRead)
            throw cut(`${this.peer} closed the connection without an answer`);
        if (!this.finished && (this.chunked || this.remaining >= 0))
            throw cut(`${this.peer} closed the connection before the body ended`);
        this.finished = true;
    }
    readHead(text) {
        const lines = text.split('\r\n');
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
        if (!status)
            throw new Error(`${this.peer} did not answer in HTTP/1.1: "${printableName((lines[0] ?? '').slice(0, 80), 120)}"`);
        this.status = Number(status[1]);
        this.headers.clear();
        this.chunked = false;
        this.remaining = -1;
        this.finished = false;
        for (const line of lines.slice(1)) {
            const colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            const earlier = this.headers.get(name);
            this.headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
        }
        this.chunked = /chunked/i.test(this.headers.get('transfer-encoding') ?? '');
        const length = this.headers.get('content-length');
        if (!this.chunked && length !== undefined) {
            if (!/^\d{1,15}$/.test(length))
                throw new Error(`${this.peer} sent a bad Content-Length`);
            this.remaining = Number(length);
        }
        const interim = this.status < 200;
        if (!interim && (this.status === 204 || this.status === 304 || (!this.chunked && this.remaining === 0)))
            this.finished = true;
    }
    plain(bytes) {
        if (this.remaining < 0)
            return bytes.length > 0 ? [bytes] : [];
        const kept = bytes.subarray(0, this.remaining);
        this.remaining -= kept.length;
        if (this.remaining === 0)
            this.finished = true;
        return kept.length > 0 ? [kept] : [];
    }
    dechunk(bytes) {
        const pieces = [];
        let at = 0;
        while (at < bytes.length && !this.finished) {
            if (this.state === 'size' || this.state === 'trailer')
                at = this.chunkLine(bytes, at);
            else if (this.state === 'data') {
                const take = Math.min(this.remaining, bytes.length - at);
                pieces.push(bytes.subarray(at, at + take));
                at += take;
                this.remaining -= take;
                if (this.remaining === 0)
                    this.state = 'data-end';
            }
            else {
                // The CRLF after a chunk's data.
                const newline = bytes.indexOf(10, at);
                if (newline < 0)
                    break;
                at = newline + 1;
                this.state = 'size';
            }
        }
        return pieces;
    }
    /** Reads a chunk-size or trailer line from `at` (it may span reads); returns where reading goes on. */
    chunkLine(bytes, at) {
        const newline = bytes.indexOf(10, at);
        const line = bytes.toString('latin1', at, newline < 0 ? bytes.length : newline);
        // Trailers are bounded as a head is; a chunk-size line on its own.
        if (this.state === 'trailer') {
            this.trailerBytes += line.length + 1;
            if (this.trailerBytes > this.limits.maxHeadBytes)
                throw new Error(`${this.peer} sent endless trailers`);
        }
        else if (this.line.length + line.length > this.limits.maxChunkLineBytes)
            throw new Error(`${this.peer} sent a malformed chunk`);
        this.line += line;
        if (newline < 0)
            return bytes.length;
        const text = this.line.trim();
        this.line = '';
        if (this.state === 'trailer') {
            if (text === '')
                this.finished = true;
            return newline + 1;
        }
        // chunk-size [ BWS ";" chunk-ext ]: the extensions mean nothing to us.
        const size = text.split(';')[0].trim();
        if (!CHUNK_SIZE.test(size))
            throw new Error(`${this.peer} sent a malformed chunk`);
        this.remaining = Number.parseInt(size, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return newline + 1;
    }
}
function cut(message) {
    return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

class SocketReads {
    socket;
    /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
    ready;
    ended = false;
    /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
    failure;
    wake;
    /**
     * @param connect opens the socket with the `onread` given (`net.connect({ path, onread })`)
     * @param bufferBytes the most one read takes
     */
    constructor(connect, bufferBytes) {
        const buffer = Buffer.allocUnsafe(bufferBytes);
        const callback = (bytes) => {
            this.ready = buffer.subarray(0, bytes);
            this.wakeReader();
            return false;
        };
        this.socket = connect({ buffer, callback });
        this.socket.on('error', (error) => {
            this.failure ??= error;
            this.wakeReader();
        });
        // 'close' without 'end' (destroyed): the response is judged by what arrived.
        for (const event of ['end', 'close']) {
            this.socket.on(event, () => {
                this.ended = true;
                this.wakeReader();
            });
        }
    }
    write(bytes) {
        this.socket.write(bytes);
    }
    /** The next read, or undefined at the end of the connection; a read that arrived comes before a failure. */
    async next() {
        if (!this.ready && !this.failure && !this.ended) {
            await new Promise((resolve) => {
                this.wake = resolve;
                this.socket.resume();
            });
        }
        const read = this.ready;
        this.ready = undefined;
        if (read)
            return read;
        if (this.failure)
            throw this.failure;
        return undefined;
    }
    /** Closes the connection; with a `reason`, the next read throws it. */
    destroy(reason) {
        if (reason !== undefined)
            this.failure ??= reason instanceof Error ? reason : new Error(errorMessage(reason));
        this.socket.destroy();
        this.wakeReader();
    }
    wakeReader() {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
}

// `docker save` straight from a local engine's API socket (GET /images/get, what the CLI itself calls).
// Through the CLI every byte is copied once more and reaches us in 64 KiB reads of a socket pair. Here
// the socket is read into one reused buffer (socket-reads.ts) and the HTTP/1.1 body is de-chunked into
// views of it (http-response.ts, the reader the registry client uses too): joining the engine's chunks per read, or a fresh buffer per read, took
// CPU from an engine that needs both cores while it sends (docs/benchmarks.md). Whatever cannot be
// reached this way is left to the CLI.
const DEFAULT_SOCKET = '/var/run/docker.sock';
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK']);
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** The engine writes 32 KiB chunks; a read takes whatever has arrived, up to this. */
const READ_BUFFER_BYTES = 1 << 20;
/**
 * The engine's unix socket when the docker CLI would use it without configuration of its own:
 * DOCKER_HOST=unix://\u2026, or no DOCKER_HOST, no DOCKER_CONTEXT, no current context in the CLI's config
 * and the default socket present. Contexts, TCP, SSH and TLS are the CLI's business: undefined.
 */
function engineSocket(env, home) {
    const host = env.DOCKER_HOST;
    if (host)
        return host.startsWith('unix://') && !env.DOCKER_TLS_VERIFY ? host.slice('unix://'.length) : undefined;
    if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default')
        return undefined;
    try {
        const configFile = path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json');
        const config = JSON.parse(readFileSync(configFile, 'utf8'));
        if (config.currentContext !== undefined && config.currentContext !== 'default')
            return undefined;
    }
    catch {
        // No config (or one the CLI would refuse as well): the CLI would use the default socket.
    }
    return existsSync(DEFAULT_SOCKET) ? DEFAULT_SOCKET : undefined;
}
/** The engine answered with an error status; `message` is its own explanation. */
class EngineRefusal extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
/**
 * Streams `reference`'s archive from the engine at `socket`. When nothing can be reached there,
 * `fallback` (the CLI) is started instead and its output and outcome become this save's.
 */
function engineSave(reference, socket, fallback) {
    let settle;
    const exited = new Promise((resolve, reject) => (settle = { resolve, reject }));
    // Read by whoever awaits the archive; a save nobody waits for must not fail the process.
    exited.catch(() => undefined);
    const reads = new SocketReads((onread) => connect({ path: socket, onread }), READ_BUFFER_BYTES);
    let killed = false;
    let cli;
    reads.write(`GET /images/get?names=${encodeURIComponent(reference)} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`);
    async function* body() {
        const response = new EngineResponse();
        try {
            for (let read = await reads.next(); read; read = await reads.next()) {
                for (const piece of response.push(read))
                    yield piece;
                if (response.finished)
                    break;
            }
            response.end();
            settle.resolve();
        }
        catch (error) {
            const code = error.code;
            if (!killed && response.before && code !== undefined && CLI_TAKES_OVER.has(code)) {
                cli = fallback();
                cli.exited.then(settle.resolve, settle.reject);
                yield* cli.stdout;
                return;
            }
            // As with the CLI, the output just ends; `exited` says why.
            settle.reject(killed ? new Error('stopped by the reader') : error);
        }
        finally {
            reads.destroy();
        }
    }
    return {
        stdout: body(),
        exited,
        kill: () => {
            killed = true;
            // Handed over to the CLI: its outcome (often why it could not start) is this save's.
            if (cli)
                return cli.kill();
            reads.destroy();
            settle.reject(new Error('stopped by the reader'));
        }
    };
}
/**
 * The engine's answer to /images/get: the archive's bytes on 200; any other status is read whole
 * (bounded) and thrown as an EngineRefusal with the engine's own message.
 */
class EngineResponse {
    http = new HttpResponse('the engine');
    errorBody = [];
    errorBytes = 0;
    get before() {
        return this.http.before;
    }
    get finished() {
        return this.http.finished;
    }
    push(read) {
        const body = this.http.push(read);
        if (!this.http.headRead || this.http.status === 200)
            return body;
        for (const piece of body) {
            // A copy: the read's buffer is reused.
            if (this.errorBytes < MAX_ERROR_BODY_BYTES)
                this.errorBody.push(Buffer.from(piece));
            this.errorBytes += piece.length;
        }
        if (this.http.finished)
            this.refuse();
        return [];
    }
    end() {
        if (this.http.headRead && this.http.status !== 200)
            this.refuse();
        this.http.end();
    }
    refuse() {
        const text = Buffer.concat(this.errorBody).toString('utf8').trim();
        let message = text;
        try {
            const parsed = JSON.parse(text);
            if (typeof parsed.message === 'string')
                message = parsed.message;
        }
        catch {
            // Not JSON: the text as it is.
        }
        throw new EngineRefusal(this.http.status, message.slice(0, 500));
    }
}

// `docker save REF` as a byte stream for the reader: no temporary archive, no shell. From a local
// engine's socket when the CLI would use one without configuration of its own (engine.ts), otherwise
// through the docker CLI (cli-save.ts).
/**
 * Saves `reference` from the local engine. With a docker command given (or IPG_DOCKER), always through
 * that command; otherwise from the engine's unix socket when the CLI would use one without
 * configuration of its own, and through the `docker` CLI in every other case.
 */
function dockerSave(reference, dockerCommand = process.env.IPG_DOCKER) {
    if (!reference || reference.startsWith('-'))
        throw new DockerError(`invalid image reference "${reference}"`);
    const cli = () => cliSave(reference, dockerCommand ?? 'docker');
    const socket = dockerCommand === undefined ? engineSocket(process.env, homedir()) : undefined;
    if (socket === undefined)
        return cli();
    const save = engineSave(reference, socket, cli);
    const exited = save.exited.catch((error) => {
        throw engineError(reference, error);
    });
    // Awaited by the reader; a save given up before anyone waits on it must not fail the process.
    exited.catch(() => undefined);
    return { stdout: save.stdout, exited, kill: save.kill };
}
function engineError(reference, error) {
    if (error instanceof DockerError)
        return error;
    if (error instanceof EngineRefusal) {
        return new DockerError(knownFailure(reference, error.message) ??
            `the Docker engine could not save ${reference} (HTTP ${error.status}${error.message ? `: ${error.message}` : ''})`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new DockerError(`the Docker engine stopped sending ${reference} part-way: ${reason}`);
}

// `--source auto`: does the local engine have the image? Asked as cheaply as the engine allows:
// `GET /images/{name}/json` on its unix socket (what `docker image inspect` calls), else the docker CLI
// (`docker image inspect`) where the engine is reached through a context, TCP or IPG_DOCKER. Only "no
// such image" or "no engine" sends the read to the registry: an engine that answers anything else
// (permission denied, an error) is a failure, so a local image is never silently swapped for a
// registry's of the same name.
/** Connection failures that mean no engine is listening there. */
const NO_ENGINE = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);
async function engineHasImage(reference, env = process.env, home = homedir()) {
    const command = env.IPG_DOCKER;
    const socket = command === undefined ? engineSocket(env, home) : undefined;
    // A socket the user named (DOCKER_HOST) must answer; only the default one may be absent.
    if (socket !== undefined)
        return inspectOnSocket(reference, socket, env.DOCKER_HOST !== undefined);
    // engineSocket is undefined with no socket at the default path and no DOCKER_HOST: no engine,
    // unless the CLI is configured to reach one elsewhere (a context, TCP, IPG_DOCKER).
    if (command === undefined && !env.DOCKER_HOST && !env.DOCKER_CONTEXT && !(await hasCliContext(env, home)))
        return 'no-engine';
    return inspectWithCli(reference, command ?? 'docker', command !== undefined, env);
}
function inspectOnSocket(reference, socket, named) {
    // The engine's route is /images/{name:.*}/json: slashes and colons of the name stay as they are.
    const name = encodeURIComponent(reference).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%40/g, '@');
    // node:http is loaded only here: a static import makes Node build its ESM exports, which loads undici
    // (fetch) too, ~35 ms and 17 MB on every run.
    const { request } = process.getBuiltinModule('node:http');
    return new Promise((resolve, reject) => {
        const call = request({ socketPath: socket, path: `/images/${name}/json`, method: 'GET', headers: { host: 'docker' } }, (response) => {
            response.resume();
            const status = response.statusCode ?? 0;
            if (status === 200)
                resolve('present');
            else if (status === 404)
                resolve('absent');
            else
                reject(new DockerError(`the Docker engine answered HTTP ${status} when asked whether it has ${printableName(reference)}; choose with --source daemon or --source registry`));
        });
        call.setTimeout(30_000, () => call.destroy(new Error('the engine did not answer within 30 s')));
        call.on('error', (error) => {
            if (error.code && NO_ENGINE.has(error.code) && !named)
                resolve('no-engine');
            else if (error.code && NO_ENGINE.has(error.code)) {
                reject(new DockerError(`the Docker daemon is not reachable at DOCKER_HOST=unix://${socket} (${error.code}); start it, fix DOCKER_HOST, or choose --source registry`));
            }
            else if (error.code === 'EACCES' || error.code === 'EPERM') {
                reject(new DockerError(`permission denied talking to the Docker engine at ${socket}; run as a user in the docker group, or choose --source registry`));
            }
            else
                reject(new DockerError(`could not ask the Docker engine for ${printableName(reference)}: ${error.message}`));
        });
        call.end();
    });
}
async function hasCliContext(env, home) {
    const { readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    try {
        const file = path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json');
        const config = JSON.parse(await readFile(file, 'utf8'));
        return typeof config.currentContext === 'string' && config.currentContext !== 'default';
    }
    catch {
        return false;
    }
}
function inspectWithCli(reference, command, explicit, env) {
    const { spawn } = process.getBuiltinModule('node:child_process');
    return new Promise((resolve, reject) => {
        const child = spawn(command, ['image', 'inspect', '--format', '{{.Id}}', '--', reference], {
            stdio: ['ignore', 'ignore', 'pipe'],
            env,
            shell: false
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
            if (stderr.length < 8192)
                stderr += chunk.toString('utf8');
        });
        child.on('error', (error) => {
            // No docker CLI: no engine, unless IPG_DOCKER named the command to use.
            if (error.code === 'ENOENT' && !explicit)
                resolve('no-engine');
            else if (error.code === 'ENOENT')
                reject(new DockerError(`docker is not installed or not on PATH (looked for "${command}")`));
            else
                reject(new DockerError(`could not run ${command}: ${error.message}`));
        });
        child.on('close', (code) => {
            if (code === 0)
                return resolve('present');
            if (/no such (image|object)/i.test(stderr))
                return resolve('absent');
            if (/cannot connect to the docker daemon|is the docker daemon running/i.test(stderr))
                return resolve('no-engine');
            const said = stderr.split('\n').filter(Boolean).pop() ?? '';
            reject(new DockerError(`docker image inspect ${printableName(reference)} failed (exit code ${code}${said ? `: ${printableName(said, 200)}` : ''}); choose with --source daemon or --source registry`));
        });
    });
}

async function resolveSource(source) {
    if (source.kind !== 'image')
        return source;
    const answer = await engineHasImage(source.reference);
    const log = source.registry?.log;
    if (answer === 'present') {
        log?.(`Reading ${source.reference} from the local Docker engine (source: auto)`);
        return { kind: 'docker', reference: source.reference };
    }
    log?.(`${source.reference} is not in ${answer === 'absent' ? 'the local Docker engine' : 'a local Docker engine (none is running)'}: reading it from its registry (source: auto)`);
    return {
        kind: 'registry',
        reference: source.reference,
        fallback: answer,
        ...(source.registry ? { registry: source.registry } : {})
    };
}

// The order of paths and names in evaluations and reports: by UTF-16 code unit, the same on every
// machine. localeCompare would follow the runner's locale, and its first call sets up ICU's collator,
// on every run.
function byCodeUnit(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

// Typed access to untrusted JSON: every wrong type is an ImageReadError naming the document and field.
function parseJson(bytes, what) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw new ImageReadError(`${what} is not valid JSON: ${error.message}`);
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function expectObject(value, what) {
    if (!isObject(value))
        throw new ImageReadError(`${what} must be a JSON object`);
    return value;
}
function optionalString(object, key, what) {
    const value = object[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        throw new ImageReadError(`${what}.${key} must be a string`);
    return value;
}
function requiredString(object, key, what) {
    const value = optionalString(object, key, what);
    if (value === undefined)
        throw new ImageReadError(`${what}.${key} is missing`);
    return value;
}
function optionalStringArray(object, key, what) {
    const value = object[key];
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new ImageReadError(`${what}.${key} must be an array of strings`);
    }
    return value;
}
function optionalStringMap(object, key, what) {
    const value = object[key];
    if (value === undefined || value === null)
        return {};
    if (!isObject(value) || Object.values(value).some((item) => typeof item !== 'string')) {
        throw new ImageReadError(`${what}.${key} must be an object of strings`);
    }
    return { ...value };
}
function optionalArray(object, key, what) {
    const value = object[key];
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value))
        throw new ImageReadError(`${what}.${key} must be an array`);
    return value;
}

// The build attestations an index attaches to one of its images: BuildKit's attestation manifests (one
// per platform, beside the images, platform unknown/unknown), each layer an in-toto statement whose
// predicate type says what it is (SLSA provenance, an SPDX or CycloneDX SBOM). Which image a manifest
// attests is the index's word (`vnd.docker.reference.digest`, or the manifest's `subject`); the
// statements are read for their type. Nothing here checks a signature: BuildKit signs none.
// I/O-free: the caller says how a document is fetched.
const IN_TOTO_LAYER = 'application/vnd.in-toto+json';
const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type';
/** Attestations of an image whose candidate had `refs` beside it (undefined: it came from no index). */
async function readAttestations(refs, manifestDigest, fetch) {
    if (!refs)
        return { carried: false, statements: [], problems: [] };
    const out = { carried: true, statements: [], problems: [] };
    for (const ref of refs) {
        try {
            await readManifest(ref, manifestDigest, fetch, out);
        }
        catch (error) {
            if (!(error instanceof ImageReadError))
                throw error;
            out.problems.push(error.message);
        }
    }
    return out;
}
async function readManifest(ref, manifestDigest, fetch, out) {
    const where = `attestation manifest ${printableName(ref.descriptor.digest)}`;
    const manifest = expectObject(parseJson(await fetch(ref.descriptor, 'attestation manifest'), where), where);
    const subject = isObject(manifest.subject) ? manifest.subject.digest : undefined;
    if (typeof subject === 'string' && manifestDigest && subject !== manifestDigest) {
        throw new ImageReadError(`${where} names another image as its subject (${printableName(subject)})`);
    }
    for (const [position, item] of optionalArray(manifest, 'layers', where).entries()) {
        const what = `${where}.layers[${position}]`;
        const layer = expectObject(item, what);
        // BuildKit: any layer type other than an in-toto statement is to be ignored.
        if (optionalString(layer, 'mediaType', what) !== IN_TOTO_LAYER)
            continue;
        const digest = optionalString(layer, 'digest', what);
        if (!digest)
            throw new ImageReadError(`${what} has no digest`);
        const annotated = optionalStringMap(layer, 'annotations', what)[PREDICATE_ANNOTATION];
        const statement = await readStatement({ digest, ...sizeOf(layer) }, fetch, annotated);
        out.statements.push({ ...statement, manifestDigest: ref.descriptor.digest, layerDigest: digest });
    }
}
async function readStatement(descriptor, fetch, annotated) {
    const what = `in-toto statement ${printableName(descriptor.digest)}`;
    let bytes;
    try {
        bytes = await fetch(descriptor, 'in-toto statement');
    }
    catch (error) {
        // An SBOM can be larger than any manifest: its layer's annotation then says its type.
        if (error instanceof LimitError && annotated)
            return { predicateType: annotated, from: 'annotation' };
        throw error;
    }
    const statement = expectObject(parseJson(bytes, what), what);
    const type = optionalString(statement, '_type', what) ?? '';
    if (!type.startsWith('https://in-toto.io/Statement/')) {
        throw new ImageReadError(`${what} is not an in-toto statement (_type "${printableName(type, 80)}")`);
    }
    const predicateType = optionalString(statement, 'predicateType', what);
    if (!predicateType)
        throw new ImageReadError(`${what} has no predicateType`);
    return { predicateType, from: 'statement' };
}
function sizeOf(layer) {
    return typeof layer.size === 'number' ? { size: layer.size } : {};
}
function attestationKind(predicateType) {
    if (/^https:\/\/slsa\.dev\/provenance\/v(0\.2|1)$/.test(predicateType))
        return 'provenance';
    if (/^https:\/\/(spdx\.dev\/Document|cyclonedx\.org\/bom)(\/v\d+(\.\d+)*)?$/.test(predicateType))
        return 'sbom';
    return undefined;
}

// attestations: the build attestations buildx attaches to each platform's image (SLSA provenance, an
// SPDX or CycloneDX SBOM) are there. Read from the index's attestation manifests; nothing is verified
// beyond their type (BuildKit signs none), so this says that a build recorded them, not that they are true.
const KINDS = ['provenance', 'sbom'];
const WHAT = {
    provenance: 'SLSA provenance attestation (buildx --provenance, build-push-action provenance)',
    sbom: 'SBOM attestation, SPDX or CycloneDX (buildx --sbom=true, build-push-action sbom: true)'
};
const FIX = {
    provenance: 'Build with provenance (docker/build-push-action `provenance: mode=max`, buildx `--provenance=true`) and gate the pushed image or an OCI export, which keep it.',
    sbom: 'Build with an SBOM (docker/build-push-action `sbom: true`, buildx `--sbom=true`) and gate the pushed image or an OCI export, which keep it.'
};
const NO_INDEX_FIX = 'Gate the image from its registry (`source: registry`) or an OCI export (`type=oci`): a classic-store docker save drops its attestations.';
const attestations = {
    doc: {
        id: 'attestations',
        title: 'Build attestations',
        description: 'Each platform\u2019s image has the build attestations listed (provenance, sbom) in its index, as buildx attaches them. An image that came from no index (a classic-store docker save) cannot carry any and fails.',
        defaultSeverity: 'error'
    },
    listOption: 'require',
    example: `attestations: { require: [provenance, sbom] }`,
    configure(options) {
        const listed = options.strings('require') ?? ['provenance', 'sbom'];
        if (listed.length === 0)
            options.fail('require', 'attestations needs a list: provenance, sbom');
        const required = listed.map((kind, index) => {
            const known = KINDS.find((candidate) => candidate === kind);
            if (!known)
                return options.fail('require', `unknown attestation "${kind}": expected provenance or sbom`, index);
            return known;
        });
        return {
            attestations: true,
            run(image) {
                const found = image.attestations ?? { carried: false, statements: [], problems: [] };
                const have = new Set(found.statements.map((statement) => attestationKind(statement.predicateType)));
                const missing = [...new Set(required)].filter((kind) => !have.has(kind));
                if (missing.length === 0)
                    return [];
                const why = !found.carried
                    ? ': the image came from no index, which alone carries attestations (a classic-store docker save drops them; gate the pushed image, or an OCI export)'
                    : found.problems.length > 0
                        ? ` (${found.problems.length} attestation document${found.problems.length === 1 ? '' : 's'} could not be read: ${printableName(found.problems[0], 200)})`
                        : '';
                return missing.map((kind) => ({
                    message: `no ${WHAT[kind]}${why}`,
                    fix: { text: found.carried ? FIX[kind] : NO_INDEX_FIX }
                }));
            }
        };
    }
};

/** Regular files that can be executed: an exec bit, or content the reader recognised as a program. */
function isExecutable(inode) {
    return inode.type === 'file' && ((inode.mode & 0o111) !== 0 || inode.exec !== undefined);
}
const found = new WeakMap();
/**
 * Entries any matcher could select: executable regular files and symlinks. Found in one walk per
 * filesystem, so the rules after the first (no-shell, no-package-manager, distroless each ask with their
 * own matcher) look at these few instead of walking every entry again.
 */
const candidatesByFs = new WeakMap();
function candidates(fs) {
    let list = candidatesByFs.get(fs);
    if (!list) {
        const kept = [];
        for (const entry of fs.entries()) {
            const { inode } = entry;
            if (inode.type === 'symlink' || isExecutable(inode))
                kept.push(entry);
        }
        candidatesByFs.set(fs, (list = kept));
    }
    return list;
}
/** Files the matcher selects, each real file once, sorted by path; memoised per filesystem and matcher. */
function findExecutables(fs, matcher) {
    let byMatcher = found.get(fs);
    if (!byMatcher)
        found.set(fs, (byMatcher = new Map()));
    let hits = byMatcher.get(matcher);
    if (!hits)
        byMatcher.set(matcher, (hits = search(fs, matcher)));
    return hits;
}
function search(fs, matcher) {
    const byInode = new Map();
    const note = (target, name) => {
        if (!target || !isExecutable(target.inode))
            return;
        const exec = target.inode.exec;
        const multiCall = exec?.multiCall;
        const applets = multiCall ? matcher.applets(multiCall) : [];
        const byContent = exec && matcher.content ? matcher.content(exec) : undefined;
        if (name === undefined && applets.length === 0 && byContent === undefined)
            return;
        let hit = byInode.get(target.inode.id);
        if (!hit) {
            hit = { inode: target.inode, matchedNames: new Set(), matchedApplets: applets, byContent };
            byInode.set(target.inode.id, hit);
        }
        if (name !== undefined)
            hit.matchedNames.add(name);
    };
    for (const entry of candidates(fs)) {
        const name = entry.name;
        const named = matcher.name(name) ? name : undefined;
        if (entry.inode.type === 'file')
            note(entry, named);
        else if (entry.inode.type === 'symlink' && named !== undefined)
            note(fs.stat(entry.path), named);
    }
    const hits = [];
    for (const { inode, matchedNames, matchedApplets, byContent } of byInode.values()) {
        const names = fs.namesReaching(inode);
        const realPaths = fs.hardLinks(inode);
        const kind = inode.exec?.multiCall?.kind;
        const path = realPaths.find((p) => kind !== undefined && baseName(p) === kind) ?? realPaths[0] ?? names[0];
        hits.push({
            inode,
            path,
            layer: fs.lstat(path)?.layerIndex ?? inode.layerIndex,
            realPaths: realPaths.length > 0 ? realPaths : [path],
            names,
            matchedNames: [...matchedNames].sort(),
            matchedApplets,
            multiCall: inode.exec?.multiCall,
            ...(byContent && matchedNames.size === 0 && matchedApplets.length === 0 ? { byContent } : {})
        });
    }
    return hits.sort((a, b) => byCodeUnit(a.path, b.path));
}
/**
 * "/bin/busybox (also reached as /bin/sh, /bin/ash, \u2026 304 names in all)" \u2014 never an unbounded list;
 * names whose basename `first` selects (the matched ones) come first.
 */
function describeNames(hit, first, limit = 8) {
    const others = hit.names.filter((name) => name !== hit.path);
    if (others.length === 0)
        return hit.path;
    if (first)
        others.sort((a, b) => Number(first(baseName(b))) - Number(first(baseName(a))));
    const shown = others.slice(0, limit).join(', ');
    const more = others.length > limit ? `, \u2026 ${others.length} names in all` : '';
    return `${hit.path} (also reached as ${shown}${more})`;
}
function describeMultiCall(info) {
    const name = info.kind === 'busybox' ? 'BusyBox' : 'toybox';
    return `${name}${info.version ? ` ${info.version}` : ''} multi-call binary`;
}
/** "a shell by its content (27 builtins: alias, bg, break, \u2026)": what content detection saw, bounded. */
function describeShellContent(info, limit = 6) {
    const shown = info.builtins.slice(0, limit).join(', ');
    const more = info.builtins.length > limit ? ', \u2026' : '';
    return `a shell by its content (${info.builtins.length} shell builtins: ${shown}${more})`;
}

/** Operating-system package managers: on by default. */
const OS_PACKAGE_MANAGERS = [
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
];
/** Language package managers: opt-in with the group name `language` or by name. */
const LANGUAGE_PACKAGE_MANAGERS = [
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
];
const MANAGER_GROUPS = {
    os: OS_PACKAGE_MANAGERS,
    language: LANGUAGE_PACKAGE_MANAGERS
};
/** `pip3`, `pip3.12`, `easy_install-3.11`, `gem3.1` are versioned names of pip, easy_install, gem. */
function unversioned(basename) {
    return basename.replace(/[-]?\d+(\.\d+)*$/, '');
}
function expandManagers(names) {
    const result = new Set();
    for (const name of names)
        for (const manager of MANAGER_GROUPS[name] ?? [name])
            result.add(manager);
    return result;
}
const matchers = new Map();
/** One matcher per set of names, so findExecutables' memo serves every rule looking for the same managers. */
function packageManagerMatcher(managers) {
    const key = [...managers].sort().join(' ');
    let matcher = matchers.get(key);
    if (!matcher)
        matchers.set(key, (matcher = createMatcher(managers)));
    return matcher;
}
function createMatcher(managers) {
    const matches = (name) => managers.has(name) || (/\d$/.test(name) && managers.has(unversioned(name)));
    return {
        name: matches,
        applets: (info) => info.applets.filter(matches)
    };
}

const SHELL_NAMES = [
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
];
const SHELL_SET = new Set(SHELL_NAMES);
const shellMatcher = {
    name: (basename) => SHELL_SET.has(basename),
    applets(info) {
        const shells = info.applets.filter((applet) => SHELL_SET.has(applet));
        // A BusyBox whose applet list could not be read is assumed to have its usual `sh`.
        if (shells.length === 0 && info.kind === 'busybox' && info.applets.length === 0)
            return ['sh'];
        return shells;
    },
    // Builtin, keyword and variable tables with a parameter expansion's errors: a shell under any name,
    // and inside a multi-call binary whose shell applet was renamed.
    content: (exec) => exec.shell
};

const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];
/** Parses os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
function parseOsRelease(text) {
    const fields = {};
    for (const line of text.split('\n')) {
        const match = /^\s*([A-Z0-9_]+)=(.*?)\s*$/.exec(line);
        if (!match)
            continue;
        let value = match[2];
        const quote = value[0];
        if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
            value = value.slice(1, -1);
            if (quote === '"')
                value = value.replace(/\\([$"`\\])/g, '$1');
        }
        fields[match[1]] = value;
    }
    return fields;
}
/** The os-release the image carries (following symlinks inside the image), if any was captured. */
function readOsRelease(fs) {
    for (const path of OS_RELEASE_PATHS) {
        const content = fs.readFile(path);
        if (content !== undefined)
            return { path, fields: parseOsRelease(content.toString('utf8')) };
    }
    return undefined;
}
/** True when an os-release file exists, captured or not. */
function hasOsRelease(fs) {
    return OS_RELEASE_PATHS.some((path) => fs.stat(path) !== undefined);
}
function describeOs(release) {
    const { PRETTY_NAME, NAME, ID, VERSION_ID } = release.fields;
    return PRETTY_NAME ?? ([NAME ?? ID, VERSION_ID].filter(Boolean).join(' ') || 'an unnamed distribution');
}

const DISTROLESS_FAMILIES = ['distroless', 'chainguard', 'chiseled', 'scratch'];
const BASE_NAME_KEY = 'org.opencontainers.image.base.name';
/** Package databases: their presence means a distribution, so the image is not scratch. */
const PACKAGE_DATABASES = [
    '/var/lib/dpkg',
    '/lib/apk/db',
    '/var/lib/rpm',
    '/usr/lib/sysimage/rpm',
    '/var/lib/pacman'
];
/** The distroless family the image belongs to, or a description of what it is instead. */
function detectFamily(image) {
    const fs = image.fs;
    const release = readOsRelease(fs);
    if (release) {
        const { PRETTY_NAME, ID, ID_LIKE } = release.fields;
        if (PRETTY_NAME === 'Distroless' || ID === 'distroless')
            return { family: 'distroless' };
        if (ID === 'wolfi' || ID === 'chainguard' || (ID_LIKE ?? '').split(/\s+/).includes('wolfi'))
            return { family: 'chainguard' };
    }
    if (fs.lstat('/var/lib/chisel') !== undefined)
        return { family: 'chiseled' };
    if (release)
        return { other: `os-release (${release.path}) identifies ${describeOs(release)}` };
    if (hasOsRelease(fs))
        return { other: 'it has an os-release file of an unknown distribution' };
    const database = PACKAGE_DATABASES.find((path) => fs.lstat(path) !== undefined);
    if (database)
        return { other: `it has a package database (${database}) but no os-release` };
    return { family: 'scratch' };
}
const distroless = {
    doc: {
        id: 'distroless',
        title: 'Distroless only',
        description: 'The image has no shell and no package manager and belongs to a distroless family: Google distroless (os-release PRETTY_NAME="Distroless"), Chainguard/Wolfi, Ubuntu chiselled (/var/lib/chisel), or scratch (no os-release and no package database) \u2014 or its base image (label or annotation org.opencontainers.image.base.name) matches `baseImages`.',
        defaultSeverity: 'error'
    },
    example: `distroless:\n  allow: [distroless, chiseled, scratch]\n  baseImages: ["gcr.io/distroless/**", "cgr.dev/chainguard/**"]`,
    configure(options) {
        const allow = options.strings('allow') ?? [...DISTROLESS_FAMILIES];
        allow.forEach((family, index) => {
            if (!DISTROLESS_FAMILIES.includes(family)) {
                options.fail('allow', `"${family}" is not a distroless family (${DISTROLESS_FAMILIES.join(', ')})`, index);
            }
        });
        const baseImages = options.referenceGlobs('baseImages') ?? [];
        const packageManagers = packageManagerMatcher(new Set(OS_PACKAGE_MANAGERS));
        return {
            capture: (path) => (path === '/etc/os-release' || path === '/usr/lib/os-release' ? 16 * 1024 : 0),
            run(image) {
                const problems = [];
                const baseName = image.config.labels[BASE_NAME_KEY] ?? image.annotations[BASE_NAME_KEY];
                const allowedBase = baseName !== undefined && baseImages.some((glob) => glob.matches(baseName));
                const detected = detectFamily(image);
                if (!allowedBase) {
                    if ('other' in detected)
                        problems.push(`${detected.other}, not a distroless family`);
                    else if (!allow.includes(detected.family))
                        problems.push(`its family "${detected.family}" is not allowed here`);
                    if (baseImages.length > 0 && 'other' in detected) {
                        problems.push(baseName
                            ? `its base image ${baseName} matches no baseImages glob`
                            : `it names no base image (${BASE_NAME_KEY})`);
                    }
                }
                const shells = findExecutables(image.fs, shellMatcher);
                if (shells.length > 0)
                    problems.push(`it has a shell (${shells.map((hit) => hit.path).join(', ')})`);
                const managers = findExecutables(image.fs, packageManagers);
                if (managers.length > 0)
                    problems.push(`it has a package manager (${managers.map((hit) => hit.path).join(', ')})`);
                if (problems.length === 0)
                    return [];
                const labelNote = baseImages.length > 0
                    ? `, or, if it is built on one that baseImages allows, say so with the label ${BASE_NAME_KEY}`
                    : '';
                return [
                    {
                        message: `not distroless: ${problems.join('; ')}`,
                        fix: {
                            text: `Build in a builder stage and copy only your program onto a distroless base${labelNote}.`,
                            newBase: true
                        }
                    }
                ];
            }
        };
    }
};

// Port specs as Docker writes them (`8080`, `8443/tcp`, `6000-6063/udp`; a bare port is tcp): read by the
// exposed-ports rule from the policy and the image config, and by the Dockerfile map from EXPOSE lines.
const SPEC = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([A-Za-z]+))?$/;
/** The span a spec writes, unchecked (port 0, a range backwards, any protocol word); undefined when it is no spec. */
function readPortSpan(spec) {
    const match = SPEC.exec(spec.trim());
    if (!match)
        return undefined;
    const first = Number(match[1]);
    return {
        first,
        last: match[2] === undefined ? first : Number(match[2]),
        protocol: (match[3] ?? 'tcp').toLowerCase()
    };
}
/** True when every port of `inner` is in `outer`, on the same protocol. */
const spanWithin = (inner, outer) => inner.protocol === outer.protocol && outer.first <= inner.first && inner.last <= outer.last;

// exposed-ports: the ports the image config declares (EXPOSE, recorded as ExposedPorts keys "8080/tcp")
// are within an allow-list and outside a deny-list. Each finding's subject is the port's key, by which a
// report places it on the EXPOSE line (or the FROM line, for a port the base image exposes) and a baseline
// matches it.
const PROTOCOLS = ['tcp', 'udp', 'sctp'];
const MAX_PORT = 65535;
/** `8080`, `"8443/tcp"`, `"6000-6063/tcp"`, `"53/udp"` \u2192 a range (a bare number is tcp), or why not. */
function parsePortSpec(value) {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
    const span = readPortSpan(text);
    if (!span)
        return `${JSON.stringify(value)} is not a port: write 8080, "8443/tcp", "53/udp" or a range "6000-6063/tcp"`;
    const { first, last, protocol } = span;
    for (const port of [first, last])
        if (port < 1 || port > MAX_PORT)
            return `port ${port} is outside 1-${MAX_PORT}`;
    if (last < first)
        return `the range ${first}-${last} ends before it starts`;
    if (!PROTOCOLS.includes(protocol))
        return `"${text.trim().split('/')[1]}" is not a protocol: use tcp, udp or sctp`;
    return { first, last, protocol: protocol };
}
function formatPortRange(range) {
    return `${range.first === range.last ? range.first : `${range.first}-${range.last}`}/${range.protocol}`;
}
function readPorts(options, option) {
    const raw = options.value[option];
    return raw?.map((item, index) => {
        const range = parsePortSpec(item);
        return typeof range === 'string' ? options.fail(option, range, index) : range;
    });
}
const overlaps = (a, b) => a.protocol === b.protocol && a.first <= b.last && b.first <= a.last;
const exposedPorts = {
    doc: {
        id: 'exposed-ports',
        title: 'Exposed ports',
        description: 'The ports the image config exposes (EXPOSE, recorded as 8080/tcp) are all in `allow`, when it is given, and none is in `deny`. A port is a number (tcp), a number with its protocol ("53/udp") or a range ("6000-6063/tcp").',
        defaultSeverity: 'error'
    },
    example: `exposed-ports:\n  allow: [8080, "8443/tcp"]\n  deny: [22, 23, "2375/tcp"]`,
    configure(options) {
        const allow = readPorts(options, 'allow');
        const deny = readPorts(options, 'deny') ?? [];
        if (allow === undefined && deny.length === 0)
            options.fail('allow', 'exposed-ports needs an allow list, a deny list, or both');
        const allowed = allow?.map(formatPortRange).join(', ');
        return {
            run(image) {
                const findings = [];
                for (const key of image.config.exposedPorts) {
                    const range = parsePortSpec(key);
                    if (typeof range === 'string') {
                        if (allow !== undefined)
                            findings.push({
                                message: `exposes "${key}", which is not a port with a protocol, so not one of the allowed ports (${allowed || 'none'})`,
                                subject: key,
                                fix: portFix(key, 'allow')
                            });
                        continue;
                    }
                    const port = formatPortRange(range);
                    const denied = deny.find((entry) => overlaps(range, entry));
                    if (denied) {
                        findings.push({
                            message: `exposes ${port}, which the policy denies (${formatPortRange(denied)})`,
                            subject: key,
                            fix: portFix(key, 'deny')
                        });
                        continue;
                    }
                    if (allow !== undefined && !allow.some((entry) => spanWithin(range, entry)))
                        findings.push({
                            message: `exposes ${port}, which is not one of the allowed ports (${allowed || 'none'})`,
                            subject: key,
                            fix: portFix(key, 'allow')
                        });
                }
                return findings;
            }
        };
    }
};
/** EXPOSE cannot be undone by a later instruction: the line goes, or the base does. */
function portFix(key, list) {
    const keep = list === 'allow' ? ', or add it to exposed-ports.allow if the image must serve it' : '';
    return {
        text: `Remove EXPOSE ${key} from the Dockerfile${keep}; one that comes from the base image cannot be undone by a later instruction (build onto another base, or waive it).`
    };
}

// Secret candidates by name, confirmed by their first bytes. Messages say what kind of secret, never its value.
const PEM_PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |ANY )?PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----/;
function pemKey(content) {
    const match = content ? PEM_PRIVATE_KEY.exec(content.toString('latin1')) : null;
    return match ? `PEM ${match[1].toLowerCase()}` : undefined;
}
const byContent = (pattern, what, capture = 64 * 1024) => ({
    capture,
    confirm: (content) => (content && pattern.test(content.toString('utf8')) ? what : undefined)
});
const byName = (what) => ({
    capture: 0,
    confirm: (_content, size) => (size > 0 ? what : undefined)
});
const SSH_IDENTITY = new Set([
    'id_rsa',
    'id_dsa',
    'id_ecdsa',
    'id_ed25519',
    'id_ecdsa_sk',
    'id_ed25519_sk',
    'identity'
]);
const ENV_TEMPLATES = /\.(example|sample|template|dist|defaults?|tmpl|tpl)$/i;
/** The kind of secret a file at this path might hold, if its name makes it a candidate. */
function secretCandidate(path) {
    const name = baseName(path);
    const lower = name.toLowerCase();
    if (SSH_IDENTITY.has(name)) {
        return {
            capture: 4096,
            confirm: (content, size) => (size > 0 ? (pemKey(content) ?? 'SSH private key file') : undefined)
        };
    }
    if (/\.(pem|key)$/.test(lower))
        return { capture: 16 * 1024, confirm: (content) => pemKey(content) };
    if (/\.(p12|pfx)$/.test(lower))
        return byName('PKCS#12 keystore (holds private keys)');
    if (name === '.env' || (name.startsWith('.env.') && !ENV_TEMPLATES.test(name)))
        return byName('dotenv file');
    if (name === '.npmrc')
        return byContent(/(_authToken|_auth|_password)\s*=/, 'npm registry credentials');
    if (name === '.pypirc')
        return byContent(/^\s*password\s*[=:]/m, 'PyPI credentials');
    if (name === '.git-credentials')
        return byName('git credentials');
    if (name === '.netrc' || name === '_netrc')
        return byContent(/\bpassword\s+\S/, 'netrc password');
    if (path.endsWith('/.aws/credentials'))
        return byContent(/aws_secret_access_key|aws_session_token/i, 'AWS credentials');
    if (path.endsWith('/.docker/config.json'))
        return byContent(/"(auth|identitytoken)"\s*:\s*"[^"]+"/, 'container registry credentials');
    if (path.endsWith('/.kube/config'))
        return byContent(/\b(token|client-key-data|password)\s*:\s*\S/, 'Kubernetes credentials');
    if (path.endsWith('/.config/gcloud/credentials.db') || path.endsWith('/.config/gcloud/access_tokens.db')) {
        return byName('gcloud credentials');
    }
    if (path.endsWith('/.azure/accessTokens.json') || path.endsWith('/.azure/msal_token_cache.json'))
        return byName('Azure tokens');
    if (lower.endsWith('.json') && /credential|service[-_.]?account|secret|[-_]key\.json$/.test(lower)) {
        return byContent(/"(private_key|refresh_token|client_secret)"\s*:\s*"[^"]+"/, 'cloud service credentials (JSON)');
    }
    return undefined;
}

/** Where a hidden copy still ships: "deleted in layer 4, still shipped in layer 2". */
function hiddenWhere(copy) {
    const how = copy.reason === 'deleted'
        ? 'deleted'
        : copy.reason === 'opaque'
            ? 'hidden by an opaque directory'
            : 'overwritten';
    return `${how} in layer ${copy.hiddenBy}, still shipped in layer ${copy.layerIndex}`;
}
const noSecrets = {
    doc: {
        id: 'no-secrets',
        title: 'No secrets',
        description: 'No private keys (PEM, SSH identities, PKCS#12), cloud and registry credentials (AWS, gcloud, Azure, Docker, Kubernetes, service-account JSON), .npmrc/.pypirc/.netrc with credentials, .env files or .git directories, in the final filesystem or hidden by a later layer yet still shipped in an earlier one. Files are found by name and confirmed by their first bytes; the secret itself is never printed.',
        defaultSeverity: 'error'
    },
    example: `no-secrets:\n  severity: warning\n  allow: ["/usr/share/doc/**", "/app/test/fixtures/**"]`,
    configure(options) {
        const allow = options.globs('allow') ?? [];
        const allowed = (path) => allow.some((glob) => glob.matches(path));
        return {
            capture: (path) => secretCandidate(path)?.capture ?? 0,
            run(image) {
                const findings = [];
                const seen = new Set();
                for (const entry of image.fs.entries()) {
                    const inode = entry.inode;
                    if (inode.type === 'dir' && entry.name === '.git') {
                        if (!allowed(entry.path)) {
                            findings.push({
                                message: `git repository directory ${entry.path} (history may hold secrets)`,
                                path: entry.path,
                                layer: entry.layerIndex,
                                fix: gitFix(entry.path, entry.layerIndex)
                            });
                        }
                        continue;
                    }
                    if (inode.type !== 'file' || seen.has(inode.id))
                        continue;
                    const kind = secretCandidate(entry.path);
                    if (!kind)
                        continue;
                    const what = kind.confirm(inode.content, inode.size);
                    if (!what)
                        continue;
                    seen.add(inode.id);
                    const names = image.fs.namesReaching(inode);
                    const realPaths = image.fs.hardLinks(inode);
                    if ((realPaths.length ? realPaths : [entry.path]).some(allowed))
                        continue;
                    findings.push({
                        message: `${what}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
                        path: entry.path,
                        layer: entry.layerIndex,
                        realPaths: realPaths.length ? realPaths : [entry.path],
                        fix: secretFix(entry.path, entry.layerIndex)
                    });
                }
                // What a later layer deleted, overwrote or hid is still in its own layer's blob: anyone who
                // pulls the image can read it. Reported with both layers.
                const gitDirs = new Set();
                for (const copy of image.hidden) {
                    const git = /^(.*?\/\.git)\//.exec(copy.path)?.[1];
                    if (git !== undefined && !gitDirs.has(`${copy.layerIndex} ${git}`) && !allowed(git)) {
                        gitDirs.add(`${copy.layerIndex} ${git}`);
                        if (image.fs.lstat(git)?.inode.type !== 'dir') {
                            findings.push({
                                message: `git repository directory ${git} (history may hold secrets), ${hiddenWhere(copy)}`,
                                path: git,
                                layer: copy.layerIndex,
                                fix: gitFix(git, copy.layerIndex, copy)
                            });
                        }
                    }
                    if (seen.has(copy.inode.id) || allowed(copy.path))
                        continue;
                    const what = secretCandidate(copy.path)?.confirm(copy.inode.content, copy.inode.size);
                    if (!what)
                        continue;
                    seen.add(copy.inode.id);
                    findings.push({
                        message: `${what}: ${copy.path}, ${hiddenWhere(copy)}`,
                        path: copy.path,
                        layer: copy.layerIndex,
                        realPaths: [copy.path],
                        fix: secretFix(copy.path, copy.layerIndex, copy)
                    });
                }
                return findings;
            }
        };
    }
};
const SECRET_ADVICE = 'pass build secrets with RUN --mount=type=secret, keep such files out of the build context with .dockerignore';
/** A secret's fix: it ships in its layer whatever later layers do, so it is rotated as well as removed. */
function secretFix(path, layer, hidden) {
    // The report names the step that hid it (its Dockerfile line, else its history step): hiddenBy.
    const ships = hidden
        ? `it ships in layer ${layer} even though ${hidden.hiddenBy === layer ? 'a later entry of that layer' : 'a later layer'} ${hidden.reason === 'deleted' ? 'deletes' : 'hides'} it`
        : `it ships in layer ${layer}`;
    return {
        text: `Rotate this credential and rebuild without ${path}: ${ships}, readable by anyone who can pull the image; ${SECRET_ADVICE}.`,
        inLayer: { kind: 'leave-out' },
        ...(hidden ? { hiddenBy: { layer: hidden.hiddenBy, reason: hidden.reason } } : {})
    };
}
function gitFix(path, layer, hidden) {
    return {
        text: `Keep ${path} out of the image (.dockerignore: .git)${hidden ? `: deleting it in a later layer leaves it in layer ${layer}` : ''}; rotate any credential its history holds.`,
        inLayer: { kind: 'leave-out' },
        ...(hidden ? { hiddenBy: { layer: hidden.hiddenBy, reason: hidden.reason } } : {})
    };
}

const TYPE_NAMES = {
    file: 'file',
    dir: 'directory',
    symlink: 'symlink',
    char: 'character device',
    block: 'block device',
    fifo: 'fifo'
};
const forbiddenPaths = {
    doc: {
        id: 'forbidden-paths',
        title: 'Forbidden paths',
        description: 'No file, directory or link of the final filesystem matches any of the listed globs; one violation per matching path. With includeHidden, files a later layer deleted or overwrote, which the image still ships, count too.',
        defaultSeverity: 'error'
    },
    listOption: 'paths',
    example: `forbidden-paths: ["/root/.ssh/**", "**/*.pem", "/usr/local/bin/kubectl"]`,
    configure(options) {
        const globs = options.globs('paths') ?? [];
        if (globs.length === 0)
            options.fail('paths', 'forbidden-paths needs a list of globs');
        const includeHidden = options.boolean('includeHidden') ?? false;
        return {
            run(image) {
                const findings = [];
                for (const entry of image.fs.entries()) {
                    const glob = globs.find((candidate) => candidate.matches(entry.path));
                    if (!glob)
                        continue;
                    const type = TYPE_NAMES[entry.inode.type] ?? entry.inode.type;
                    findings.push({
                        message: `${type} ${entry.path} matches forbidden "${glob.pattern}"`,
                        path: entry.path,
                        layer: entry.layerIndex,
                        fix: {
                            text: `Remove ${entry.path}: the policy forbids "${glob.pattern}".`,
                            inLayer: { kind: 'leave-out' }
                        }
                    });
                }
                if (!includeHidden)
                    return findings;
                const reported = new Set(findings.map((finding) => finding.path));
                for (const copy of image.hidden) {
                    if (reported.has(copy.path))
                        continue;
                    const glob = globs.find((candidate) => candidate.matches(copy.path));
                    if (!glob)
                        continue;
                    reported.add(copy.path);
                    findings.push({
                        message: `file ${copy.path} matches forbidden "${glob.pattern}", ${hiddenWhere(copy)}`,
                        path: copy.path,
                        layer: copy.layerIndex,
                        fix: {
                            text: `Keep ${copy.path} out of layer ${copy.layerIndex}: deleting it in a later layer leaves it in the image. The policy forbids "${glob.pattern}".`,
                            inLayer: { kind: 'leave-out' },
                            hiddenBy: { layer: copy.hiddenBy, reason: copy.reason }
                        }
                    });
                }
                return findings;
            }
        };
    }
};

/** Docker's PATH when the config sets none (the one its containers get). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_SHELL = ['/bin/sh', '-c'];
function envValue(image, name) {
    const prefix = `${name}=`;
    const entry = [...image.config.env].reverse().find((item) => item.startsWith(prefix));
    return entry?.slice(prefix.length);
}
function isExecutableFile(image, path) {
    const entry = image.fs.stat(path);
    return entry !== undefined && entry.inode.type === 'file' && (entry.inode.mode & 0o111) !== 0;
}
/** Where the container would find `program`: as a path (from the working directory), or on PATH. */
function findProgram(image, program) {
    if (program.includes('/')) {
        const path = program.startsWith('/') ? program : `${image.config.workingDir || '/'}/${program}`;
        return isExecutableFile(image, path) ? path : undefined;
    }
    for (const dir of (envValue(image, 'PATH') ?? DEFAULT_PATH).split(':')) {
        if (!dir.startsWith('/'))
            continue;
        const path = `${dir.replace(/\/+$/, '')}/${program}`;
        if (isExecutableFile(image, path))
            return path;
    }
    return undefined;
}
const healthcheck = {
    doc: {
        id: 'healthcheck',
        title: 'Healthcheck',
        description: 'The image config defines a HEALTHCHECK that is not NONE, and the program it runs (its first word for CMD, the shell for CMD-SHELL) is an executable file of the image, found as the container would find it (PATH from the config). Off in every bundled policy: Kubernetes ignores HEALTHCHECK and uses its own probes.',
        defaultSeverity: 'error'
    },
    example: `healthcheck: warning`,
    configure() {
        return {
            run(image) {
                const test = image.config.healthcheck ?? [];
                if (test.length === 0)
                    return [{ message: 'the image defines no HEALTHCHECK', fix: addCheck('Add a HEALTHCHECK') }];
                const [kind, ...args] = test;
                if (kind === 'NONE')
                    return [
                        {
                            message: 'HEALTHCHECK NONE: the image (or its base image) turns the health check off',
                            fix: addCheck('Replace HEALTHCHECK NONE (here or in the base image) with a check')
                        }
                    ];
                let program;
                let how;
                if (kind === 'CMD-SHELL') {
                    program = (image.config.shell ?? DEFAULT_SHELL)[0];
                    how = 'the shell its CMD-SHELL form runs through';
                }
                else if (kind === 'CMD') {
                    program = args[0];
                    how = 'its command';
                }
                else {
                    return [
                        {
                            message: `the HEALTHCHECK test starts with "${kind}", not CMD, CMD-SHELL or NONE`,
                            fix: addCheck('Write the HEALTHCHECK with CMD')
                        }
                    ];
                }
                if (program === undefined || program === '' || (kind === 'CMD-SHELL' && args.join('').trim() === ''))
                    return [
                        {
                            message: `the HEALTHCHECK ${kind} has no command`,
                            fix: addCheck('Give the HEALTHCHECK a command')
                        }
                    ];
                if (findProgram(image, program) !== undefined)
                    return [];
                const finding = {
                    message: `the HEALTHCHECK runs ${program} (${how}), which is not an executable file of the image: the check can never pass`,
                    fix: kind === 'CMD-SHELL'
                        ? addCheck(`The image has no ${program}: write the HEALTHCHECK in the exec form`)
                        : addCheck(`Copy ${program} into the image, or point the HEALTHCHECK at a program it has`)
                };
                return [finding];
            }
        };
    }
};
/** The exec form needs no shell, so it works on distroless images too. */
function addCheck(what) {
    return {
        text: `${what}: the exec form runs a program of the image itself, with no shell (your server's own health flag, or a small static probe).`,
        instruction: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]'
    };
}

// Linux file capabilities: the `security.capability` extended attribute (struct vfs_cap_data, little
// endian) decoded as the kernel reads it at exec (get_vfs_caps_from_disk), and written as libcap's
// setcap takes it: `cap_net_raw+ep`.
/** Capability names by number, as linux/capability.h numbers them (0-40). */
const CAPABILITY_NAMES = [
    'cap_chown',
    'cap_dac_override',
    'cap_dac_read_search',
    'cap_fowner',
    'cap_fsetid',
    'cap_kill',
    'cap_setgid',
    'cap_setuid',
    'cap_setpcap',
    'cap_linux_immutable',
    'cap_net_bind_service',
    'cap_net_broadcast',
    'cap_net_admin',
    'cap_net_raw',
    'cap_ipc_lock',
    'cap_ipc_owner',
    'cap_sys_module',
    'cap_sys_rawio',
    'cap_sys_chroot',
    'cap_sys_ptrace',
    'cap_sys_pacct',
    'cap_sys_admin',
    'cap_sys_boot',
    'cap_sys_nice',
    'cap_sys_resource',
    'cap_sys_time',
    'cap_sys_tty_config',
    'cap_mknod',
    'cap_lease',
    'cap_audit_write',
    'cap_audit_control',
    'cap_setfcap',
    'cap_mac_override',
    'cap_mac_admin',
    'cap_syslog',
    'cap_wake_alarm',
    'cap_block_suspend',
    'cap_audit_read',
    'cap_perfmon',
    'cap_bpf',
    'cap_checkpoint_restore'
];
const REVISION_MASK = 0xff000000;
const FLAGS_EFFECTIVE = 0x000001;
/** Revision \u2192 the only size the kernel accepts for it (XATTR_CAPS_SZ_1, _2, _3). */
const SIZES = { 1: 12, 2: 20, 3: 24 };
function capabilityName(number) {
    return CAPABILITY_NAMES[number] ?? `cap_${number}`;
}
/** `cap_net_raw`, `CAP_NET_RAW`, `net_raw` \u2192 its number, or undefined. */
function capabilityNumber(name) {
    const lower = name.trim().toLowerCase();
    const full = lower.startsWith('cap_') ? lower : `cap_${lower}`;
    const index = CAPABILITY_NAMES.indexOf(full);
    return index < 0 ? undefined : index;
}
/**
 * Decodes a `security.capability` value. What the kernel refuses to read (a size that is not its
 * revision's, an unknown revision) is `ok: false` with the reason: Linux would refuse to run such a
 * file (EINVAL at exec), and Docker to unpack it (setxattr fails).
 */
function decodeCapabilities(value) {
    if (value.length < 4)
        return { ok: false, reason: `${value.length} bytes, too short for a header` };
    const magic = value.readUInt32LE(0);
    const revision = (magic & REVISION_MASK) >>> 24;
    const size = SIZES[revision];
    if (size === undefined)
        return { ok: false, reason: `unknown revision ${revision}` };
    if (value.length !== size) {
        return { ok: false, reason: `revision ${revision} is ${size} bytes, this value is ${value.length}` };
    }
    const words = revision === 1 ? 1 : 2;
    const effective = (magic & FLAGS_EFFECTIVE) !== 0;
    const capabilities = [];
    for (let word = 0; word < words; word++) {
        const permitted = value.readUInt32LE(4 + word * 8);
        const inheritable = value.readUInt32LE(8 + word * 8);
        for (let bit = 0; bit < 32; bit++) {
            const mask = (1 << bit) >>> 0;
            const inPermitted = (permitted & mask) !== 0;
            const inInheritable = (inheritable & mask) !== 0;
            if (!inPermitted && !inInheritable)
                continue;
            const number = word * 32 + bit;
            capabilities.push({
                name: capabilityName(number),
                number,
                permitted: inPermitted,
                inheritable: inInheritable,
                effective
            });
        }
    }
    const decoded = {
        ok: true,
        revision: revision,
        capabilities,
        text: capabilitiesText(capabilities)
    };
    if (revision === 3)
        decoded.rootid = value.readUInt32LE(20);
    return decoded;
}
/** `e`, `p`, `i` in the order setcap writes them: `+ep`, `+eip`, `+i`. */
function flagsOf(capability) {
    return `${capability.effective ? 'e' : ''}${capability.inheritable ? 'i' : ''}${capability.permitted ? 'p' : ''}`;
}
/** Capabilities grouped by their flags, as setcap takes them: `cap_net_admin,cap_net_raw+ep cap_chown+i`. */
function capabilitiesText(capabilities) {
    const groups = new Map();
    for (const capability of capabilities) {
        const flags = flagsOf(capability);
        groups.set(flags, [...(groups.get(flags) ?? []), capability.name]);
    }
    return [...groups].map(([flags, names]) => `${names.join(',')}+${flags}`).join(' ');
}
/**
 * One line for a `security.capability` value, as `getcap -n` shows it: `cap_net_raw+ep`, with
 * ` [rootid=1000]` for namespaced ones, `=` for an empty set, `invalid (\u2026)` for what does not decode.
 */
function describeCapabilities(value) {
    const decoded = decodeCapabilities(value);
    if (!decoded.ok)
        return `invalid (${decoded.reason})`;
    const text = decoded.text === '' ? '=' : decoded.text;
    return decoded.rootid === undefined ? text : `${text} [rootid=${decoded.rootid}]`;
}

/** " and its 3 links" (hard links and symlinks that reach the file besides its path). */
function linksNote(hit) {
    const links = hit.names.filter((name) => name !== hit.path).length;
    return links === 0 ? '' : ` and its ${links === 1 ? 'link' : `${links} links`}`;
}
/** "Remove /usr/bin/tool (BusyBox under another name: ash, sh) and its 2 links." */
function multiCallFix(hit, info) {
    const name = info.kind === 'busybox' ? 'BusyBox' : 'toybox';
    const base = hit.path.slice(hit.path.lastIndexOf('/') + 1);
    const label = base.toLowerCase().includes(info.kind) ? name : `${name} under another name`;
    const shown = hit.matchedApplets.slice(0, 4).join(', ');
    const applets = shown ? `: ${shown}${hit.matchedApplets.length > 4 ? ', \u2026' : ''}` : '';
    return `Remove ${hit.path} (${label}${applets})${linksNote(hit)}.`;
}
/** A word for a shell command line: quoted when it holds anything the shell would read. */
function shellWord(word) {
    return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

function getAugmentedNamespace(n) {
  if (Object.prototype.hasOwnProperty.call(n, '__esModule')) return n;
  var f = n.default;
	if (typeof f == "function") {
		var a = function a () {
			var isInstance = false;
      try {
        isInstance = this instanceof a;
      } catch (e) {}
			if (isInstance) {
        return Reflect.construct(f, arguments, this.constructor);
			}
			return f.apply(this, arguments);
		};
		a.prototype = f.prototype;
  } else a = {};
  Object.defineProperty(a, '__esModule', {value: true});
	Object.keys(n).forEach(function (k) {
		var d = Object.getOwnPropertyDescriptor(n, k);
		Object.defineProperty(a, k, d.get ? d : {
			enumerable: true,
			get: function () {
				return n[k];
			}
		});
	});
	return a;
}

var utils = {};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;

	const WIN_SLASH = '\\\\/';
	const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

	const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

	/**
	 * Posix glob regex
	 */

	const DOT_LITERAL = '\\.';
	const PLUS_LITERAL = '\\+';
	const QMARK_LITERAL = '\\?';
	const SLASH_LITERAL = '\\/';
	const ONE_CHAR = '(?=.)';
	const QMARK = '[^/]';
	const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
	const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
	const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
	const NO_DOT = `(?!${DOT_LITERAL})`;
	const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
	const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
	const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
	const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
	const STAR = `${QMARK}*?`;
	const SEP = '/';

	const POSIX_CHARS = {
	  DOT_LITERAL,
	  PLUS_LITERAL,
	  QMARK_LITERAL,
	  SLASH_LITERAL,
	  ONE_CHAR,
	  QMARK,
	  END_ANCHOR,
	  DOTS_SLASH,
	  NO_DOT,
	  NO_DOTS,
	  NO_DOT_SLASH,
	  NO_DOTS_SLASH,
	  QMARK_NO_DOT,
	  STAR,
	  START_ANCHOR,
	  SEP
	};

	/**
	 * Windows glob regex
	 */

	const WINDOWS_CHARS = {
	  ...POSIX_CHARS,

	  SLASH_LITERAL: `[${WIN_SLASH}]`,
	  QMARK: WIN_NO_SLASH,
	  STAR: `${WIN_NO_SLASH}*?`,
	  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
	  NO_DOT: `(?!${DOT_LITERAL})`,
	  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
	  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
	  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
	  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
	  SEP: '\\'
	};

	/**
	 * POSIX Bracket Regex
	 */

	const POSIX_REGEX_SOURCE = {
	  __proto__: null,
	  alnum: 'a-zA-Z0-9',
	  alpha: 'a-zA-Z',
	  ascii: '\\x00-\\x7F',
	  blank: ' \\t',
	  cntrl: '\\x00-\\x1F\\x7F',
	  digit: '0-9',
	  graph: '\\x21-\\x7E',
	  lower: 'a-z',
	  print: '\\x20-\\x7E ',
	  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
	  space: ' \\t\\r\\n\\v\\f',
	  upper: 'A-Z',
	  word: 'A-Za-z0-9_',
	  xdigit: 'A-Fa-f0-9'
	};

	constants = {
	  DEFAULT_MAX_EXTGLOB_RECURSION,
	  MAX_LENGTH: 1024 * 64,
	  POSIX_REGEX_SOURCE,

	  // regular expressions
	  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
	  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
	  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
	  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
	  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
	  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

	  // Replace globs with equivalent patterns to reduce parsing time.
	  REPLACEMENTS: {
	    __proto__: null,
	    '***': '*',
	    '**/**': '**',
	    '**/**/**': '**'
	  },

	  // Digits
	  CHAR_0: 48, /* 0 */
	  CHAR_9: 57, /* 9 */

	  // Alphabet chars.
	  CHAR_UPPERCASE_A: 65, /* A */
	  CHAR_LOWERCASE_A: 97, /* a */
	  CHAR_UPPERCASE_Z: 90, /* Z */
	  CHAR_LOWERCASE_Z: 122, /* z */

	  CHAR_LEFT_PARENTHESES: 40, /* ( */
	  CHAR_RIGHT_PARENTHESES: 41, /* ) */

	  CHAR_ASTERISK: 42, /* * */

	  // Non-alphabetic chars.
	  CHAR_AMPERSAND: 38, /* & */
	  CHAR_AT: 64, /* @ */
	  CHAR_BACKWARD_SLASH: 92, /* \ */
	  CHAR_CARRIAGE_RETURN: 13, /* \r */
	  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
	  CHAR_COLON: 58, /* : */
	  CHAR_COMMA: 44, /* , */
	  CHAR_DOT: 46, /* . */
	  CHAR_DOUBLE_QUOTE: 34, /* " */
	  CHAR_EQUAL: 61, /* = */
	  CHAR_EXCLAMATION_MARK: 33, /* ! */
	  CHAR_FORM_FEED: 12, /* \f */
	  CHAR_FORWARD_SLASH: 47, /* / */
	  CHAR_GRAVE_ACCENT: 96, /* ` */
	  CHAR_HASH: 35, /* # */
	  CHAR_HYPHEN_MINUS: 45, /* - */
	  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
	  CHAR_LEFT_CURLY_BRACE: 123, /* { */
	  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
	  CHAR_LINE_FEED: 10, /* \n */
	  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
	  CHAR_PERCENT: 37, /* % */
	  CHAR_PLUS: 43, /* + */
	  CHAR_QUESTION_MARK: 63, /* ? */
	  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
	  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
	  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
	  CHAR_SEMICOLON: 59, /* ; */
	  CHAR_SINGLE_QUOTE: 39, /* ' */
	  CHAR_SPACE: 32, /*   */
	  CHAR_TAB: 9, /* \t */
	  CHAR_UNDERSCORE: 95, /* _ */
	  CHAR_VERTICAL_LINE: 124, /* | */
	  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

	  /**
	   * Create EXTGLOB_CHARS
	   */

	  extglobChars(chars) {
	    return {
	      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
	      '?': { type: 'qmark', open: '(?:', close: ')?' },
	      '+': { type: 'plus', open: '(?:', close: ')+' },
	      '*': { type: 'star', open: '(?:', close: ')*' },
	      '@': { type: 'at', open: '(?:', close: ')' }
	    };
	  },

	  /**
	   * Create GLOB_CHARS
	   */

	  globChars(win32) {
	    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
	  }
	};
	return constants;
}

/*global navigator*/

var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	(function (exports) {

		const {
		  REGEX_BACKSLASH,
		  REGEX_REMOVE_BACKSLASH,
		  REGEX_SPECIAL_CHARS,
		  REGEX_SPECIAL_CHARS_GLOBAL
		} = /*@__PURE__*/ requireConstants();

		exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
		exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
		exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
		exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
		exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

		exports.isWindows = () => {
		  if (typeof navigator !== 'undefined' && navigator.platform) {
		    const platform = navigator.platform.toLowerCase();
		    return platform === 'win32' || platform === 'windows';
		  }

		  if (typeof process !== 'undefined' && process.platform) {
		    return process.platform === 'win32';
		  }

		  return false;
		};

		exports.removeBackslashes = str => {
		  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
		    return match === '\\' ? '' : match;
		  });
		};

		exports.escapeLast = (input, char, lastIdx) => {
		  const idx = input.lastIndexOf(char, lastIdx);
		  if (idx === -1) return input;
		  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
		  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
		};

		exports.removePrefix = (input, state = {}) => {
		  let output = input;
		  if (output.startsWith('./')) {
		    output = output.slice(2);
		    state.prefix = './';
		  }
		  return output;
		};

		exports.wrapOutput = (input, state = {}, options = {}) => {
		  const prepend = options.contains ? '' : '^';
		  const append = options.contains ? '' : '$';

		  let output = `${prepend}(?:${input})${append}`;
		  if (state.negated === true) {
		    output = `(?:^(?!${output}).*$)`;
		  }
		  return output;
		};

		exports.basename = (path, { windows } = {}) => {
		  const segs = path.split(windows ? /[\\/]/ : '/');
		  const last = segs[segs.length - 1];

		  if (last === '') {
		    return segs[segs.length - 2];
		  }

		  return last;
		}; 
	} (utils));
	return utils;
}

var scan_1;
var hasRequiredScan;

function requireScan () {
	if (hasRequiredScan) return scan_1;
	hasRequiredScan = 1;

	const utils = /*@__PURE__*/ requireUtils();
	const {
	  CHAR_ASTERISK,             /* * */
	  CHAR_AT,                   /* @ */
	  CHAR_BACKWARD_SLASH,       /* \ */
	  CHAR_COMMA,                /* , */
	  CHAR_DOT,                  /* . */
	  CHAR_EXCLAMATION_MARK,     /* ! */
	  CHAR_FORWARD_SLASH,        /* / */
	  CHAR_LEFT_CURLY_BRACE,     /* { */
	  CHAR_LEFT_PARENTHESES,     /* ( */
	  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
	  CHAR_PLUS,                 /* + */
	  CHAR_QUESTION_MARK,        /* ? */
	  CHAR_RIGHT_CURLY_BRACE,    /* } */
	  CHAR_RIGHT_PARENTHESES,    /* ) */
	  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
	} = /*@__PURE__*/ requireConstants();

	const isPathSeparator = code => {
	  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
	};

	const depth = token => {
	  if (token.isPrefix !== true) {
	    token.depth = token.isGlobstar ? Infinity : 1;
	  }
	};

	/**
	 * Quickly scans a glob pattern and returns an object with a handful of
	 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
	 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
	 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
	 *
	 * ```js
	 * const pm = require('picomatch');
	 * console.log(pm.scan('foo/bar/*.js'));
	 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
	 * ```
	 * @param {String} `str`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with tokens and regex source string.
	 * @api public
	 */

	const scan = (input, options) => {
	  const opts = options || {};

	  const length = input.length - 1;
	  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
	  const slashes = [];
	  const tokens = [];
	  const parts = [];

	  let str = input;
	  let index = -1;
	  let start = 0;
	  let lastIndex = 0;
	  let isBrace = false;
	  let isBracket = false;
	  let isGlob = false;
	  let isExtglob = false;
	  let isGlobstar = false;
	  let braceEscaped = false;
	  let backslashes = false;
	  let negated = false;
	  let negatedExtglob = false;
	  let finished = false;
	  let braces = 0;
	  let prev;
	  let code;
	  let token = { value: '', depth: 0, isGlob: false };

	  const eos = () => index >= length;
	  const peek = () => str.charCodeAt(index + 1);
	  const advance = () => {
	    prev = code;
	    return str.charCodeAt(++index);
	  };

	  while (index < length) {
	    code = advance();
	    let next;

	    if (code === CHAR_BACKWARD_SLASH) {
	      backslashes = token.backslashes = true;
	      code = advance();

	      if (code === CHAR_LEFT_CURLY_BRACE) {
	        braceEscaped = true;
	      }
	      continue;
	    }

	    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
	      braces++;

	      while (eos() !== true && (code = advance())) {
	        if (code === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (code === CHAR_LEFT_CURLY_BRACE) {
	          braces++;
	          continue;
	        }

	        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (braceEscaped !== true && code === CHAR_COMMA) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (code === CHAR_RIGHT_CURLY_BRACE) {
	          braces--;

	          if (braces === 0) {
	            braceEscaped = false;
	            isBrace = token.isBrace = true;
	            finished = true;
	            break;
	          }
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (code === CHAR_FORWARD_SLASH) {
	      slashes.push(index);
	      tokens.push(token);
	      token = { value: '', depth: 0, isGlob: false };

	      if (finished === true) continue;
	      if (prev === CHAR_DOT && index === (start + 1)) {
	        start += 2;
	        continue;
	      }

	      lastIndex = index + 1;
	      continue;
	    }

	    if (opts.noext !== true) {
	      const isExtglobChar = code === CHAR_PLUS
	        || code === CHAR_AT
	        || code === CHAR_ASTERISK
	        || code === CHAR_QUESTION_MARK
	        || code === CHAR_EXCLAMATION_MARK;

	      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
	        isGlob = token.isGlob = true;
	        isExtglob = token.isExtglob = true;
	        finished = true;
	        if (code === CHAR_EXCLAMATION_MARK && index === start) {
	          negatedExtglob = true;
	        }

	        if (scanToEnd === true) {
	          let parens = 0;

	          while (eos() !== true && (code = advance())) {
	            if (code === CHAR_BACKWARD_SLASH) {
	              backslashes = token.backslashes = true;
	              advance();
	              continue;
	            }

	            if (code === CHAR_LEFT_PARENTHESES) {
	              parens++;
	              continue;
	            }

	            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	              finished = true;
	              break;
	            }
	          }
	          continue;
	        }
	        break;
	      }
	    }

	    if (code === CHAR_ASTERISK) {
	      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_QUESTION_MARK) {
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_LEFT_SQUARE_BRACKET) {
	      while (eos() !== true && (next = advance())) {
	        if (next === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
	          isBracket = token.isBracket = true;
	          isGlob = token.isGlob = true;
	          finished = true;
	          break;
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
	      negated = token.negated = true;
	      start++;
	      continue;
	    }

	    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
	      isGlob = token.isGlob = true;

	      if (scanToEnd === true) {
	        let parens = 1;

	        while (eos() !== true && (code = advance())) {
	          if (code === CHAR_BACKWARD_SLASH) {
	            backslashes = token.backslashes = true;
	            advance();
	            continue;
	          }

	          if (code === CHAR_LEFT_PARENTHESES) {
	            parens++;
	            continue;
	          }

	          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	            finished = true;
	            break;
	          }
	        }
	        continue;
	      }
	      break;
	    }

	    if (isGlob === true) {
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }
	  }

	  if (opts.noext === true) {
	    isExtglob = false;
	    isGlob = false;
	  }

	  let base = str;
	  let prefix = '';
	  let glob = '';

	  if (start > 0) {
	    prefix = str.slice(0, start);
	    str = str.slice(start);
	    lastIndex -= start;
	  }

	  if (base && isGlob === true && lastIndex > 0) {
	    base = str.slice(0, lastIndex);
	    glob = str.slice(lastIndex);
	  } else if (isGlob === true) {
	    base = '';
	    glob = str;
	  } else {
	    base = str;
	  }

	  if (base && base !== '' && base !== '/' && base !== str) {
	    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
	      base = base.slice(0, -1);
	    }
	  }

	  if (opts.unescape === true) {
	    if (glob) glob = utils.removeBackslashes(glob);

	    if (base && backslashes === true) {
	      base = utils.removeBackslashes(base);
	    }
	  }

	  const state = {
	    prefix,
	    input,
	    start,
	    base,
	    glob,
	    isBrace,
	    isBracket,
	    isGlob,
	    isExtglob,
	    isGlobstar,
	    negated,
	    negatedExtglob
	  };

	  if (opts.tokens === true) {
	    state.maxDepth = 0;
	    if (!isPathSeparator(code)) {
	      tokens.push(token);
	    }
	    state.tokens = tokens;
	  }

	  if (opts.parts === true || opts.tokens === true) {
	    let prevIndex;

	    for (let idx = 0; idx < slashes.length; idx++) {
	      const n = prevIndex !== undefined ? prevIndex + 1 : start;
	      const i = slashes[idx];
	      const value = input.slice(n, i);
	      if (opts.tokens) {
	        if (idx === 0 && start !== 0) {
	          tokens[idx].isPrefix = true;
	          tokens[idx].value = prefix;
	        } else {
	          tokens[idx].value = value;
	        }
	        depth(tokens[idx]);
	        state.maxDepth += tokens[idx].depth;
	      }
	      if (i >= start) {
	        parts.push(value);
	        prevIndex = i;
	      }
	    }

	    const n = prevIndex !== undefined ? prevIndex + 1 : start;
	    const value = input.slice(n);
	    parts.push(value);

	    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
	      tokens[tokens.length - 1].value = value;
	      depth(tokens[tokens.length - 1]);
	      state.maxDepth += tokens[tokens.length - 1].depth;
	    }

	    state.slashes = slashes;
	    state.parts = parts;
	  }

	  return state;
	};

	scan_1 = scan;
	return scan_1;
}

var parse_1;
var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse_1;
	hasRequiredParse = 1;

	const constants = /*@__PURE__*/ requireConstants();
	const utils = /*@__PURE__*/ requireUtils();

	/**
	 * Constants
	 */

	const {
	  MAX_LENGTH,
	  POSIX_REGEX_SOURCE,
	  REGEX_NON_SPECIAL_CHARS,
	  REGEX_SPECIAL_CHARS_BACKREF,
	  REPLACEMENTS
	} = constants;

	/**
	 * Helpers
	 */

	const expandRange = (args, options) => {
	  if (typeof options.expandRange === 'function') {
	    return options.expandRange(...args, options);
	  }

	  args.sort();
	  const value = `[${args.join('-')}]`;

	  try {
	    /* eslint-disable-next-line no-new */
	    new RegExp(value);
	  } catch (ex) {
	    return args.map(v => utils.escapeRegex(v)).join('..');
	  }

	  return value;
	};

	/**
	 * Create the message for a syntax error
	 */

	const syntaxError = (type, char) => {
	  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
	};

	const splitTopLevel = input => {
	  const parts = [];
	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let value = '';
	  let escaped = false;

	  for (const ch of input) {
	    if (escaped === true) {
	      value += ch;
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      value += ch;
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      value += ch;
	      continue;
	    }

	    if (quote === 0) {
	      if (ch === '[') {
	        bracket++;
	      } else if (ch === ']' && bracket > 0) {
	        bracket--;
	      } else if (bracket === 0) {
	        if (ch === '(') {
	          paren++;
	        } else if (ch === ')' && paren > 0) {
	          paren--;
	        } else if (ch === '|' && paren === 0) {
	          parts.push(value);
	          value = '';
	          continue;
	        }
	      }
	    }

	    value += ch;
	  }

	  parts.push(value);
	  return parts;
	};

	const isPlainBranch = branch => {
	  let escaped = false;

	  for (const ch of branch) {
	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (/[?*+@!()[\]{}]/.test(ch)) {
	      return false;
	    }
	  }

	  return true;
	};

	const normalizeSimpleBranch = branch => {
	  let value = branch.trim();
	  let changed = true;

	  while (changed === true) {
	    changed = false;

	    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
	      value = value.slice(2, -1);
	      changed = true;
	    }
	  }

	  if (!isPlainBranch(value)) {
	    return;
	  }

	  return value.replace(/\\(.)/g, '$1');
	};

	const hasRepeatedCharPrefixOverlap = branches => {
	  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

	  for (let i = 0; i < values.length; i++) {
	    for (let j = i + 1; j < values.length; j++) {
	      const a = values[i];
	      const b = values[j];
	      const char = a[0];

	      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
	        continue;
	      }

	      if (a === b || a.startsWith(b) || b.startsWith(a)) {
	        return true;
	      }
	    }
	  }

	  return false;
	};

	const parseRepeatedExtglob = (pattern, requireEnd = true) => {
	  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
	    return;
	  }

	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let escaped = false;

	  for (let i = 1; i < pattern.length; i++) {
	    const ch = pattern[i];

	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      continue;
	    }

	    if (quote === 1) {
	      continue;
	    }

	    if (ch === '[') {
	      bracket++;
	      continue;
	    }

	    if (ch === ']' && bracket > 0) {
	      bracket--;
	      continue;
	    }

	    if (bracket > 0) {
	      continue;
	    }

	    if (ch === '(') {
	      paren++;
	      continue;
	    }

	    if (ch === ')') {
	      paren--;

	      if (paren === 0) {
	        if (requireEnd === true && i !== pattern.length - 1) {
	          return;
	        }

	        return {
	          type: pattern[0],
	          body: pattern.slice(2, i),
	          end: i
	        };
	      }
	    }
	  }
	};

	const buildCharClassStar = chars => {
	  const source = chars.length === 1
	    ? utils.escapeRegex(chars[0])
	    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

	  return `${source}*`;
	};

	const getStarExtglobSequenceChars = pattern => {
	  let index = 0;
	  const chars = [];

	  while (index < pattern.length) {
	    const match = parseRepeatedExtglob(pattern.slice(index), false);

	    if (!match || match.type !== '*') {
	      return;
	    }

	    const branches = splitTopLevel(match.body).map(branch => branch.trim());
	    if (branches.length !== 1) {
	      return;
	    }

	    const branch = normalizeSimpleBranch(branches[0]);
	    if (!branch || branch.length !== 1) {
	      return;
	    }

	    chars.push(branch);
	    index += match.end + 1;
	  }

	  if (chars.length < 1) {
	    return;
	  }

	  return chars;
	};

	const repeatedExtglobRecursion = pattern => {
	  let depth = 0;
	  let value = pattern.trim();
	  let match = parseRepeatedExtglob(value);

	  while (match) {
	    depth++;
	    value = match.body.trim();
	    match = parseRepeatedExtglob(value);
	  }

	  return depth;
	};

	const analyzeRepeatedExtglob = (body, options) => {
	  if (options.maxExtglobRecursion === false) {
	    return { risky: false };
	  }

	  const max =
	    typeof options.maxExtglobRecursion === 'number'
	      ? options.maxExtglobRecursion
	      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

	  const branches = splitTopLevel(body).map(branch => branch.trim());

	  if (branches.length > 1) {
	    if (
	      branches.some(branch => branch === '') ||
	      branches.some(branch => /^[*?]+$/.test(branch)) ||
	      hasRepeatedCharPrefixOverlap(branches)
	    ) {
	      return { risky: true };
	    }
	  }

	  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
	  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
	  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
	  // characters we can emit one flat, ReDoS-safe character class that preserves the
	  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
	  // every branch but the first.
	  const safeChars = [];
	  let sawStarSequence = false;
	  let combinable = true;

	  for (const branch of branches) {
	    const chars = getStarExtglobSequenceChars(branch);
	    if (chars) {
	      sawStarSequence = true;
	      safeChars.push(...chars);
	      continue;
	    }

	    const literal = normalizeSimpleBranch(branch);
	    if (literal && literal.length === 1) {
	      safeChars.push(literal);
	      continue;
	    }

	    combinable = false;

	    if (repeatedExtglobRecursion(branch) > max) {
	      return { risky: true };
	    }
	  }

	  if (sawStarSequence) {
	    return combinable
	      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
	      : { risky: true };
	  }

	  return { risky: false };
	};

	/**
	 * Parse the given input string.
	 * @param {String} input
	 * @param {Object} options
	 * @return {Object}
	 */

	const parse = (input, options) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected a string');
	  }

	  input = REPLACEMENTS[input] || input;

	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

	  let len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
	  const tokens = [bos];

	  const capture = opts.capture ? '' : '?:';

	  // create constants based on platform, for windows or posix
	  const PLATFORM_CHARS = constants.globChars(opts.windows);
	  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

	  const {
	    DOT_LITERAL,
	    PLUS_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOT_SLASH,
	    NO_DOTS_SLASH,
	    QMARK,
	    QMARK_NO_DOT,
	    STAR,
	    START_ANCHOR
	  } = PLATFORM_CHARS;

	  const globstar = opts => {
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const nodot = opts.dot ? '' : NO_DOT;
	  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
	  let star = opts.bash === true ? globstar(opts) : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  // minimatch options support
	  if (typeof opts.noext === 'boolean') {
	    opts.noextglob = opts.noext;
	  }

	  const state = {
	    input,
	    index: -1,
	    start: 0,
	    dot: opts.dot === true,
	    consumed: '',
	    output: '',
	    prefix: '',
	    backtrack: false,
	    negated: false,
	    brackets: 0,
	    braces: 0,
	    parens: 0,
	    quotes: 0,
	    globstar: false,
	    tokens
	  };

	  input = utils.removePrefix(input, state);
	  len = input.length;

	  const extglobs = [];
	  const braces = [];
	  const stack = [];
	  let prev = bos;
	  let value;

	  /**
	   * Tokenizing helpers
	   */

	  const eos = () => state.index === len - 1;
	  const peek = state.peek = (n = 1) => input[state.index + n];
	  const advance = state.advance = () => input[++state.index] || '';
	  const remaining = () => input.slice(state.index + 1);
	  const consume = (value = '', num = 0) => {
	    state.consumed += value;
	    state.index += num;
	  };

	  const append = token => {
	    state.output += token.output != null ? token.output : token.value;
	    consume(token.value);
	  };

	  const negate = () => {
	    let count = 1;

	    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
	      advance();
	      state.start++;
	      count++;
	    }

	    if (count % 2 === 0) {
	      return false;
	    }

	    state.negated = true;
	    state.start++;
	    return true;
	  };

	  const increment = type => {
	    state[type]++;
	    stack.push(type);
	  };

	  const decrement = type => {
	    state[type]--;
	    stack.pop();
	  };

	  /**
	   * Push tokens onto the tokens array. This helper speeds up
	   * tokenizing by 1) helping us avoid backtracking as much as possible,
	   * and 2) helping us avoid creating extra tokens when consecutive
	   * characters are plain text. This improves performance and simplifies
	   * lookbehinds.
	   */

	  const push = tok => {
	    if (prev.type === 'globstar') {
	      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
	      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

	      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
	        state.output = state.output.slice(0, -prev.output.length);
	        prev.type = 'star';
	        prev.value = '*';
	        prev.output = star;
	        state.output += prev.output;
	      }
	    }

	    if (extglobs.length && tok.type !== 'paren') {
	      extglobs[extglobs.length - 1].inner += tok.value;
	    }

	    if (tok.value || tok.output) append(tok);
	    if (prev && prev.type === 'text' && tok.type === 'text') {
	      prev.output = (prev.output || prev.value) + tok.value;
	      prev.value += tok.value;
	      return;
	    }

	    tok.prev = prev;
	    tokens.push(tok);
	    prev = tok;
	  };

	  const extglobOpen = (type, value) => {
	    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

	    token.prev = prev;
	    token.parens = state.parens;
	    token.output = state.output;
	    token.startIndex = state.index;
	    token.tokensIndex = tokens.length;
	    const output = (opts.capture ? '(' : '') + token.open;

	    increment('parens');
	    push({ type, value, output: state.output ? '' : ONE_CHAR });
	    push({ type: 'paren', extglob: true, value: advance(), output });
	    extglobs.push(token);
	  };

	  const extglobClose = token => {
	    const literal = input.slice(token.startIndex, state.index + 1);
	    const body = input.slice(token.startIndex + 2, state.index);
	    const analysis = analyzeRepeatedExtglob(body, opts);

	    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
	      const safeOutput = analysis.safeOutput
	        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
	        : undefined;
	      const open = tokens[token.tokensIndex];

	      open.type = 'text';
	      open.value = literal;
	      open.output = safeOutput || utils.escapeRegex(literal);

	      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
	        tokens[i].value = '';
	        tokens[i].output = '';
	        delete tokens[i].suffix;
	      }

	      state.output = token.output + open.output;
	      state.backtrack = true;

	      push({ type: 'paren', extglob: true, value, output: '' });
	      decrement('parens');
	      return;
	    }

	    let output = token.close + (opts.capture ? ')' : '');
	    let rest;

	    if (token.type === 'negate') {
	      let extglobStar = star;

	      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
	        extglobStar = globstar(opts);
	      }

	      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
	        output = token.close = `)$))${extglobStar}`;
	      }

	      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
	        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
	        // In this case, we need to parse the string and use it in the output of the original pattern.
	        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
	        //
	        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
	        const expression = parse(rest, { ...options, fastpaths: false }).output;

	        output = token.close = `)${expression})${extglobStar})`;
	      }

	      if (token.prev.type === 'bos') {
	        state.negatedExtglob = true;
	      }
	    }

	    push({ type: 'paren', extglob: true, value, output });
	    decrement('parens');
	  };

	  /**
	   * Fast paths
	   */

	  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
	    let backslashes = false;

	    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
	      if (first === '\\') {
	        backslashes = true;
	        return m;
	      }

	      if (first === '?') {
	        if (esc) {
	          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        if (index === 0) {
	          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        return QMARK.repeat(chars.length);
	      }

	      if (first === '.') {
	        return DOT_LITERAL.repeat(chars.length);
	      }

	      if (first === '*') {
	        if (esc) {
	          return esc + first + (rest ? star : '');
	        }
	        return star;
	      }
	      return esc ? m : `\\${m}`;
	    });

	    if (backslashes === true) {
	      if (opts.unescape === true) {
	        output = output.replace(/\\/g, '');
	      } else {
	        output = output.replace(/\\+/g, m => {
	          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
	        });
	      }
	    }

	    if (output === input && opts.contains === true) {
	      state.output = input;
	      return state;
	    }

	    state.output = utils.wrapOutput(output, state, options);
	    return state;
	  }

	  /**
	   * Tokenize input until we reach end-of-string
	   */

	  while (!eos()) {
	    value = advance();

	    if (value === '\u0000') {
	      continue;
	    }

	    /**
	     * Escaped characters
	     */

	    if (value === '\\') {
	      const next = peek();

	      if (next === '/' && opts.bash !== true) {
	        continue;
	      }

	      if (next === '.' || next === ';') {
	        continue;
	      }

	      if (!next) {
	        value += '\\';
	        push({ type: 'text', value });
	        continue;
	      }

	      // collapse slashes to reduce potential for exploits
	      const match = /^\\+/.exec(remaining());
	      let slashes = 0;

	      if (match && match[0].length > 2) {
	        slashes = match[0].length;
	        state.index += slashes;
	        if (slashes % 2 !== 0) {
	          value += '\\';
	        }
	      }

	      if (opts.unescape === true) {
	        value = advance();
	      } else {
	        value += advance();
	      }

	      if (state.brackets === 0) {
	        push({ type: 'text', value });
	        continue;
	      }
	    }

	    /**
	     * If we're inside a regex character class, continue
	     * until we reach the closing bracket.
	     */

	    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
	      if (opts.posix !== false && value === ':') {
	        const inner = prev.value.slice(1);
	        if (inner.includes('[')) {
	          prev.posix = true;

	          if (inner.includes(':')) {
	            const idx = prev.value.lastIndexOf('[');
	            const pre = prev.value.slice(0, idx);
	            const rest = prev.value.slice(idx + 2);
	            const posix = POSIX_REGEX_SOURCE[rest];
	            if (posix) {
	              prev.value = pre + posix;
	              state.backtrack = true;
	              advance();

	              if (!bos.output && tokens.indexOf(prev) === 1) {
	                bos.output = ONE_CHAR;
	              }
	              continue;
	            }
	          }
	        }
	      }

	      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
	        value = `\\${value}`;
	      }

	      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
	        value = `\\${value}`;
	      }

	      if (opts.posix === true && value === '!' && prev.value === '[') {
	        value = '^';
	      }

	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * If we're inside a quoted string, continue
	     * until we reach the closing double quote.
	     */

	    if (state.quotes === 1 && value !== '"') {
	      value = utils.escapeRegex(value);
	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * Double quotes
	     */

	    if (value === '"') {
	      state.quotes = state.quotes === 1 ? 0 : 1;
	      if (opts.keepQuotes === true) {
	        push({ type: 'text', value });
	      }
	      continue;
	    }

	    /**
	     * Parentheses
	     */

	    if (value === '(') {
	      increment('parens');
	      push({ type: 'paren', value });
	      continue;
	    }

	    if (value === ')') {
	      if (state.parens === 0 && opts.strictBrackets === true) {
	        throw new SyntaxError(syntaxError('opening', '('));
	      }

	      const extglob = extglobs[extglobs.length - 1];
	      if (extglob && state.parens === extglob.parens + 1) {
	        extglobClose(extglobs.pop());
	        continue;
	      }

	      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
	      decrement('parens');
	      continue;
	    }

	    /**
	     * Square brackets
	     */

	    if (value === '[') {
	      if (opts.nobracket === true || !remaining().includes(']')) {
	        if (opts.nobracket !== true && opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('closing', ']'));
	        }

	        value = `\\${value}`;
	      } else {
	        increment('brackets');
	      }

	      push({ type: 'bracket', value });
	      continue;
	    }

	    if (value === ']') {
	      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      if (state.brackets === 0) {
	        if (opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('opening', '['));
	        }

	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      decrement('brackets');

	      const prevValue = prev.value.slice(1);
	      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
	        value = `/${value}`;
	      }

	      prev.value += value;
	      append({ value });

	      // when literal brackets are explicitly disabled
	      // assume we should match with a regex character class
	      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
	        continue;
	      }

	      const escaped = utils.escapeRegex(prev.value);
	      state.output = state.output.slice(0, -prev.value.length);

	      // when literal brackets are explicitly enabled
	      // assume we should escape the brackets to match literal characters
	      if (opts.literalBrackets === true) {
	        state.output += escaped;
	        prev.value = escaped;
	        continue;
	      }

	      // when the user specifies nothing, try to match both
	      prev.value = `(${capture}${escaped}|${prev.value})`;
	      state.output += prev.value;
	      continue;
	    }

	    /**
	     * Braces
	     */

	    if (value === '{' && opts.nobrace !== true) {
	      increment('braces');

	      const open = {
	        type: 'brace',
	        value,
	        output: '(',
	        outputIndex: state.output.length,
	        tokensIndex: state.tokens.length
	      };

	      braces.push(open);
	      push(open);
	      continue;
	    }

	    if (value === '}') {
	      const brace = braces[braces.length - 1];

	      if (opts.nobrace === true || !brace) {
	        push({ type: 'text', value, output: value });
	        continue;
	      }

	      let output = ')';

	      if (brace.dots === true) {
	        const arr = tokens.slice();
	        const range = [];

	        for (let i = arr.length - 1; i >= 0; i--) {
	          tokens.pop();
	          if (arr[i].type === 'brace') {
	            break;
	          }
	          if (arr[i].type !== 'dots') {
	            range.unshift(arr[i].value);
	          }
	        }

	        output = expandRange(range, opts);
	        state.backtrack = true;
	      }

	      if (brace.comma !== true && brace.dots !== true) {
	        const out = state.output.slice(0, brace.outputIndex);
	        const toks = state.tokens.slice(brace.tokensIndex);
	        brace.value = brace.output = '\\{';
	        value = output = '\\}';
	        state.output = out;
	        for (const t of toks) {
	          state.output += (t.output || t.value);
	        }
	      }

	      push({ type: 'brace', value, output });
	      decrement('braces');
	      braces.pop();
	      continue;
	    }

	    /**
	     * Pipes
	     */

	    if (value === '|') {
	      if (extglobs.length > 0) {
	        extglobs[extglobs.length - 1].conditions++;
	      }
	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Commas
	     */

	    if (value === ',') {
	      let output = value;

	      const brace = braces[braces.length - 1];
	      if (brace && stack[stack.length - 1] === 'braces') {
	        brace.comma = true;
	        output = '|';
	      }

	      push({ type: 'comma', value, output });
	      continue;
	    }

	    /**
	     * Slashes
	     */

	    if (value === '/') {
	      // if the beginning of the glob is "./", advance the start
	      // to the current index, and don't add the "./" characters
	      // to the state. This greatly simplifies lookbehinds when
	      // checking for BOS characters like "!" and "." (not "./")
	      if (prev.type === 'dot' && state.index === state.start + 1) {
	        state.start = state.index + 1;
	        state.consumed = '';
	        state.output = '';
	        tokens.pop();
	        prev = bos; // reset "prev" to the first token
	        continue;
	      }

	      push({ type: 'slash', value, output: SLASH_LITERAL });
	      continue;
	    }

	    /**
	     * Dots
	     */

	    if (value === '.') {
	      if (state.braces > 0 && prev.type === 'dot') {
	        if (prev.value === '.') prev.output = DOT_LITERAL;
	        const brace = braces[braces.length - 1];
	        prev.type = 'dots';
	        prev.output += value;
	        prev.value += value;
	        brace.dots = true;
	        continue;
	      }

	      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
	        push({ type: 'text', value, output: DOT_LITERAL });
	        continue;
	      }

	      push({ type: 'dot', value, output: DOT_LITERAL });
	      continue;
	    }

	    /**
	     * Question marks
	     */

	    if (value === '?') {
	      const isGroup = prev && prev.value === '(';
	      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('qmark', value);
	        continue;
	      }

	      if (prev && prev.type === 'paren') {
	        const next = peek();
	        let output = value;

	        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
	          output = `\\${value}`;
	        }

	        push({ type: 'text', value, output });
	        continue;
	      }

	      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
	        push({ type: 'qmark', value, output: QMARK_NO_DOT });
	        continue;
	      }

	      push({ type: 'qmark', value, output: QMARK });
	      continue;
	    }

	    /**
	     * Exclamation
	     */

	    if (value === '!') {
	      if (opts.noextglob !== true && peek() === '(') {
	        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
	          extglobOpen('negate', value);
	          continue;
	        }
	      }

	      if (opts.nonegate !== true && state.index === 0) {
	        negate();
	        continue;
	      }
	    }

	    /**
	     * Plus
	     */

	    if (value === '+') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('plus', value);
	        continue;
	      }

	      if ((prev && prev.value === '(') || opts.regex === false) {
	        push({ type: 'plus', value, output: PLUS_LITERAL });
	        continue;
	      }

	      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
	        push({ type: 'plus', value });
	        continue;
	      }

	      push({ type: 'plus', value: PLUS_LITERAL });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value === '@') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        push({ type: 'at', extglob: true, value, output: '' });
	        continue;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value !== '*') {
	      if (value === '$' || value === '^') {
	        value = `\\${value}`;
	      }

	      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
	      if (match) {
	        value += match[0];
	        state.index += match[0].length;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Stars
	     */

	    if (prev && (prev.type === 'globstar' || prev.star === true)) {
	      prev.type = 'star';
	      prev.star = true;
	      prev.value += value;
	      prev.output = star;
	      state.backtrack = true;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    let rest = remaining();
	    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
	      extglobOpen('star', value);
	      continue;
	    }

	    if (prev.type === 'star') {
	      if (opts.noglobstar === true) {
	        consume(value);
	        continue;
	      }

	      const prior = prev.prev;
	      const before = prior.prev;
	      const isStart = prior.type === 'slash' || prior.type === 'bos';
	      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

	      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
	      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
	      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      // strip consecutive `/**/`
	      while (rest.slice(0, 3) === '/**') {
	        const after = input[state.index + 4];
	        if (after && after !== '/') {
	          break;
	        }
	        rest = rest.slice(3);
	        consume('/**', 3);
	      }

	      // A globstar followed only by balanced closing parens is at the logical end of patterns like
	      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
	      // parent path, except in negated extglobs where that would change the exclusion semantics.
	      const isEnd = eos() || (
	        state.parens > 0
	        && rest === ')'.repeat(state.parens)
	        && !extglobs.some(extglob => extglob.type === 'negate')
	      );

	      if (prior.type === 'bos' && eos()) {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = globstar(opts);
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
	        prev.value += value;
	        state.globstar = true;
	        state.output += prior.output + prev.output;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
	        const end = rest[1] !== void 0 ? '|$' : '';

	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
	        prev.value += value;

	        state.output += prior.output + prev.output;
	        state.globstar = true;

	        consume(value + advance());

	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      if (prior.type === 'bos' && rest[0] === '/') {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value + advance());
	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      // remove single star from output
	      state.output = state.output.slice(0, -prev.output.length);

	      // reset previous token to globstar
	      prev.type = 'globstar';
	      prev.output = globstar(opts);
	      prev.value += value;

	      // reset output with globstar
	      state.output += prev.output;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    const token = { type: 'star', value, output: star };

	    if (opts.bash === true) {
	      token.output = '.*?';
	      if (prev.type === 'bos' || prev.type === 'slash') {
	        token.output = nodot + token.output;
	      }
	      push(token);
	      continue;
	    }

	    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
	      token.output = value;
	      push(token);
	      continue;
	    }

	    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
	      if (prev.type === 'dot') {
	        state.output += NO_DOT_SLASH;
	        prev.output += NO_DOT_SLASH;

	      } else if (opts.dot === true) {
	        state.output += NO_DOTS_SLASH;
	        prev.output += NO_DOTS_SLASH;

	      } else {
	        state.output += nodot;
	        prev.output += nodot;
	      }

	      if (peek() !== '*') {
	        state.output += ONE_CHAR;
	        prev.output += ONE_CHAR;
	      }
	    }

	    push(token);
	  }

	  while (state.brackets > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
	    state.output = utils.escapeLast(state.output, '[');
	    decrement('brackets');
	  }

	  while (state.parens > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
	    state.output = utils.escapeLast(state.output, '(');
	    decrement('parens');
	  }

	  while (state.braces > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
	    state.output = utils.escapeLast(state.output, '{');
	    decrement('braces');
	  }

	  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
	    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
	  }

	  // rebuild the output if we had to backtrack at any point
	  if (state.backtrack === true) {
	    state.output = '';

	    for (const token of state.tokens) {
	      state.output += token.output != null ? token.output : token.value;

	      if (token.suffix) {
	        state.output += token.suffix;
	      }
	    }
	  }

	  return state;
	};

	/**
	 * Fast paths for creating regular expressions for common glob patterns.
	 * This can significantly speed up processing and has very little downside
	 * impact when none of the fast paths match.
	 */

	parse.fastpaths = (input, options) => {
	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
	  const len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  input = REPLACEMENTS[input] || input;

	  // create constants based on platform, for windows or posix
	  const {
	    DOT_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOTS,
	    NO_DOTS_SLASH,
	    STAR,
	    START_ANCHOR
	  } = constants.globChars(opts.windows);

	  const nodot = opts.dot ? NO_DOTS : NO_DOT;
	  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
	  const capture = opts.capture ? '' : '?:';
	  const state = { negated: false, prefix: '' };
	  let star = opts.bash === true ? '.*?' : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  const globstar = opts => {
	    if (opts.noglobstar === true) return star;
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const create = str => {
	    switch (str) {
	      case '*':
	        return `${nodot}${ONE_CHAR}${star}`;

	      case '.*':
	        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*.*':
	        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*/*':
	        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

	      case '**':
	        return nodot + globstar(opts);

	      case '**/*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

	      case '**/*.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '**/.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

	      default: {
	        const match = /^(.*?)\.(\w+)$/.exec(str);
	        if (!match) return;

	        const source = create(match[1]);
	        if (!source) return;

	        return source + DOT_LITERAL + match[2];
	      }
	    }
	  };

	  const output = utils.removePrefix(input, state);
	  let source = create(output);

	  if (source && opts.strictSlashes !== true) {
	    source += `${SLASH_LITERAL}?`;
	  }

	  return source;
	};

	parse_1 = parse;
	return parse_1;
}

var picomatch_1$1;
var hasRequiredPicomatch$1;

function requirePicomatch$1 () {
	if (hasRequiredPicomatch$1) return picomatch_1$1;
	hasRequiredPicomatch$1 = 1;

	const scan = /*@__PURE__*/ requireScan();
	const parse = /*@__PURE__*/ requireParse();
	const utils = /*@__PURE__*/ requireUtils();
	const constants = /*@__PURE__*/ requireConstants();
	const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

	/**
	 * Creates a matcher function from one or more glob patterns. The
	 * returned function takes a string to match as its first argument,
	 * and returns true if the string is a match. The returned matcher
	 * function also takes a boolean as the second argument that, when true,
	 * returns an object with additional information.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch(glob[, options]);
	 *
	 * const isMatch = picomatch('*.!(*a)');
	 * console.log(isMatch('a.a')); //=> false
	 * console.log(isMatch('a.b')); //=> true
	 *
	 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
	 * const picomatch = require('picomatch/posix');
	 * // the same API, defaulting to posix paths
	 * const isMatch = picomatch('a/*');
	 * console.log(isMatch('a\\b')); //=> false
	 * console.log(isMatch('a/b')); //=> true
	 *
	 * // you can still configure the matcher function to accept windows paths
	 * const isMatch = picomatch('a/*', { options: windows });
	 * console.log(isMatch('a\\b')); //=> true
	 * console.log(isMatch('a/b')); //=> true
	 * ```
	 * @name picomatch
	 * @param {String|Array} `globs` One or more glob patterns.
	 * @param {Object=} `options`
	 * @return {Function=} Returns a matcher function.
	 * @api public
	 */

	const picomatch = (glob, options, returnState = false) => {
	  if (Array.isArray(glob)) {
	    const fns = glob.map(input => picomatch(input, options, returnState));
	    const arrayMatcher = str => {
	      for (const isMatch of fns) {
	        const state = isMatch(str);
	        if (state) return state;
	      }
	      return false;
	    };
	    return arrayMatcher;
	  }

	  const isState = isObject(glob) && glob.tokens && glob.input;

	  if (glob === '' || (typeof glob !== 'string' && !isState)) {
	    throw new TypeError('Expected pattern to be a non-empty string');
	  }

	  const opts = options || {};
	  const posix = opts.windows;
	  const regex = isState
	    ? picomatch.compileRe(glob, options)
	    : picomatch.makeRe(glob, options, false, true);

	  const state = regex.state;
	  delete regex.state;

	  let isIgnored = () => false;
	  if (opts.ignore) {
	    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
	    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
	  }

	  const matcher = (input, returnObject = false) => {
	    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
	    const result = { glob, state, regex, posix, input, output, match, isMatch };

	    if (typeof opts.onResult === 'function') {
	      opts.onResult(result);
	    }

	    if (isMatch === false) {
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (isIgnored(input)) {
	      if (typeof opts.onIgnore === 'function') {
	        opts.onIgnore(result);
	      }
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (typeof opts.onMatch === 'function') {
	      opts.onMatch(result);
	    }
	    return returnObject ? result : true;
	  };

	  if (returnState) {
	    matcher.state = state;
	  }

	  return matcher;
	};

	/**
	 * Test `input` with the given `regex`. This is used by the main
	 * `picomatch()` function to test the input string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.test(input, regex[, options]);
	 *
	 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
	 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp} `regex`
	 * @return {Object} Returns an object with matching info.
	 * @api public
	 */

	picomatch.test = (input, regex, options, { glob, posix } = {}) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected input to be a string');
	  }

	  if (input === '') {
	    return { isMatch: false, output: '' };
	  }

	  const opts = options || {};
	  const format = opts.format || (posix ? utils.toPosixSlashes : null);
	  let match = input === glob;
	  let output = (match && format) ? format(input) : input;

	  if (match === false) {
	    output = format ? format(input) : input;
	    match = output === glob;
	  }

	  if (match === false || opts.capture === true) {
	    if (opts.matchBase === true || opts.basename === true) {
	      match = picomatch.matchBase(input, regex, options, posix);
	    } else {
	      match = regex.exec(output);
	    }
	  }

	  return { isMatch: Boolean(match), match, output };
	};

	/**
	 * Match the basename of a filepath.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.matchBase(input, glob[, options]);
	 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
	 * @return {Boolean}
	 * @api public
	 */

	picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
	  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
	  return regex.test(utils.basename(input, { windows: posix }));
	};

	/**
	 * Returns true if **any** of the given glob `patterns` match the specified `string`.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.isMatch(string, patterns[, options]);
	 *
	 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
	 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
	 * ```
	 * @param {String|Array} str The string to test.
	 * @param {String|Array} patterns One or more glob patterns to use for matching.
	 * @param {Object} [options] See available [options](#options).
	 * @return {Boolean} Returns true if any patterns match `str`
	 * @api public
	 */

	picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

	/**
	 * Parse a glob pattern to create the source string for a regular
	 * expression.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const result = picomatch.parse(pattern[, options]);
	 * ```
	 * @param {String} `pattern`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
	 * @api public
	 */

	picomatch.parse = (pattern, options) => {
	  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
	  return parse(pattern, { ...options, fastpaths: false });
	};

	/**
	 * Scan a glob pattern to separate the pattern into segments.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.scan(input[, options]);
	 *
	 * const result = picomatch.scan('!./foo/*.js');
	 * console.log(result);
	 * { prefix: '!./',
	 *   input: '!./foo/*.js',
	 *   start: 3,
	 *   base: 'foo',
	 *   glob: '*.js',
	 *   isBrace: false,
	 *   isBracket: false,
	 *   isGlob: true,
	 *   isExtglob: false,
	 *   isGlobstar: false,
	 *   negated: true }
	 * ```
	 * @param {String} `input` Glob pattern to scan.
	 * @param {Object} `options`
	 * @return {Object} Returns an object with
	 * @api public
	 */

	picomatch.scan = (input, options) => scan(input, options);

	/**
	 * Compile a regular expression from the `state` object returned by the
	 * [parse()](#parse) method.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const state = picomatch.parse('*.js');
	 * // picomatch.compileRe(state[, options]);
	 *
	 * console.log(picomatch.compileRe(state));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {Object} `state`
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
	 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
	  if (returnOutput === true) {
	    return state.output;
	  }

	  const opts = options || {};
	  const prepend = opts.contains ? '' : '^';
	  const append = opts.contains ? '' : '$';

	  let source = `${prepend}(?:${state.output})${append}`;
	  if (state && state.negated === true) {
	    source = `^(?!${source}).*$`;
	  }

	  const regex = picomatch.toRegex(source, options);
	  if (returnState === true) {
	    regex.state = state;
	  }

	  return regex;
	};

	/**
	 * Create a regular expression from a parsed glob pattern.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.makeRe(state[, options]);
	 *
	 * const result = picomatch.makeRe('*.js');
	 * console.log(result);
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `state` The object returned from the `.parse` method.
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
	 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
	 * @return {RegExp} Returns a regex created from the given pattern.
	 * @api public
	 */

	picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
	  if (!input || typeof input !== 'string') {
	    throw new TypeError('Expected a non-empty string');
	  }

	  let parsed = { negated: false, fastpaths: true };

	  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
	    parsed.output = parse.fastpaths(input, options);
	  }

	  if (!parsed.output) {
	    parsed = parse(input, options);
	  }

	  return picomatch.compileRe(parsed, options, returnOutput, returnState);
	};

	/**
	 * Create a regular expression from the given regex source string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.toRegex(source[, options]);
	 *
	 * const { output } = picomatch.parse('*.js');
	 * console.log(picomatch.toRegex(output));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `source` Regular expression source string.
	 * @param {Object} `options`
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.toRegex = (source, options) => {
	  try {
	    const opts = options || {};
	    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
	  } catch (err) {
	    if (options && options.debug === true) throw err;
	    return /$^/;
	  }
	};

	/**
	 * Picomatch constants.
	 * @return {Object}
	 */

	picomatch.constants = constants;

	/**
	 * Expose "picomatch"
	 */

	picomatch_1$1 = picomatch;
	return picomatch_1$1;
}

var picomatch_1;
var hasRequiredPicomatch;

function requirePicomatch () {
	if (hasRequiredPicomatch) return picomatch_1;
	hasRequiredPicomatch = 1;

	const pico = /*@__PURE__*/ requirePicomatch$1();
	const utils = /*@__PURE__*/ requireUtils();

	function picomatch(glob, options, returnState = false) {
	  // default to os.platform()
	  if (options && (options.windows === null || options.windows === undefined)) {
	    // don't mutate the original options object
	    options = { ...options, windows: utils.isWindows() };
	  }

	  return pico(glob, options, returnState);
	}

	Object.assign(picomatch, pico);
	picomatch_1 = picomatch;
	return picomatch_1;
}

var picomatchExports = /*@__PURE__*/ requirePicomatch();
var picomatch = /*@__PURE__*/getDefaultExportFromCjs(picomatchExports);

// Parsing of the small value languages a policy uses: sizes, globs, dates, and did-you-mean hints.
const SIZE_UNITS = {
    B: 1,
    kB: 1000,
    MB: 1000 ** 2,
    GB: 1000 ** 3,
    TB: 1000 ** 4,
    KiB: 1024,
    MiB: 1024 ** 2,
    GiB: 1024 ** 3,
    TiB: 1024 ** 4
};
const SIZE_HINT = 'use a number of bytes or a number with B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 50MB';
/** Bytes for `50MB`, `1.5GiB`, `1024`; undefined when the text is not a size. */
function parseSize(value) {
    if (typeof value === 'number')
        return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
    if (!match)
        return undefined;
    const unit = match[2] === '' ? 'B' : match[2];
    const factor = SIZE_UNITS[unit];
    if (factor === undefined)
        return undefined;
    return Math.round(Number(match[1]) * factor);
}
/** Compiles a glob or returns why it is not one. Globs match absolute paths, dotfiles included. */
function compileGlob(pattern) {
    if (pattern.trim() === '')
        return 'a glob cannot be empty';
    if (!pattern.startsWith('/') && !pattern.startsWith('**')) {
        return `"${pattern}" is not an absolute path glob: start it with "/" or "**/" (did you mean "**/${pattern}"?)`;
    }
    return compile(pattern);
}
/** Compiles a glob over image references (`gcr.io/distroless/**`), where `/` still separates segments. */
function compileReferenceGlob(pattern) {
    if (pattern.trim() === '')
        return 'a glob cannot be empty';
    return compile(pattern);
}
/**
 * picomatch's regular expression, made to match any character a name can hold: its `.` would stop at
 * `\n`, `\r`, U+2028 and U+2029 (so `**` and `*` missed such names), hence dotAll (`s`); and `?` is one
 * character, also beyond the BMP, hence `u` \u2014 unless the pattern only compiles without it.
 */
function compile(pattern) {
    // picomatch 4.0.7 skips a run of three or more backslashes past the end of the pattern and then never
    // stops (its end test is `index === length - 1`): a policy from a pull request could hang the job.
    if (/\\{4,}$/.test(pattern)) {
        return `"${pattern}" ends in a run of backslashes picomatch cannot read: write a literal backslash as [\\]`;
    }
    try {
        let regex;
        try {
            regex = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, flags: 'su' });
        }
        catch {
            regex = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, flags: 's' });
        }
        return { pattern, matches: (path) => regex.test(path) };
    }
    catch (error) {
        return `"${pattern}" is not a valid glob: ${error instanceof Error ? error.message : String(error)}`;
    }
}
/** Parses `YYYY-MM-DD` strictly (2027-02-30 is rejected); returns the end of that day in UTC. */
function parseDate(value) {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (typeof text !== 'string')
        return 'must be a date written YYYY-MM-DD';
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match)
        return `"${text}" is not a date written YYYY-MM-DD`;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        return `"${text}" is not a calendar date`;
    }
    return { text, endOfDay: new Date(Date.UTC(year, month - 1, day + 1) - 1) };
}
function editDistance(a, b) {
    const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return previous[b.length];
}
/** The closest known name, when it is close enough to be a plausible typo. */
function closest(name, known) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance)
            [best, bestDistance] = [candidate, distance];
    }
    if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)))
        return best;
    // A word cut short ("warn" for "warning", "err" for "error") is far in edits but plain to a reader.
    const lower = name.toLowerCase();
    return lower.length >= 3 ? known.find((candidate) => candidate.toLowerCase().startsWith(lower)) : undefined;
}
function didYouMean(name, known) {
    const suggestion = closest(name, known);
    return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

// no-capabilities: no file gains Linux capabilities when it is run (security.capability, as setcap
// writes it): a "non-root" image with `setcap cap_net_admin+ep` on a binary keeps root's powers there.
function readAllow$1(options) {
    const raw = options.value.allow;
    return (raw ?? []).map((item, index) => {
        const glob = (pattern, ...at) => {
            const compiled = compileGlob(pattern);
            return typeof compiled === 'string' ? options.fail('allow', compiled, index, ...at) : compiled;
        };
        if (typeof item === 'string')
            return { path: glob(item) };
        const numbers = item.capabilities.map((name, at) => {
            const number = capabilityNumber(name);
            if (number === undefined)
                options.fail('allow', `"${name}" is not a Linux capability${didYouMean(name, CAPABILITY_NAMES)}`, index, 'capabilities', at);
            return number;
        });
        return {
            ...(item.path === undefined ? {} : { path: glob(item.path, 'path') }),
            capabilities: new Set(numbers)
        };
    });
}
const noCapabilities = {
    doc: {
        id: 'no-capabilities',
        title: 'No file capabilities',
        description: 'No regular file in the final filesystem carries Linux file capabilities (the security.capability attribute setcap writes, e.g. cap_net_raw+ep): running such a file grants those privileges to any user, as setuid does. A value the kernel cannot read is reported too. `allow` lists globs of files to accept, or capabilities to accept on some files or on all.',
        defaultSeverity: 'error'
    },
    example: `no-capabilities:\n  allow:\n    - /usr/bin/ping\n    - { path: /app/server, capabilities: [cap_net_bind_service] }`,
    configure(options) {
        const allow = readAllow$1(options);
        return {
            run(image) {
                const findings = [];
                for (const entry of image.fs.files()) {
                    const { inode } = entry;
                    const value = inode.capability;
                    if (value === undefined)
                        continue;
                    const names = image.fs.namesReaching(inode);
                    const hardLinks = image.fs.hardLinks(inode);
                    const realPaths = hardLinks.length ? hardLinks : [entry.path];
                    const applies = allow.filter((item) => item.path === undefined || realPaths.some((path) => item.path.matches(path)));
                    // A bare glob accepts whatever the file carries, a value that does not decode included.
                    if (applies.some((item) => item.capabilities === undefined))
                        continue;
                    const where = describeNames({ path: entry.path, names: names.length ? names : [entry.path] });
                    const decoded = decodeCapabilities(value);
                    let message;
                    let fix;
                    if (!decoded.ok) {
                        message = `security.capability that Linux cannot read (${decoded.reason}; Docker refuses to unpack it and exec fails): ${where}`;
                        fix = capabilityFix(entry.path, undefined);
                    }
                    else {
                        const accepted = (capability) => applies.some((item) => item.capabilities?.has(capability.number));
                        const refused = decoded.capabilities.filter((capability) => !accepted(capability));
                        // An empty set grants nothing.
                        if (refused.length === 0)
                            continue;
                        const namespaced = decoded.rootid === undefined
                            ? ''
                            : ` (namespaced: for the user namespace whose root is uid ${decoded.rootid})`;
                        const partly = refused.length < decoded.capabilities.length
                            ? `; not allowed: ${refused.map((capability) => capability.name).join(', ')}`
                            : '';
                        message = `file capabilities ${decoded.text}${namespaced}${partly}: ${where}`;
                        fix = capabilityFix(entry.path, refused);
                    }
                    findings.push({ message, path: entry.path, layer: entry.layerIndex, realPaths, fix });
                }
                return findings;
            }
        };
    }
};
/** setcap -r in the layer that wrote the file; what it needs is granted to the container instead. */
function capabilityFix(path, refused) {
    const inLayer = { kind: 'command', command: `setcap -r ${shellWord(path)}` };
    if (refused === undefined)
        return {
            text: `Remove the unreadable security.capability of ${path} (setcap -r) or rebuild it.`,
            inLayer
        };
    const names = refused.map((capability) => capability.name.toUpperCase().replace(/^CAP_/, '')).join(',');
    return {
        text: `Remove the file capabilities of ${path} (setcap -r); if it needs them, grant them to the container instead (docker run --cap-add=${names}, or the pod's securityContext.capabilities.add), or allow them here.`,
        inLayer
    };
}

// Credentials in text the image config records (Env, history): known token formats, and secret-named
// variables with a value that is not a placeholder. Callers say what kind of credential and where,
// never the value; redactCredentials() blanks them out of text that is shown.
/** A JWT's header is base64url JSON with an "alg". */
function isJwt(token) {
    try {
        const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
        return typeof header === 'object' && header !== null && 'alg' in header;
    }
    catch {
        return false;
    }
}
/** Formats whose shape is the credential's own: a prefix its issuer chose and a fixed alphabet and length. */
const TOKEN_FORMATS = [
    { what: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
    { what: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g },
    { what: 'GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}/g },
    { what: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
    {
        what: 'Slack webhook URL',
        pattern: /\bhttps:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g
    },
    { what: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
    { what: 'Google OAuth client secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g },
    { what: 'Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{24,}/g },
    { what: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
    { what: 'PyPI token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
    { what: 'Docker Hub token', pattern: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g },
    { what: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{34,}\b/g },
    {
        what: 'OpenAI API key',
        pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/g
    },
    { what: 'Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/g },
    { what: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
    { what: 'Azure storage account key', pattern: /\bAccountKey=[A-Za-z0-9+/]{86}==/g },
    {
        what: 'private key',
        pattern: /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|ANY) )?PRIVATE KEY-----|-----BEGIN PGP PRIVATE KEY BLOCK-----/g
    },
    {
        what: 'JWT',
        pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
        confirm: isJwt
    },
    {
        what: 'URL with a password',
        pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@]{1,256}:[^\s/@]{1,256}@[^\s/@]/gi,
        confirm: (url) => !isPlaceholder(url.slice(url.lastIndexOf(':', url.lastIndexOf('@')) + 1, url.lastIndexOf('@')))
    }
];
/** An AWS access key ID: no credential alone, half of one beside its secret. */
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
/** An AWS secret access key's shape: 40 base64 characters. */
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;
/** Long values are scanned this far: a credential sits well within it. */
const SCAN_CHARS = 64 * 1024;
/** The kinds of known credential formats in `text`, each once, in the table's order. */
function tokenKinds(text) {
    const scanned = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
    const kinds = [];
    for (const format of TOKEN_FORMATS) {
        for (const match of scanned.matchAll(format.pattern)) {
            if (format.confirm && !format.confirm(match[0]))
                continue;
            kinds.push(format.what);
            break;
        }
    }
    return kinds;
}
/** `text` with every known credential format replaced by `***`. */
function redactTokens(text) {
    let out = text;
    for (const format of TOKEN_FORMATS)
        out = out.replace(format.pattern, (match) => (format.confirm && !format.confirm(match) ? match : '***'));
    return out.replace(new RegExp(AWS_KEY_ID.source, 'g'), '***');
}
const SECRET_NAME = /(?:^|_)(?:TOKEN|AUTHTOKEN|ACCESSTOKEN|PASSWORD|PASSWD|PASS|SECRET|KEY|APIKEY|ACCESSKEY|SECRETKEY|PRIVATEKEY|CREDENTIALS?|AUTH)$/;
/** Names that end like a secret's but hold public material: GPG_KEY (python images), PUBLIC_KEY. */
const PUBLIC_NAME = /(?:GPG|PGP|PUBLIC|PUB|SIGNING_KEY_ID|FINGERPRINT)_?KEYS?$|(?:^|_)PUBLIC_/;
/** `*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `*_KEY`, `*_API_KEY` and the like (any case). */
function isSecretName(name) {
    const upper = name.toUpperCase();
    return SECRET_NAME.test(upper) && !PUBLIC_NAME.test(upper);
}
const PLACEHOLDER_WORDS = new Set([
    'changeme',
    'changeit',
    'placeholder',
    'secret',
    'password',
    'passwd',
    'pass',
    'token',
    'key',
    'apikey',
    'redacted',
    'hidden',
    'none',
    'null',
    'nil',
    'undefined',
    'empty',
    'unset',
    'notset',
    'dummy',
    'example',
    'sample',
    'default',
    'test',
    'todo',
    'tbd',
    'fixme',
    'replaceme',
    'setme',
    'insert',
    'true',
    'false',
    'yes',
    'no',
    'on',
    'off',
    'enabled',
    'disabled'
]);
/**
 * A value that stands for a credential rather than being one: empty, `changeme`, `${VAR}`, `$VAR`,
 * `{{ var }}`, `<your token>`, `%VAR%`, `xxx`, `***`, `your-token-here`, a boolean, or a path (to a
 * secret file, as `*_PASSWORD_FILE=/run/secrets/db` conventions use).
 */
function isPlaceholder(value) {
    const text = value.trim();
    if (text === '')
        return true;
    if (/^(.)\1*$/su.test(text) || /^[xX*.#?-]+$/.test(text))
        return true;
    if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\([^)]*\)$|^\{\{.*\}\}$|^<.*>$|^%[A-Za-z_][A-Za-z0-9_]*%$|^\[.*\]$/s.test(text))
        return true;
    if (/^(?:\/|\.\.?\/|~\/|file:)/.test(text))
        return true;
    const word = text.toLowerCase().replace(/[^a-z0-9]/g, '');
    // "your-token-here", "<insert your key>", "put_your_password_here".
    return PLACEHOLDER_WORDS.has(word) || word.includes('your') || word.endsWith('here');
}
const ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']+)/g;
/**
 * `text` as a report may show it: known credential formats replaced by `***`, and so is the value of
 * every `NAME=value` whose name is a secret's and whose value is not a placeholder.
 */
function redactCredentials(text) {
    return redactTokens(text).replace(ASSIGNMENT, (whole, name, value) => isSecretName(name) && !isPlaceholder(value.replace(/^(["'])(.*)\1$/s, '$2')) ? `${name}=***` : whole);
}
/** `NAME=value` (Env's form); undefined for an entry with no `=`. */
function splitAssignment(entry) {
    const equals = entry.indexOf('=');
    return equals <= 0 ? undefined : { name: entry.slice(0, equals), value: entry.slice(equals + 1) };
}
function credentialIn(assignment) {
    const kinds = tokenKinds(assignment.value);
    if (kinds.length > 0)
        return { by: 'format', kinds };
    if (isSecretName(assignment.name) && !isPlaceholder(assignment.value))
        return { by: 'name' };
    return undefined;
}

// Reads a config history `created_by` into the Dockerfile instruction that wrote it. The text comes from
// the image config (untrusted), in one of these forms, as the builders write them:
//   legacy builder (and buildah/podman):
//     "/bin/sh -c #(nop)  USER app"                       metadata, after the stage's SHELL
//     "/bin/sh -c #(nop) COPY file:<sha> in /srv/ "       COPY/ADD: file:, dir: or multi: hash, then dest
//     "/bin/sh -c #(nop) COPY --chown=1:1file:<sha> in /x "  (--chown glued to the hash, as Docker 20.10 does)
//     "/bin/sh -c apk add x"                              RUN, shell form; exec form: the words joined
//     "|1 V=2 /bin/sh -c make"                            RUN with build args
//   BuildKit (moby/buildkit dockerfile2llb):
//     "RUN /bin/sh -c apk add x # buildkit", "RUN |1 V=2 /bin/sh -c make # buildkit"
//     "COPY [--parents] [--chown=u] [--chmod=m] src... /dest # buildkit" (never --from; flags since 2024)
//     "WORKDIR /app" (a layer when it creates the directory), "USER app", "ENV A=1", "CMD [\"x\" \"y\"]"
const KEYWORDS = new Set([
    'ADD',
    'ARG',
    'CMD',
    'COPY',
    'ENTRYPOINT',
    'ENV',
    'EXPOSE',
    'HEALTHCHECK',
    'LABEL',
    'MAINTAINER',
    'ONBUILD',
    'RUN',
    'SHELL',
    'STOPSIGNAL',
    'USER',
    'VOLUME',
    'WORKDIR'
]);
const NOP = '#(nop)';
const BUILDKIT_MARK = '# buildkit';
function parseCreatedBy(createdBy) {
    const { keyword, text } = readCreatedBy(createdBy);
    return { keyword, text };
}
/** The full reading of an entry, for matching it against a Dockerfile. */
function readCreatedBy(createdBy) {
    let text = (createdBy ?? '').trim();
    if (text === '')
        return { keyword: '', text: '', builder: 'legacy' };
    const nop = text.indexOf(NOP);
    if (nop >= 0) {
        // Legacy builder metadata instruction: "<shell> -c #(nop) KEYWORD args"
        const rest = text.slice(nop + NOP.length).trim();
        const [word, args] = splitFirstWord(rest);
        const keyword = word.toUpperCase();
        if (!KEYWORDS.has(keyword))
            return { keyword: '', text: rest, builder: 'legacy' };
        const step = { keyword, text: args.trim(), builder: 'legacy' };
        if (keyword === 'COPY' || keyword === 'ADD') {
            step.copy = legacyCopy(step.text);
            step.text = describeLegacyCopy(step.copy, step.text);
        }
        return step;
    }
    const buildkit = text.endsWith(BUILDKIT_MARK);
    if (buildkit)
        text = text.slice(0, -BUILDKIT_MARK.length).trim();
    const [word, args] = splitFirstWord(text);
    if (KEYWORDS.has(word)) {
        // Only RUN and COPY/ADD carry the mark; BuildKit's metadata entries are the bare instruction.
        const step = { keyword: word, text: args.trim(), builder: 'buildkit' };
        if (word === 'RUN')
            Object.assign(step, runParts(args), { text: runCommand(args) });
        if (word === 'COPY' || word === 'ADD')
            step.copy = buildkitCopy(step.text);
        return step;
    }
    // Legacy builder RUN: the command line itself, with optional build args and shell prefix.
    return { keyword: 'RUN', text: runCommand(text), builder: 'legacy', ...runParts(text) };
}
function splitFirstWord(text) {
    const space = text.search(/\s/);
    return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1)];
}
/** "|2 A=1 B=2 /bin/sh -c make" \u2192 the command line "/bin/sh -c make", and the whole as recorded. */
function runParts(recorded) {
    const text = recorded.trim();
    const buildArgs = /^\|(\d+)\s+/.exec(text);
    if (!buildArgs)
        return { commandLine: text };
    let rest = text.slice(buildArgs[0].length);
    // Values are written unquoted and may hold spaces: counting words is a best guess, and the matching
    // also compares the end of the whole line.
    for (let i = 0; i < Number(buildArgs[1]); i++)
        rest = splitFirstWord(rest)[1].trimStart();
    return { commandLine: rest, withBuildArgs: text };
}
/** "|2 A=1 B=2 /bin/sh -c make all" \u2192 "make all". */
function runCommand(recorded) {
    let text = runParts(recorded).commandLine ?? '';
    // Shell form: "<shell> [options] -c <command>"; exec form has no "-c" after an absolute shell path.
    if (text.startsWith('/')) {
        const c = text.indexOf(' -c ');
        if (c >= 0 && c < 64)
            text = text.slice(c + ' -c '.length);
    }
    return text.trim();
}
/** Leading "--name=value" words (BuildKit writes them before the sources). */
function takeFlags(words) {
    const flags = new Map();
    while (words.length > 0 && /^--[a-z-]+(=|$)/.test(words[0])) {
        const word = words.shift();
        const equals = word.indexOf('=');
        flags.set(equals < 0 ? word.slice(2) : word.slice(2, equals), equals < 0 ? '' : word.slice(equals + 1));
    }
    return flags;
}
function buildkitCopy(text) {
    const words = text.split(/\s+/).filter(Boolean);
    const flags = takeFlags(words);
    const dest = words.pop() ?? '';
    return { flags, sources: words, dest };
}
/** "file:<sha> in /dest", "--chown=1:1file:<sha> in /dest", "multi:<sha> in /d/". */
function legacyCopy(text) {
    const at = text.lastIndexOf(' in ');
    const head = at >= 0 ? text.slice(0, at).trim() : '';
    const dest = (at >= 0 ? text.slice(at + ' in '.length) : text).trim();
    const flags = new Map();
    let hash = head;
    const chown = /^--chown=(\S*?)((?:file|dir|multi):[0-9a-f]+)$/.exec(head) ?? /^--chown=(\S+)\s+(\S+)$/.exec(head);
    if (chown) {
        flags.set('chown', chown[1]);
        hash = chown[2];
    }
    const kind = /^(file|dir|multi):/.exec(hash)?.[1];
    return { flags, hashKind: kind === 'file' || kind === 'dir' || kind === 'multi' ? kind : 'other', dest };
}
function describeLegacyCopy(copy, text) {
    const chown = copy.flags.get('chown');
    // Docker 20.10 glues --chown to the hash: "--chown=1:1file:\u2026" reads as one word otherwise.
    return chown !== undefined
        ? text.replace(`--chown=${chown}`, `--chown=${chown} `).replace(/\s+/g, ' ')
        : text;
}
/** `created_by` for people: the instruction as a Dockerfile would spell it. */
function describeCreatedBy(createdBy) {
    const { keyword, text } = parseCreatedBy(createdBy);
    if (keyword === '')
        return text;
    return `${keyword} ${text}`.trim();
}

// no-env-secrets: no credential in the image config's Env, nor in what its history records of ENV, ARG
// and the build arguments of RUN: anyone who pulls the image reads both (`docker inspect`, `docker
// history`). Findings name the variable and the kind of credential, never the value.
/** `DB_PASSWORD`, `FEATURE_*_KEY`: exact names, `*` for any run of characters. */
function readAllow(options) {
    const raw = options.strings('allow') ?? [];
    return raw.map((pattern, index) => {
        if (pattern.trim() === '')
            options.fail('allow', 'a variable name cannot be empty', index);
        const source = pattern
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*');
        const regex = new RegExp(`^${source}$`, 's');
        return (name) => regex.test(name);
    });
}
/** A name as a message may show it: a name that itself holds a credential is not shown. */
function shownName(name) {
    return tokenKinds(name).length > 0 ? '(a variable whose name holds a credential)' : name;
}
/** `A=1 B=two words` as ENV and ARG are recorded: a word without `=` continues the value before it. */
function assignmentsOf(text) {
    const out = [];
    for (const word of text.split(/\s+/).filter(Boolean)) {
        const assignment = splitAssignment(word);
        if (assignment && /^[A-Za-z_][A-Za-z0-9_]*$/.test(assignment.name))
            out.push(assignment);
        else if (out.length > 0)
            out[out.length - 1].value += ` ${word}`;
    }
    return out;
}
/** The `|N A=1 B=2` prefix of a RUN as recorded: the build arguments the command ran with. */
function buildArguments(recorded) {
    const prefix = /^\|(\d+)\s+/.exec(recorded);
    if (!prefix)
        return [];
    const out = [];
    let rest = recorded.slice(prefix[0].length);
    for (let i = 0; i < Number(prefix[1]) && rest !== ''; i++) {
        const space = rest.search(/\s/);
        const word = space < 0 ? rest : rest.slice(0, space);
        rest = space < 0 ? '' : rest.slice(space + 1).trimStart();
        const assignment = splitAssignment(word);
        if (assignment)
            out.push(assignment);
    }
    return out;
}
const sameAssignment = (a, b) => a.name === b.name && a.value === b.value;
/** "GitHub token in the config's Env GH_TOKEN", "the config's Env DB_PASSWORD is named like a secret and set". */
function describe(reason, subject) {
    if (typeof reason === 'string')
        return `${reason} in ${subject}`;
    return reason.by === 'format'
        ? `${reason.kinds.join(', ')} in ${subject}`
        : `${subject} is named like a secret and set, not to a placeholder`;
}
const noEnvSecrets = {
    doc: {
        id: 'no-env-secrets',
        title: 'No secrets in Env',
        description: "No credential in the image config's Env, nor in its history's ENV, ARG and RUN build arguments: known token formats (GitHub, GitLab, AWS key pairs, Slack, Google, Stripe, npm, PyPI, Docker Hub, private keys, JWTs, URLs with a password, \u2026) anywhere, and values of variables named like secrets (*_TOKEN, *_PASSWORD, *_SECRET, *_KEY, *_API_KEY) that are not placeholders. The value is never printed. `allow` lists variable names to accept.",
        defaultSeverity: 'error'
    },
    example: `no-env-secrets:\n  allow: ["SENTRY_DSN_KEY"]`,
    configure(options) {
        const allow = readAllow(options);
        const allowed = (name) => allow.some((matches) => matches(name));
        const includeHistory = options.boolean('history') ?? true;
        return {
            run(image) {
                const findings = [];
                const env = image.config.env.flatMap((entry) => splitAssignment(entry) ?? []);
                const awsSecrets = env.filter((a) => /SECRET/i.test(a.name) && AWS_SECRET.test(a.value));
                const awsKeyIds = env.filter((a) => AWS_KEY_ID.test(a.value));
                const reported = [];
                for (const assignment of env) {
                    if (allowed(assignment.name))
                        continue;
                    let reason = credentialIn(assignment);
                    // An access key ID alone is no credential; beside its secret it is half of one.
                    if (reason === undefined && AWS_KEY_ID.test(assignment.value) && awsSecrets.length > 0)
                        reason = `AWS access key ID (its secret access key is in ${shownName(awsSecrets[0].name)})`;
                    else if (awsSecrets.includes(assignment) && awsKeyIds.length > 0)
                        reason = `AWS secret access key (its key ID is in ${shownName(awsKeyIds[0].name)})`;
                    if (reason === undefined)
                        continue;
                    reported.push(assignment);
                    findings.push({
                        message: `${describe(reason, `the config's Env ${shownName(assignment.name)}`)}: anyone who pulls the image can read it`,
                        fix: envFix(shownName(assignment.name))
                    });
                }
                if (!includeHistory)
                    return findings;
                image.config.history.forEach((entry, index) => {
                    const step = readCreatedBy(entry.createdBy);
                    const layer = image.layers.find((candidate) => candidate.historyIndex === index)?.index;
                    const at = layer === undefined ? {} : { layer };
                    const where = `history entry ${index}`;
                    const recorded = [];
                    if (step.keyword === 'ENV' || step.keyword === 'ARG')
                        recorded.push({ how: step.keyword, assignments: assignmentsOf(step.text) });
                    if (step.keyword === 'RUN' && step.withBuildArgs)
                        recorded.push({ how: 'the build argument', assignments: buildArguments(step.withBuildArgs) });
                    for (const { how, assignments } of recorded) {
                        for (const assignment of assignments) {
                            if (allowed(assignment.name) || reported.some((done) => sameAssignment(done, assignment)))
                                continue;
                            const reason = credentialIn(assignment);
                            if (reason === undefined)
                                continue;
                            reported.push(assignment);
                            findings.push({
                                message: `${describe(reason, `${how} ${shownName(assignment.name)} that ${where} records`)}: it stays in the image's history`,
                                fix: historyFix(shownName(assignment.name)),
                                ...at
                            });
                        }
                    }
                    // What else the entry records (a RUN's command line, a LABEL): known formats only.
                    if (step.keyword === 'ENV' || step.keyword === 'ARG')
                        return;
                    const kinds = tokenKinds(step.keyword === 'RUN' ? (step.commandLine ?? step.text) : step.text);
                    if (kinds.length > 0)
                        findings.push({
                            message: `${kinds.join(', ')} in the ${step.keyword || 'command'} that ${where} records: it stays in the image's history`,
                            fix: historyFix(undefined),
                            ...at
                        });
                });
                return findings;
            }
        };
    }
};
const ROTATE = 'and rotate the credential: every copy of the image already holds it';
/** A credential is given at run time, never baked: the config's Env ships with the image. */
function envFix(name) {
    return {
        text: `Remove ${name} from ENV and give it at run time (docker run -e, a Kubernetes secret); a build step that needs it reads it from RUN --mount=type=secret, ${ROTATE}.`,
        ...(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
            ? { snippet: [`RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} ...`] }
            : {})
    };
}
/** ARG values and build arguments are recorded in the history: a secret mount is not. */
function historyFix(name) {
    const what = name === undefined ? 'the credential' : name;
    return {
        text: `Rebuild without ${what} in ENV, ARG or a build argument (all recorded in the history): read it from RUN --mount=type=secret, ${ROTATE}.`
    };
}

const noPackageManager = {
    doc: {
        id: 'no-package-manager',
        title: 'No package manager',
        description: 'The final filesystem contains no package-manager executable (apk, dpkg, apt, apt-get, rpm, dnf, yum, microdnf, tdnf, zypper, pacman, \u2026) reached by any name, and no multi-call binary carrying such applets. Package databases are allowed: scanners need them. Language package managers (pip, npm, gem, \u2026) are opt-in.',
        defaultSeverity: 'error'
    },
    example: `no-package-manager:\n  managers: [os, pip, npm]\n  allow: ["/usr/lib/python3*/**"]`,
    configure(options) {
        const listed = options.strings('managers') ?? ['os'];
        listed.forEach((name, index) => {
            if (name.trim() === '' || name.includes('/')) {
                options.fail('managers', `"${name}" is not an executable name or group (${Object.keys(MANAGER_GROUPS).join(', ')})`, index);
            }
        });
        const matcher = packageManagerMatcher(expandManagers(listed));
        const allow = options.globs('allow') ?? [];
        return {
            run(image) {
                return findExecutables(image.fs, matcher)
                    .filter((hit) => !hit.realPaths.some((path) => allow.some((glob) => glob.matches(path))))
                    .map((hit) => {
                    const names = [...new Set([...hit.matchedNames, ...hit.matchedApplets])].sort();
                    const what = hit.multiCall
                        ? `${describeMultiCall(hit.multiCall)} with package-manager applets ${hit.matchedApplets.join(', ')}`
                        : `package manager ${names.join(', ')}`;
                    return {
                        message: `${what}: ${describeNames(hit, matcher.name)}`,
                        path: hit.path,
                        layer: hit.layer,
                        realPaths: hit.realPaths,
                        fix: {
                            text: hit.multiCall
                                ? multiCallFix(hit, hit.multiCall)
                                : `Remove the package manager ${hit.path}${linksNote(hit)}.`,
                            inLayer: { kind: 'leave-out' }
                        },
                        names: hit.names
                    };
                });
            }
        };
    }
};

const noPackedExecutable = {
    doc: {
        id: 'no-packed-executable',
        title: 'No packed executables',
        description: 'No ELF file in the final filesystem is packed: UPX (its l_info mark or notice), an AppImage, or any file with the shape of a self-unpacking program (no section headers, a segment that reserves far more memory than it loads). What a packed file unpacks to is hidden from content detection, so `no-shell` and `no-package-manager` cannot vouch for it. `allow` lists globs of files to accept.',
        defaultSeverity: 'error'
    },
    example: `no-packed-executable:\n  allow: ["/usr/local/bin/app"]`,
    configure(options) {
        const allow = options.globs('allow') ?? [];
        return {
            run(image) {
                const findings = [];
                for (const entry of image.fs.files()) {
                    const inode = entry.inode;
                    const packed = inode.exec?.packed;
                    if (!packed)
                        continue;
                    const names = image.fs.namesReaching(inode);
                    const realPaths = image.fs.hardLinks(inode);
                    if (realPaths.some((path) => allow.some((glob) => glob.matches(path))))
                        continue;
                    const what = packed.packer ? `packed with ${packed.packer}` : 'packed by an unknown packer';
                    findings.push({
                        message: `executable ${what} (${packed.evidence}), its content cannot be inspected: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
                        path: entry.path,
                        layer: entry.layerIndex,
                        realPaths: realPaths.length ? realPaths : [entry.path],
                        fix: {
                            text: `Ship ${entry.path} unpacked (build it without ${packed.packer ?? 'the packer'}) so that its content can be checked, or allow it if you vouch for what it unpacks to.`
                        }
                    });
                }
                return findings;
            }
        };
    }
};

const SETUID = 0o4000;
const SETGID = 0o2000;
const noSetuid = {
    doc: {
        id: 'no-setuid',
        title: 'No setuid or setgid files',
        description: 'No regular file in the final filesystem has the setuid or setgid bit: such files let any user gain the file owner\u2019s or group\u2019s privileges. Each file is reported once with the names that reach it; `allow` lists globs of files to accept.',
        defaultSeverity: 'error'
    },
    example: `no-setuid:\n  allow: ["/usr/bin/newuidmap"]`,
    configure(options) {
        const allow = options.globs('allow') ?? [];
        return {
            run(image) {
                const findings = [];
                for (const entry of image.fs.files()) {
                    const inode = entry.inode;
                    if ((inode.mode & (SETUID | SETGID)) === 0)
                        continue;
                    const names = image.fs.namesReaching(inode);
                    const realPaths = image.fs.hardLinks(inode);
                    if (realPaths.some((path) => allow.some((glob) => glob.matches(path))))
                        continue;
                    const bits = [
                        inode.mode & SETUID ? `setuid (owner uid ${inode.uid})` : '',
                        inode.mode & SETGID ? `setgid (group gid ${inode.gid})` : ''
                    ]
                        .filter(Boolean)
                        .join(' and ');
                    const mode = (inode.mode & 0o7777).toString(8).padStart(4, '0');
                    findings.push({
                        message: `${bits} file, mode ${mode}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
                        path: entry.path,
                        layer: entry.layerIndex,
                        realPaths: realPaths.length ? realPaths : [entry.path],
                        fix: setuidFix(entry.path, inode.mode)
                    });
                }
                return findings;
            }
        };
    }
};
function setuidFix(path, mode) {
    const bits = [mode & SETUID ? 'u-s' : '', mode & SETGID ? 'g-s' : ''].filter(Boolean).join(',');
    const which = [mode & SETUID ? 'setuid' : '', mode & SETGID ? 'setgid' : ''].filter(Boolean).join(' and ');
    const cleared = (mode & 0o777).toString(8).padStart(4, '0');
    return {
        text: `Clear the ${which} bit of ${path}, or remove it if nothing needs it.`,
        inLayer: { kind: 'command', command: `chmod ${bits} ${shellWord(path)}`, copyFlag: `--chmod=${cleared}` }
    };
}

const noShell = {
    doc: {
        id: 'no-shell',
        title: 'No shell',
        description: "The final filesystem contains no shell: no known shell (sh, bash, ash, dash, zsh, ksh, mksh, csh, tcsh, fish, \u2026) reached by any name, symlink or hard link, no BusyBox or toybox multi-call binary that provides one, and no ELF file that carries a POSIX shell's builtin, keyword and variable tables, whatever its name.",
        defaultSeverity: 'error'
    },
    example: `no-shell:\n  allow: ["/busybox/**"]`,
    configure(options) {
        const allow = options.globs('allow') ?? [];
        return {
            run(image) {
                return findExecutables(image.fs, shellMatcher)
                    .filter((hit) => !hit.realPaths.some((path) => allow.some((glob) => glob.matches(path))))
                    .map((hit) => {
                    const what = hit.byContent
                        ? hit.multiCall
                            ? `${describeMultiCall(hit.multiCall)} with ${describeShellContent(hit.byContent)}`
                            : describeShellContent(hit.byContent)
                        : hit.multiCall && hit.matchedApplets.length > 0
                            ? `${describeMultiCall(hit.multiCall)} providing ${hit.matchedApplets.join(', ')}`
                            : `shell ${hit.matchedNames.join(', ')}`;
                    return {
                        message: `${what}: ${describeNames(hit, shellMatcher.name)}`,
                        path: hit.path,
                        layer: hit.layer,
                        realPaths: hit.realPaths,
                        fix: { text: shellFix(hit), inLayer: { kind: 'leave-out' } },
                        names: hit.names
                    };
                });
            }
        };
    }
};
function shellFix(hit) {
    if (hit.multiCall)
        return multiCallFix(hit, hit.multiCall);
    if (hit.byContent)
        return `Remove ${hit.path}: it is a shell by its content, whatever its name.`;
    return `Remove the shell ${hit.path}${linksNote(hit)}.`;
}

// no-world-writable: no file or directory of the final filesystem that any user may change. A
// directory with the sticky bit (/tmp, 1777) is the exception: there each user can only remove or rename
// their own files.
const OTHERS_WRITE = 0o002;
const STICKY = 0o1000;
const noWorldWritable = {
    doc: {
        id: 'no-world-writable',
        title: 'No world-writable paths',
        description: 'No regular file or directory of the final filesystem is writable by others (o+w): any user of the container could change such a file, or add, replace and delete files in such a directory. Directories with the sticky bit (/tmp, mode 1777) are fine; symlinks (always 0777) and devices are not checked. Each file is reported once with the names that reach it; `allow` lists globs to accept.',
        defaultSeverity: 'error'
    },
    example: `no-world-writable:\n  allow: ["/var/cache/app/**"]`,
    configure(options) {
        const allow = options.globs('allow') ?? [];
        const allowed = (paths) => paths.some((path) => allow.some((glob) => glob.matches(path)));
        return {
            run(image) {
                const findings = [];
                const seen = new Set();
                for (const entry of image.fs.entries()) {
                    const { inode } = entry;
                    if ((inode.mode & OTHERS_WRITE) === 0)
                        continue;
                    const mode = (inode.mode & 0o7777).toString(8).padStart(4, '0');
                    if (inode.type === 'dir') {
                        if ((inode.mode & STICKY) !== 0 || allowed([entry.path]))
                            continue;
                        findings.push({
                            message: `world-writable directory without the sticky bit, mode ${mode}: ${entry.path} (any user can replace or delete the files in it)`,
                            path: entry.path,
                            layer: entry.layerIndex,
                            fix: writableFix(entry.path, inode.mode, true)
                        });
                        continue;
                    }
                    if (inode.type !== 'file' || seen.has(inode.id))
                        continue;
                    seen.add(inode.id);
                    const hardLinks = image.fs.hardLinks(inode);
                    const realPaths = hardLinks.length ? hardLinks : [entry.path];
                    if (allowed(realPaths))
                        continue;
                    const names = image.fs.namesReaching(inode);
                    findings.push({
                        message: `world-writable file, mode ${mode}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
                        path: entry.path,
                        layer: entry.layerIndex,
                        realPaths,
                        fix: writableFix(entry.path, inode.mode, false)
                    });
                }
                return findings;
            }
        };
    }
};
/** chmod o-w in the layer that wrote it, or COPY --chmod with the mode it should have. */
function writableFix(path, mode, directory) {
    const fixed = (mode & 0o7777 & ~OTHERS_WRITE).toString(8).padStart(4, '0');
    const inLayer = {
        kind: 'command',
        command: `chmod o-w ${shellWord(path)}`,
        copyFlag: `--chmod=${fixed}`
    };
    return directory
        ? {
            text: `Take write permission for others from ${path} (chmod o-w), or, if every user must write there, make it sticky as /tmp is (chmod +t).`,
            inLayer
        }
        : { text: `Take write permission for others from ${path} (chmod o-w, mode ${fixed}).`, inLayer };
}

/** uid of each user name in an /etc/passwd text. */
function parsePasswd(text) {
    const users = new Map();
    for (const line of text.split('\n')) {
        const fields = line.split(':');
        if (fields.length < 3 || line.startsWith('#'))
            continue;
        const uid = Number(fields[2]);
        if (fields[0] !== '' && Number.isInteger(uid) && !users.has(fields[0]))
            users.set(fields[0], uid);
    }
    return users;
}
const nonRootUser = {
    doc: {
        id: 'non-root-user',
        title: 'Non-root user',
        description: 'The image config sets a User that is not root: not empty, not 0, not root, and not a name that maps to uid 0 through the image\u2019s own /etc/passwd. A user name the image cannot resolve is reported too, since the container would not start.',
        defaultSeverity: 'error'
    },
    example: `non-root-user: true`,
    configure() {
        return {
            capture: (path) => (path === '/etc/passwd' ? 256 * 1024 : 0),
            run(image) {
                const problem = rootProblem(image);
                return problem === undefined ? [] : [{ message: problem, fix: nonRootFix(image) }];
            }
        };
    }
};
/** Why the image starts as root (or cannot start), or undefined when it does not. */
function rootProblem(image) {
    const spec = image.config.user.trim();
    const user = spec.split(':')[0];
    if (user === '')
        return 'the image config sets no User, so the container runs as root (uid 0)';
    if (/^\d+$/.test(user))
        return Number(user) === 0 ? `User "${spec}" is uid 0 (root)` : undefined;
    if (user === 'root')
        return `User "${spec}" is root`;
    const passwd = image.fs.readFile('/etc/passwd');
    if (passwd === undefined)
        return `User "${spec}" is a name, and the image has no /etc/passwd to resolve it: the container would not start`;
    const uid = parsePasswd(passwd.toString('utf8')).get(user);
    if (uid === undefined)
        return `User "${spec}" is not in the image's /etc/passwd: the container would not start`;
    return uid === 0 ? `User "${spec}" maps to uid 0 (root) in the image's /etc/passwd` : undefined;
}
/** distroless's `nonroot`, the uid most minimal bases reserve for it. */
const NONROOT_UID = 65532;
/**
 * USER set to the image's own non-root user when its /etc/passwd has one (distroless's nonroot, else the
 * first ordinary account), else the numeric 65532:65532, which needs no passwd entry.
 */
function nonRootFix(image) {
    const passwd = image.fs.readFile('/etc/passwd');
    const users = passwd === undefined ? new Map() : parsePasswd(passwd.toString('utf8'));
    const accounts = [...users].filter(([name]) => /^[a-z_][\w.-]*$/i.test(name));
    const own = accounts.find(([, uid]) => uid === NONROOT_UID) ?? accounts.find(([, uid]) => uid >= 1000 && uid < 65534);
    if (own) {
        const [name, uid] = own;
        return {
            text: `Run as the image's own non-root user ${name} (uid ${uid} in its /etc/passwd); make what it must write owned by it (COPY --chown=${name}).`,
            instruction: `USER ${name}`
        };
    }
    return {
        text: `Run as a non-root uid: ${NONROOT_UID}:${NONROOT_UID} needs no /etc/passwd entry; make what it must write owned by it (COPY --chown=${NONROOT_UID}:${NONROOT_UID}).`,
        instruction: `USER ${NONROOT_UID}:${NONROOT_UID}`
    };
}

/** Named checks: what a value must be, said in words for the message. */
const NAMED_CHECKS = {
    'non-empty': { says: 'non-empty', test: (value) => value.trim() !== '' },
    url: {
        says: 'an absolute http or https URL',
        test: (value) => {
            try {
                const url = new URL(value);
                return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
            }
            catch {
                return false;
            }
        }
    },
    'git-sha': {
        says: 'a full git commit SHA (40 or 64 hex digits)',
        test: (value) => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)
    },
    semver: {
        says: 'a semantic version (1.2.3, 1.2.3-rc.1)',
        // semver.org's own expression.
        test: (value) => /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/.test(value)
    },
    rfc3339: {
        says: 'an RFC 3339 date and time (2026-01-31T12:00:00Z)',
        test: (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
            !Number.isNaN(Date.parse(value.replace(' ', 'T')))
    }
};
const NAMED_CHECK_NAMES = Object.keys(NAMED_CHECKS);
/** A regular expression written `/source/flags`. */
const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;
const REGEX_FLAGS = /^[imsu]*$/;
function compileRegex(options, source, flags, at) {
    if (!REGEX_FLAGS.test(flags))
        options.fail('labels', `"${flags}" are not flags a label check takes: use i, m, s or u`, ...at);
    try {
        const regex = new RegExp(source, flags);
        return (value) => regex.test(value);
    }
    catch (error) {
        return options.fail('labels', `/${source}/${flags} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, ...at);
    }
}
function requirement(options, name, spec, at) {
    if (spec === null || spec === undefined)
        return { name, ...NAMED_CHECKS['non-empty'] };
    if (typeof spec === 'string') {
        const literal = REGEX_LITERAL.exec(spec);
        if (literal)
            return { name, says: `matching ${spec}`, test: compileRegex(options, literal[1], literal[2], at) };
        return { name, says: JSON.stringify(spec), test: (value) => value === spec };
    }
    if (spec.is !== undefined) {
        const check = NAMED_CHECKS[spec.is];
        if (!check)
            options.fail('labels', `"${spec.is}" is not a named check: use ${NAMED_CHECK_NAMES.join(', ')}`, ...at, 'is');
        return { name, says: check.says, test: check.test };
    }
    if (spec.equals !== undefined) {
        const expected = spec.equals;
        return { name, says: JSON.stringify(expected), test: (value) => value === expected };
    }
    const source = spec.matches ?? '';
    return { name, says: `matching /${source}/`, test: compileRegex(options, source, '', [...at, 'matches']) };
}
/** `labels` as written: a list of names and one-key maps, or one map of name \u2192 value check. */
function readLabels(options) {
    const raw = options.value.labels;
    if (raw === undefined)
        return [];
    if (!Array.isArray(raw))
        return Object.entries(raw).map(([name, spec]) => requirement(options, name, spec, [name]));
    return raw.map((item, index) => {
        if (typeof item === 'string')
            return { name: item, ...NAMED_CHECKS['non-empty'] };
        const [name, spec] = Object.entries(item)[0];
        return requirement(options, name, spec, [index, name]);
    });
}
/** At most this much of a label's value is quoted in a message. */
const QUOTED_CHARS = 80;
function quoted(value) {
    return JSON.stringify(value.length > QUOTED_CHARS ? `${value.slice(0, QUOTED_CHARS)}\u2026` : value);
}
/** The values an image gives a label: its config's, then its manifest's annotation. */
function valuesOf(image, name) {
    const values = [];
    if (Object.hasOwn(image.config.labels, name))
        values.push({ value: image.config.labels[name], from: 'label' });
    if (Object.hasOwn(image.annotations, name))
        values.push({ value: image.annotations[name], from: 'annotation' });
    return values;
}
const requiredLabels = {
    doc: {
        id: 'required-labels',
        title: 'Required labels',
        description: 'Every listed label is set, non-empty, in the image config or, where the source has them, the manifest\u2019s annotations (e.g. org.opencontainers.image.source); a label may also be given the value it must have: exact, a regular expression /\u2026/, or a named check (url, git-sha, semver, rfc3339).',
        defaultSeverity: 'error'
    },
    listOption: 'labels',
    example: `required-labels:\n  - org.opencontainers.image.source: { is: url }\n  - org.opencontainers.image.revision: { is: git-sha }\n  - org.opencontainers.image.version: /^\\d+\\.\\d+\\.\\d+$/`,
    configure(options) {
        const labels = readLabels(options);
        if (labels.length === 0)
            options.fail('labels', 'required-labels needs a list of label names');
        return {
            run(image) {
                const findings = [];
                for (const { name, says, test } of labels) {
                    const values = valuesOf(image, name);
                    if (values.length === 0) {
                        findings.push({ message: `label ${name} is missing`, label: name, fix: labelFix(name) });
                        continue;
                    }
                    if (values.some(({ value }) => value.trim() !== '' && test(value)))
                        continue;
                    const { value, from } = values.find(({ value }) => value.trim() !== '') ?? values[0];
                    const kind = from === 'label' ? 'label' : 'annotation';
                    findings.push({
                        message: value.trim() === ''
                            ? `${kind} ${name} is empty`
                            : `${kind} ${name} is ${quoted(value)}, not ${says}`,
                        label: name,
                        fix: labelFix(name, value.trim() === '' ? undefined : says)
                    });
                }
                return findings;
            }
        };
    }
};
/** What the OCI labels docker/metadata-action also sets hold: a build arg the workflow passes, or a literal. */
const OCI_VALUES = {
    'org.opencontainers.image.source': { value: 'https://github.com/OWNER/REPO' },
    'org.opencontainers.image.revision': { arg: 'GIT_SHA', value: '$GIT_SHA' },
    'org.opencontainers.image.created': { arg: 'BUILD_DATE', value: '$BUILD_DATE' },
    'org.opencontainers.image.version': { arg: 'VERSION', value: '$VERSION' }
};
function labelFix(label, says) {
    const known = OCI_VALUES[label];
    const metadata = label.startsWith('org.opencontainers.image.')
        ? "; in GitHub Actions, docker/metadata-action's `labels` output given to docker/build-push-action sets it"
        : '';
    return {
        text: `Set the label ${label}${says ? ` to ${says}` : ''}${known?.arg ? ` from a build arg (--build-arg ${known.arg}=\u2026)` : ''}${metadata}.`,
        ...(known?.arg ? { snippet: [`ARG ${known.arg}`] } : {}),
        instruction: `LABEL ${shellWord(label)}="${known?.value ?? '\u2026'}"`
    };
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;
const requiredPaths = {
    doc: {
        id: 'required-paths',
        title: 'Required paths',
        description: 'Each listed path exists in the final filesystem (a symlink counts when it resolves inside the image), and each glob matches at least one entry.',
        defaultSeverity: 'error'
    },
    listOption: 'paths',
    example: `required-paths: ["/etc/ssl/certs/ca-certificates.crt", "/app/**/*.js"]`,
    configure(options) {
        const globs = options.globs('paths') ?? [];
        if (globs.length === 0)
            options.fail('paths', 'required-paths needs a list of paths or globs');
        return {
            run(image) {
                const findings = [];
                const patterns = globs.filter((glob) => GLOB_CHARS.test(glob.pattern));
                const matched = new Set();
                if (patterns.length > 0) {
                    for (const entry of image.fs.entries()) {
                        for (const glob of patterns)
                            if (glob.matches(entry.path))
                                matched.add(glob.pattern);
                    }
                }
                for (const glob of globs) {
                    if (GLOB_CHARS.test(glob.pattern)) {
                        if (!matched.has(glob.pattern))
                            findings.push({
                                message: `nothing matches required "${glob.pattern}"`,
                                fix: {
                                    text: `Add a file that matches "${glob.pattern}" to the image (COPY it, or install what provides it), or correct the glob in the policy.`
                                }
                            });
                        continue;
                    }
                    const resolution = image.fs.resolve(glob.pattern);
                    if (resolution.ok)
                        continue;
                    const entry = image.fs.lstat(glob.pattern);
                    const why = entry?.inode.type === 'symlink'
                        ? `is a symlink that does not resolve (${resolution.reason})`
                        : resolution.reason === 'missing'
                            ? 'is missing'
                            : `cannot be reached (${resolution.reason})`;
                    findings.push({
                        message: `required ${glob.pattern} ${why}`,
                        path: glob.pattern,
                        layer: entry?.layerIndex,
                        fix: {
                            text: entry?.inode.type === 'symlink'
                                ? `Point the symlink ${glob.pattern} (to ${entry.inode.linkTarget ?? '?'}) at a file the image has, or ship its target.`
                                : `Add ${glob.pattern} to the image (COPY it, or install what provides it), or correct the path in the policy.`
                        }
                    });
                }
                return findings;
            }
        };
    }
};

// Human-readable sizes in powers of 1000, the unit family `docker image ls` uses. One formatter for
// every part of the project; rule messages ask for one more digit on small values (limits are compared).
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
function formatSize(bytes, options = {}) {
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
        value /= 1000;
        unit++;
    }
    if (unit === 0)
        return `${bytes} B`;
    const digits = value >= 100 ? 0 : value >= 10 || !options.precise ? 1 : 2;
    return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/**
 * gzip usually shrinks image layers to 35\u201350% of their tar size (Alpine's base layer: 43%, BusyBox: 50%).
 * The upper end is used so an estimate errs towards failing the gate rather than passing it.
 */
const ESTIMATED_GZIP_RATIO = 0.5;
/** Rule messages show one more digit on small values: limits are compared. */
const PRECISE = { precise: true };
/** Both sizes human-readable, or exact when rounding would make them look equal. */
function sizePair(actual, limit) {
    const [a, b] = [formatSize(actual, PRECISE), formatSize(limit, PRECISE)];
    return a === b ? [`${actual} B`, `${limit} B`] : [a, b];
}
function describeLayer(layer, bytes) {
    // As inspect and the reports show it: "COPY file:\u2026 in /srv/", not "/bin/sh -c #(nop) COPY \u2026".
    const createdBy = describeCreatedBy(layer.createdBy).replace(/\s+/g, ' ').trim();
    const short = createdBy && createdBy.length > 60 ? `${createdBy.slice(0, 57)}\u2026` : createdBy;
    return `layer ${layer.index} ${formatSize(bytes, PRECISE)}${short ? ` (${short})` : ''}`;
}
function topLayers(image, sizeOf, count = 3) {
    return [...image.layers].sort((a, b) => sizeOf(b) - sizeOf(a)).slice(0, count);
}
function largestLayers(image, sizeOf, count = 3) {
    return topLayers(image, sizeOf, count)
        .map((layer) => describeLayer(layer, sizeOf(layer)))
        .join(', ');
}
/** Shrinking advice naming the largest layers; the report says which instruction made each. */
function shrinkFix(image, sizeOf, what) {
    const top = topLayers(image, sizeOf);
    return {
        text: `Shrink ${what}, starting with the largest layers (${top.map((layer) => `${layer.index}: ${formatSize(sizeOf(layer))}`).join(', ')}): build in a builder stage and copy only what runs, and clear package caches in the same RUN that fills them.`,
        layers: top.map((layer) => layer.index)
    };
}
function largestFiles(image, count = 3) {
    // Keep only the `count` largest while walking: sorting every file of a large image costs more.
    const top = [];
    for (const entry of image.fs.files()) {
        const size = entry.inode.size;
        if (top.length === count && size <= top[count - 1].size)
            continue;
        let at = top.length;
        while (at > 0 && top[at - 1].size < size)
            at--;
        top.splice(at, 0, { path: entry.path, size });
        if (top.length > count)
            top.pop();
    }
    return top.map((file) => `${file.path} ${formatSize(file.size, PRECISE)}`).join(', ');
}
/** Compressed size of each layer: measured when stored compressed, otherwise estimated. */
function compressedSizes(image, context) {
    const sizes = new Map();
    let estimated = 0;
    for (const layer of image.layers) {
        if (layer.compression !== 'none') {
            sizes.set(layer, layer.compressedSize);
            continue;
        }
        estimated++;
        const measured = context.estimateCompressedSize?.(layer);
        sizes.set(layer, measured ?? Math.round(layer.uncompressedSize * ESTIMATED_GZIP_RATIO));
    }
    return { sizes, estimated };
}
const size = {
    doc: {
        id: 'size',
        title: 'Size ceilings',
        description: 'Ceilings on the image size as `docker image ls` shows it (max), the sum of compressed layer sizes (maxCompressed, measured or estimated), the number of layers (maxLayers), any one layer (maxLayer), any one file (maxFile), and the bytes hidden by later layers (maxWasted); with a baseline, how much the image grew (maxGrowth, in bytes or percent) and how many layers it gained (maxLayersAdded).',
        defaultSeverity: 'error'
    },
    example: `size: { max: 50MB, maxCompressed: 20MB, maxLayers: 12, maxLayer: 30MB, maxFile: 20MB, maxWasted: 5MB, maxGrowth: 10%, maxLayersAdded: 2 }`,
    configure(options) {
        const limits = {
            max: options.size('max'),
            maxCompressed: options.size('maxCompressed'),
            maxLayers: options.integer('maxLayers'),
            maxLayer: options.size('maxLayer'),
            maxFile: options.size('maxFile'),
            maxWasted: options.size('maxWasted'),
            maxGrowth: growthLimit(options),
            maxLayersAdded: options.integer('maxLayersAdded')
        };
        if (Object.values(limits).every((limit) => limit === undefined)) {
            options.fail('max', 'the size rule needs at least one of max, maxCompressed, maxLayers, maxLayer, maxFile, maxWasted, maxGrowth, maxLayersAdded');
        }
        const needsBaseline = ['maxGrowth', 'maxLayersAdded'].filter((k) => limits[k] !== undefined);
        return {
            ...(needsBaseline.length > 0 ? { needsBaseline } : {}),
            run: (image, context) => [
                ...(limits.maxGrowth !== undefined && context.baseline
                    ? grewTooMuch(image, context.baseline, limits.maxGrowth)
                    : []),
                ...(limits.maxLayersAdded !== undefined && context.baseline
                    ? tooManyLayersAdded(image, context.baseline, limits.maxLayersAdded)
                    : []),
                ...(limits.max !== undefined ? imageOverMax(image, limits.max) : []),
                ...(limits.maxCompressed !== undefined
                    ? compressedOverMax(image, context, limits.maxCompressed)
                    : []),
                ...(limits.maxLayers !== undefined ? tooManyLayers(image, limits.maxLayers) : []),
                ...(limits.maxLayer !== undefined ? bigLayers(image, limits.maxLayer) : []),
                ...(limits.maxFile !== undefined ? bigFiles(image, limits.maxFile) : []),
                ...(limits.maxWasted !== undefined ? wastedOverMax(image, limits.maxWasted) : [])
            ]
        };
    }
};
const contentSize = (layer) => layer.contentSize;
function imageOverMax(image, max) {
    const total = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0);
    if (total <= max)
        return [];
    return [
        {
            message: `image size ${sizePair(total, max).join(' exceeds max ')}; largest layers: ${largestLayers(image, contentSize)}; largest files: ${largestFiles(image)}`,
            fix: shrinkFix(image, contentSize, `the image by ${formatSize(total - max, PRECISE)}`),
            subject: 'max'
        }
    ];
}
function compressedOverMax(image, context, max) {
    const { sizes, estimated } = compressedSizes(image, context);
    const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    if (total <= max)
        return [];
    const how = estimated === 0
        ? 'measured from the archive'
        : `estimated: ${estimated} of ${image.layers.length} layers are stored uncompressed in the archive${context.estimateCompressedSize ? '' : `, counted at ${ESTIMATED_GZIP_RATIO * 100}% of their tar size`}`;
    const [shown, limit] = sizePair(total, max);
    return [
        {
            message: `compressed size ${shown} (${how}) exceeds maxCompressed ${limit}; largest layers: ${largestLayers(image, (layer) => sizes.get(layer) ?? 0)}`,
            fix: shrinkFix(image, (layer) => sizes.get(layer) ?? 0, `the compressed image by ${formatSize(total - max, PRECISE)}`),
            subject: 'maxCompressed'
        }
    ];
}
function tooManyLayers(image, max) {
    if (image.layers.length <= max)
        return [];
    return [
        {
            message: `${image.layers.length} layers exceed maxLayers ${max}; largest layers: ${largestLayers(image, contentSize)}`,
            fix: {
                text: `Make ${image.layers.length - max} fewer layers: join consecutive RUNs with &&, copy several files in one COPY, or build in a stage and copy its result in one layer.`
            },
            subject: 'maxLayers'
        }
    ];
}
function bigLayers(image, max) {
    return image.layers
        .filter((layer) => layer.contentSize > max)
        .map((layer) => ({
        message: `${describeLayer(layer, layer.contentSize)} exceeds maxLayer ${sizePair(layer.contentSize, max)[1]}`,
        layer: layer.index,
        // The same layer in a baseline is the same diff ID, wherever it sits.
        subject: `maxLayer ${layer.diffId ?? `#${layer.index}`}`,
        fix: {
            text: `Shrink layer ${layer.index} by ${formatSize(layer.contentSize - max, PRECISE)}${largestFilesOf(image, layer.index)}, or split it across steps; clear caches in the same RUN that fills them.`
        }
    }));
}
function wastedOverMax(image, max) {
    if (image.hiddenBytes <= max)
        return [];
    const largest = [...image.hidden].sort((a, b) => b.size - a.size).slice(0, 3);
    const biggest = largest
        .map((file) => `${file.path} ${formatSize(file.size, PRECISE)} (layer ${file.layerIndex}, ${file.reason})`)
        .join(', ');
    const first = largest[0];
    const hiddenBy = first?.hiddenBy;
    return [
        {
            message: `${sizePair(image.hiddenBytes, max).join(' written by layers and hidden by later ones exceeds maxWasted ')}; largest: ${biggest}`,
            ...(hiddenBy !== undefined ? { hiddenBy } : {}),
            subject: 'maxWasted',
            fix: first
                ? {
                    text: `Delete ${first.path} (${formatSize(first.size, PRECISE)}) in the same RUN that writes it, not in a later one: layer ${first.layerIndex} writes it, layer ${first.hiddenBy} ${first.reason === 'deleted' ? 'deletes' : 'hides'} it; merge the two RUNs, or build in a stage and copy the result.`,
                    layers: [first.layerIndex, first.hiddenBy]
                }
                : { text: 'Delete files in the same RUN that writes them, or build in a stage and copy the result.' }
        }
    ];
}
/** " (largest files: /a 3 MB, /b 1 MB)": the biggest files the layer itself wrote that are in the final filesystem. */
function largestFilesOf(image, layerIndex, count = 3) {
    const top = [];
    for (const entry of image.fs.files()) {
        if (entry.layerIndex !== layerIndex)
            continue;
        top.push({ path: entry.path, size: entry.inode.size });
        top.sort((a, b) => b.size - a.size);
        if (top.length > count)
            top.pop();
    }
    return top.length === 0
        ? ''
        : ` (largest files: ${top.map((file) => `${file.path} ${formatSize(file.size, PRECISE)}`).join(', ')})`;
}
function bigFiles(image, max) {
    const findings = [];
    for (const entry of image.fs.files()) {
        const inode = entry.inode;
        if (inode.size <= max)
            continue;
        const realPaths = image.fs.hardLinks(inode);
        const others = realPaths.filter((path) => path !== entry.path);
        findings.push({
            message: `${entry.path} is ${sizePair(inode.size, max).join(', over maxFile ')}${others.length ? ` (hard-linked as ${others.join(', ')})` : ''}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths: realPaths.length ? realPaths : [entry.path],
            fix: {
                text: `Keep ${entry.path} (${formatSize(inode.size, PRECISE)}) out of the image or shrink it (strip debug symbols, compress it, fetch it at run time).`,
                inLayer: { kind: 'leave-out' }
            }
        });
    }
    return findings;
}
function growthLimit(options) {
    const value = options.value.maxGrowth;
    if (value === undefined)
        return undefined;
    const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
    if (percent)
        return { percent: Number(percent[1]) };
    return { bytes: options.size('maxGrowth') ?? 0 };
}
function describeGrowth(limit) {
    return 'percent' in limit ? `${limit.percent}%` : formatSize(limit.bytes, PRECISE);
}
function grewTooMuch(image, baseline, limit) {
    const now = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0);
    const growth = now - baseline.size;
    const allowed = 'percent' in limit ? (baseline.size * limit.percent) / 100 : limit.bytes;
    if (growth <= allowed)
        return [];
    const share = baseline.size > 0 ? ` (+${((growth / baseline.size) * 100).toFixed(1)}%)` : '';
    return [
        {
            message: `image grew ${formatSize(growth, PRECISE)}${share} from ${formatSize(baseline.size, PRECISE)} on the baseline to ${formatSize(now, PRECISE)}, over maxGrowth ${describeGrowth(limit)}; largest layers: ${largestLayers(image, contentSize)}`,
            subject: 'maxGrowth',
            fix: shrinkFix(image, contentSize, `the image by ${formatSize(growth - Math.floor(allowed), PRECISE)} to grow within maxGrowth (or raise maxGrowth when the growth is meant)`)
        }
    ];
}
function tooManyLayersAdded(image, baseline, max) {
    // Layers the baseline lacks, by diff ID when both sides know them; else the difference in count.
    const known = baseline.diffIds ? new Set(baseline.diffIds) : undefined;
    const added = known && image.layers.every((layer) => layer.diffId !== undefined)
        ? image.layers.filter((layer) => !known.has(layer.diffId ?? '')).length
        : image.layers.length - baseline.layers;
    if (added <= max)
        return [];
    return [
        {
            message: `${added} layers added (${baseline.layers} on the baseline, ${image.layers.length} now), over maxLayersAdded ${max}`,
            subject: 'maxLayersAdded',
            fix: {
                text: `Add ${added - max} fewer layers than now: join the new RUNs with &&, copy several files in one COPY, or build in a stage and copy its result in one layer.`
            }
        }
    ];
}

/** Configurable rules, in the order reports list them. */
const RULE_MODULES = [
    size,
    noShell,
    noPackageManager,
    distroless,
    noPackedExecutable,
    noSetuid,
    noCapabilities,
    noWorldWritable,
    nonRootUser,
    noSecrets,
    noEnvSecrets,
    forbiddenPaths,
    requiredPaths,
    requiredLabels,
    exposedPorts,
    healthcheck,
    attestations
];
/** Not configurable: reported when a waiver is past its expiry date, so the gate fails until it is renewed or removed. */
const EXPIRED_WAIVER = {
    id: 'expired-waiver',
    title: 'Expired waiver',
    description: 'A waiver in the policy is past its `expires` date. It no longer waives anything, and it is reported until it is renewed with a new date or removed.',
    defaultSeverity: 'error'
};
/** Every rule id a report can contain, with its documentation. */
const RULES = [...RULE_MODULES.map((rule) => rule.doc), EXPIRED_WAIVER];
const RULE_IDS = RULE_MODULES.map((rule) => rule.doc.id);
function findRule(id) {
    return RULE_MODULES.find((rule) => rule.doc.id === id);
}

// A waiver written as one YAML line to paste under `waivers:`, which the policy loader accepts as it is.
// Paths come from the image: the line quotes them so that no name can end the string, start a comment or
// hold a character a log would act on, and escapes glob syntax so the waiver covers that one path.
/** Days a suggested waiver lasts: long enough to fix it, short enough to be looked at again. */
const SUGGESTED_WAIVER_DAYS = 30;
/** The placeholder a suggested waiver carries for its reason: to be replaced by a ticket or an owner. */
const REASON_PLACEHOLDER = 'TODO: why this is acceptable (ticket, owner)';
/** `- { rule: no-shell, path: "/bin/busybox", reason: "\u2026", expires: 2026-03-01 }` */
function waiverLine(fields) {
    const parts = [
        `rule: ${fields.rule}`,
        ...(fields.path === undefined ? [] : [`path: ${yamlQuoted(fields.path)}`]),
        `reason: ${yamlQuoted(fields.reason)}`,
        `expires: ${fields.expires}`
    ];
    return `- { ${parts.join(', ')} }`;
}
/** The date a suggested waiver expires: SUGGESTED_WAIVER_DAYS after `now`, as YYYY-MM-DD (UTC). */
function suggestedExpiry(now) {
    return new Date(now.getTime() + SUGGESTED_WAIVER_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
/**
 * A glob that matches this path and no other path of the image, in one pass: `* ? + [ ] { } ( ) |` are
 * backslash-escaped (with them escaped nothing else is special: `@(` and `!(` need their parenthesis, `,`
 * its braces; `+` goes too, as picomatch reads it after a bracket as "one or more"). A backslash is written
 * `[\\]` and a double quote `["]`: picomatch merges escaped backslashes before a space and reads `"` as
 * quoting, and a backslash before any other character is not an escape the loader's Unicode-mode
 * expression accepts. Either bracket also matches its three characters (`[\]`, `["]`) literally:
 * picomatch's reading of a bracket, harmless for a waiver.
 */
function globForPath(path) {
    return path.replace(/[\\*?+[\]{}()|"]/g, (char) => char === '\\' ? '[\\\\]' : char === '"' ? '["]' : `\\${char}`);
}
/**
 * A YAML double-quoted scalar: `"` and `\` escaped, and every character a terminal, a log or a reader could
 * mistake (controls, line and paragraph separators, bidi and other format characters, non-ASCII spaces,
 * lone surrogates) as a YAML escape, so the line is one visible line whatever the name holds.
 */
function yamlQuoted(text) {
    let out = '"';
    for (const char of text) {
        const code = char.codePointAt(0) ?? 0;
        if (char === '"' || char === '\\')
            out += `\\${char}`;
        else if (code >= 0x20 && code < 0x7f)
            out += char;
        else if (code < 0x80 || UNSAFE.test(char))
            out += yamlEscape(code);
        else
            out += char;
    }
    return `${out}"`;
}
const UNSAFE = /^(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs})$/u;
function yamlEscape(code) {
    if (code === 0x0a)
        return '\\n';
    if (code === 0x0d)
        return '\\r';
    if (code === 0x09)
        return '\\t';
    if (code <= 0xff)
        return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code <= 0xffff)
        return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\U${code.toString(16).padStart(8, '0')}`;
}

const EXPIRING_SOON_MS = 30 * 24 * 60 * 60 * 1000;
function isExpired(waiver, now) {
    return now.getTime() > waiver.expiresAt.getTime();
}
/** A waiver covers a finding of its rule; with a path glob, only findings whose real paths match it. */
function findWaiver(rule, finding, waivers, now) {
    const paths = finding.realPaths ?? (finding.path === undefined ? [] : [finding.path]);
    return waivers.find((waiver) => waiver.rule === rule &&
        !isExpired(waiver, now) &&
        (waiver.path === undefined || paths.some((path) => waiver.path.matches(path))));
}
function waiverRef(waiver) {
    return { reason: waiver.reason, expires: waiver.expires, location: waiver.location };
}
function describeWaiver(waiver) {
    return `waiver for ${waiver.rule}${waiver.path ? ` on ${waiver.path.pattern}` : ''}`;
}
function expiredWaiverViolations(waivers, now) {
    return waivers
        .filter((waiver) => isExpired(waiver, now))
        .map((waiver) => ({
        rule: EXPIRED_WAIVER.id,
        severity: EXPIRED_WAIVER.defaultSeverity,
        message: `${describeWaiver(waiver)} expired on ${waiver.expires} (reason: ${waiver.reason}) and waives nothing now: renew its date or remove it (${waiver.location.file}:${waiver.location.line})`,
        fix: {
            text: `Fix what it waived and delete the waiver at ${waiver.location.file}:${waiver.location.line}, or, after a review, renew it: expires: ${suggestedExpiry(now)}.`
        }
    }));
}
function expiringWaivers(waivers, now) {
    return waivers
        .filter((waiver) => !isExpired(waiver, now) && waiver.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_MS)
        .map((waiver) => ({
        rule: waiver.rule,
        path: waiver.path?.pattern,
        expires: waiver.expires,
        reason: waiver.reason
    }));
}

const ORDER = [...RULE_IDS, EXPIRED_WAIVER.id];
/**
 * The order of violations everywhere: not waived before waived, worst severity first, then the rules in
 * the registry's order, then by path. Reporters that group violations keep it inside each group.
 */
function compareViolations(a, b) {
    return (Number(a.waived !== undefined) - Number(b.waived !== undefined) ||
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        ORDER.indexOf(a.rule) - ORDER.indexOf(b.rule) ||
        byCodeUnit(a.path ?? '', b.path ?? ''));
}
function evaluate(image, policy, options = {}) {
    const now = options.now ?? new Date();
    const context = {
        now,
        estimateCompressedSize: options.estimateCompressedSize,
        ...(options.baseline ? { baseline: options.baseline } : {})
    };
    const unchecked = [];
    const violations = [];
    const ruleLocations = {};
    for (const rule of policy.rules) {
        ruleLocations[rule.id] = rule.location;
        const needs = rule.check.needsBaseline ?? [];
        if (needs.length > 0 && !options.baseline)
            unchecked.push(`${needs.map((option) => `${rule.id}.${option}`).join(' and ')} need${needs.length === 1 ? 's' : ''} a baseline (--baseline or the baseline input) and ${needs.length === 1 ? 'was' : 'were'} not checked`);
        for (const finding of rule.check.run(image, context)) {
            const violation = { rule: rule.id, severity: rule.severity, message: finding.message };
            if (finding.path !== undefined)
                violation.path = finding.path;
            if (finding.layer !== undefined)
                violation.layer = finding.layer;
            if (finding.label !== undefined)
                violation.label = finding.label;
            if (finding.hiddenBy !== undefined)
                violation.hiddenBy = finding.hiddenBy;
            if (finding.fix !== undefined)
                violation.fix = finding.fix;
            const names = allNames(finding);
            if (names)
                violation.names = names;
            if (finding.subject !== undefined)
                violation.subject = finding.subject;
            const waiver = findWaiver(rule.id, finding, policy.waivers, now);
            if (waiver)
                violation.waived = waiverRef(waiver);
            violations.push(violation);
        }
    }
    const expired = expiredWaiverViolations(policy.waivers, now);
    const firstExpired = policy.waivers.find((waiver) => isExpired(waiver, now));
    if (firstExpired)
        ruleLocations[EXPIRED_WAIVER.id] = firstExpired.location;
    violations.push(...expired);
    violations.sort(compareViolations);
    return {
        violations,
        rulesEvaluated: policy.rules.map((rule) => rule.id),
        ruleLocations,
        expiringWaivers: expiringWaivers(policy.waivers, now),
        evaluatedAt: now,
        ...(unchecked.length > 0 ? { unchecked } : {})
    };
}
/** The finding's path with its hard links and the names reaching it, when there is more than the path. */
function allNames(finding) {
    if (finding.path === undefined)
        return undefined;
    const names = new Set([finding.path, ...(finding.realPaths ?? []), ...(finding.names ?? [])]);
    return names.size > 1 ? [...names].sort(byCodeUnit) : undefined;
}

// Small pure helpers shared by the reporters: sizes, ordering, escaping.
function severityRank(severity) {
    return SEVERITIES.indexOf(severity);
}
/**
 * Violations worst first, grouped by rule: rules ordered by their worst severity,
 * then by how many violations they have, then by id; within a rule by severity then path.
 */
function sortViolations(violations) {
    const groups = groupByRule(violations);
    return groups.flatMap((group) => group.violations);
}
function groupByRule(violations) {
    const byRule = new Map();
    for (const violation of violations) {
        const list = byRule.get(violation.rule) ?? [];
        list.push(violation);
        byRule.set(violation.rule, list);
    }
    const groups = [...byRule].map(([rule, list]) => {
        const sorted = [...list].sort(compareViolations);
        const active = sorted.filter((v) => !v.waived);
        const worst = (active.length > 0 ? active : sorted)[0].severity;
        return { rule, worst, violations: sorted };
    });
    const activeCount = (g) => g.violations.filter((v) => !v.waived).length;
    return groups.sort((a, b) => Number(activeCount(a) === 0) - Number(activeCount(b) === 0) ||
        severityRank(a.worst) - severityRank(b.worst) ||
        activeCount(b) - activeCount(a) ||
        byCodeUnit(a.rule, b.rule));
}
/**
 * A violation's message without what the report shows beside it already: its path (in a column of
 * its own, or before the message) and a leading "layer N" (in the layer column), so that
 * "layer 0: layer 0 7.8 MB exceeds maxLayer" reads "layer 0: 7.8 MB exceeds maxLayer" and
 * "/sbin/apk: package manager apk: /sbin/apk" reads "/sbin/apk: package manager apk".
 */
function conciseMessage(violation, { dropLeadingPath = false } = {}) {
    let message = violation.message;
    if (violation.layer !== undefined) {
        const prefix = `layer ${violation.layer} `;
        if (message.startsWith(prefix) && message.length > prefix.length)
            message = message.slice(prefix.length);
    }
    const path = violation.path;
    if (!path)
        return message;
    // The path as a whole word: after a start, a space or ": ", before an end, a space or punctuation.
    const at = wordIndex(message, path);
    if (at < 0)
        return message;
    const end = at + path.length;
    // "/big is 12 MB, over maxFile": the text report then leaves the path out before it instead.
    if (at === 0)
        return dropLeadingPath ? message.slice(end).replace(/^ +/, '') || message : message;
    const before = message.slice(0, at).replace(/:? $/, '');
    const rest = message.slice(end);
    const shortened = `${before}${rest}`.trim();
    return shortened === '' ? message : shortened;
}
function wordIndex(text, word) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
        const before = at === 0 ? ' ' : text[at - 1];
        const after = text[at + word.length] ?? ' ';
        if (before === ' ' && /[\s(),;]/.test(after))
            return at;
    }
    return -1;
}
/** Shorten text to at most `max` characters, marking the cut. */
function truncate(text, max) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    if (oneLine.length <= max)
        return oneLine;
    let cut = Math.max(0, max - 1);
    // Never between the two halves of a character beyond the BMP: half of one is a lone surrogate.
    if (cut > 0 && /[\ud800-\udbff]/.test(oneLine[cut - 1]))
        cut--;
    return `${oneLine.slice(0, cut)}\u2026`;
}
function plural(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const FAIL_ON_VALUES = ['error', 'warning', 'notice', 'never'];
function isFailOn(value) {
    return FAIL_ON_VALUES.includes(value);
}
/** `newOnly`: the run compares with a baseline and only new violations count (an existing one never fails). */
function failsGate(violation, failOn, newOnly = false) {
    if (failOn === 'never' || violation.waived)
        return false;
    if (newOnly && violation.baseline === 'existing')
        return false;
    return severityRank(violation.severity) <= severityRank(failOn);
}
function verdict(evaluation, failOn) {
    return evaluation.violations.some((v) => failsGate(v, failOn, evaluation.newOnly)) ? 'fail' : 'pass';
}
/** Counts of violations that are not waived, by severity, plus the waived ones. */
function countViolations(violations) {
    const counts = { violations: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };
    for (const v of violations) {
        if (v.waived) {
            counts.waived++;
            continue;
        }
        counts.violations++;
        if (v.severity === 'error')
            counts.errors++;
        else if (v.severity === 'warning')
            counts.warnings++;
        else
            counts.notices++;
    }
    return counts;
}
/** A run's verdict over every platform it gated: the worst of them (fail when any fails). */
function worstVerdict(reports) {
    return reports.some((report) => verdict(report.evaluation, report.failOn) === 'fail') ? 'fail' : 'pass';
}

export { optionalString as $, describeCapabilities as A, compileGlob as B, imageRequest as C, compareViolations as D, severityRank as E, FAIL_ON_VALUES as F, verdict as G, countViolations as H, sortViolations as I, failsGate as J, conciseMessage as K, capPrintable as L, describeCreatedBy as M, ImageReadError as N, OS_PACKAGE_MANAGERS as O, PolicyError as P, LimitError as Q, RULES as R, SEVERITIES as S, normalisePath as T, UserError as U, baseName as V, parentPath as W, MissingBlobError as X, expectObject as Y, isObject as Z, optionalArray as _, isBundledPolicy as a, optionalStringArray as a0, optionalStringMap as a1, joinPath as a2, requiredString as a3, parseJson as a4, parsePlatformChoice as a5, platformMatches as a6, readAttestations as a7, RegistryError as a8, SocketReads as a9, HttpResponse as aa, isLoopback as ab, parseReference as ac, evaluate as ad, OS_RELEASE_PATHS as ae, baselineForPlatform as af, EXPIRED_WAIVER as ag, waiverLine as ah, suggestedExpiry as ai, globForPath as aj, REASON_PLACEHOLDER as ak, groupByRule as al, parseDate as am, findRule as an, SIZE_HINT as ao, compileReferenceGlob as ap, COMPILED_POLICIES as aq, RULE_MODULES as ar, closest as as, getAugmentedNamespace as at, readCreatedBy as au, readPortSpan as av, spanWithin as aw, POLICY_SCHEMA_TEXT as ax, didYouMean as b, checkRequest as c, dockerSave as d, errorMessage as e, fileErrorReason as f, parseSize as g, byCodeUnit as h, isFailOn as i, printableName as j, readOsRelease as k, findExecutables as l, packageManagerMatcher as m, expandManagers as n, describeOs as o, printableLine as p, printable as q, resolveSource as r, shellMatcher as s, printableJson as t, formatSize as u, plural as v, worstVerdict as w, truncate as x, redactCredentials as y, describeMultiCall as z };
