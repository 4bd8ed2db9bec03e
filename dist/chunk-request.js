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
    "hardened": "# yaml-language-server: $schema=./schema.json\n# Hardened runtime, for images that cannot be distroless (e.g. a slim distribution with its shell\n# and package manager removed): no shell, no package manager, nothing packed out of their sight, no\n# setuid, not root, no secrets, no credentials directories.\nversion: 1\nrules:\n  no-shell: true\n  no-package-manager: true\n  # error, not true: over default (as in strict) true would keep default's warning.\n  no-packed-executable: error\n  no-setuid: true\n  non-root-user: true\n  no-secrets: true\n  forbidden-paths:\n    # Credentials are a leak even when a later layer deletes them: the earlier layer still ships them.\n    includeHidden: true\n    paths:\n      - /root/.ssh/**\n      - /home/*/.ssh/**\n      - \"**/.aws/**\"\n      - \"**/.docker/config.json\"\n      - \"**/.kube/config\"\n      - \"**/.git-credentials\"\n",
    "oci-labels": "# yaml-language-server: $schema=./schema.json\n# Provenance labels that let people and scanners trace an image back to its source.\nversion: 1\nrules:\n  required-labels:\n    - org.opencontainers.image.source\n    - org.opencontainers.image.revision\n",
    "strict": "# yaml-language-server: $schema=./schema.json\n# Everything: the default checks, the hardened runtime, provenance labels and tighter size ceilings.\n# Left out: required-paths (no path is required by every image: add your own) and attestations\n# (a classic-store docker save carries none: turn it on where the image comes from an index).\nversion: 1\nextends: [default, hardened, oci-labels]\nrules:\n  size:\n    max: 200MB\n    maxLayers: 20\n    maxFile: 100MB\n    maxWasted: 10MB\n"
};
/** The same, parsed and checked against the schema at build time (src/policy/compiled.ts). */
const COMPILED_POLICIES = {
    "default": { "value": { "version": 1, "rules": { "size": { "max": "500MB" }, "no-shell": true, "no-package-manager": true, "distroless": true, "no-packed-executable": "warning" } }, "positions": { "v": [3, 1], "m": { "version": { "k": [3, 1], "v": [3, 10] }, "rules": { "k": [4, 1], "v": [8, 3], "m": { "size": { "k": [8, 3], "v": [9, 5], "m": { "max": { "k": [9, 5], "v": [9, 10] } } }, "no-shell": { "k": [10, 3], "v": [10, 13] }, "no-package-manager": { "k": [11, 3], "v": [11, 23] }, "distroless": { "k": [12, 3], "v": [12, 15] }, "no-packed-executable": { "k": [15, 3], "v": [15, 25] } } } } } },
    "hardened": { "value": { "version": 1, "rules": { "no-shell": true, "no-package-manager": true, "no-packed-executable": "error", "no-setuid": true, "non-root-user": true, "no-secrets": true, "forbidden-paths": { "includeHidden": true, "paths": ["/root/.ssh/**", "/home/*/.ssh/**", "**/.aws/**", "**/.docker/config.json", "**/.kube/config", "**/.git-credentials"] } } }, "positions": { "v": [5, 1], "m": { "version": { "k": [5, 1], "v": [5, 10] }, "rules": { "k": [6, 1], "v": [7, 3], "m": { "no-shell": { "k": [7, 3], "v": [7, 13] }, "no-package-manager": { "k": [8, 3], "v": [8, 23] }, "no-packed-executable": { "k": [10, 3], "v": [10, 25] }, "no-setuid": { "k": [11, 3], "v": [11, 14] }, "non-root-user": { "k": [12, 3], "v": [12, 18] }, "no-secrets": { "k": [13, 3], "v": [13, 15] }, "forbidden-paths": { "k": [14, 3], "v": [16, 5], "m": { "includeHidden": { "k": [16, 5], "v": [16, 20] }, "paths": { "k": [17, 5], "v": [18, 7], "s": [{ "v": [18, 9] }, { "v": [19, 9] }, { "v": [20, 9] }, { "v": [21, 9] }, { "v": [22, 9] }, { "v": [23, 9] }] } } } } } } } },
    "oci-labels": { "value": { "version": 1, "rules": { "required-labels": ["org.opencontainers.image.source", "org.opencontainers.image.revision"] } }, "positions": { "v": [3, 1], "m": { "version": { "k": [3, 1], "v": [3, 10] }, "rules": { "k": [4, 1], "v": [5, 3], "m": { "required-labels": { "k": [5, 3], "v": [6, 5], "s": [{ "v": [6, 7] }, { "v": [7, 7] }] } } } } } },
    "strict": { "value": { "version": 1, "extends": ["default", "hardened", "oci-labels"], "rules": { "size": { "max": "200MB", "maxLayers": 20, "maxFile": "100MB", "maxWasted": "10MB" } } }, "positions": { "v": [5, 1], "m": { "version": { "k": [5, 1], "v": [5, 10] }, "extends": { "k": [6, 1], "v": [6, 10], "s": [{ "v": [6, 11] }, { "v": [6, 20] }, { "v": [6, 30] }] }, "rules": { "k": [7, 1], "v": [8, 3], "m": { "size": { "k": [8, 3], "v": [9, 5], "m": { "max": { "k": [9, 5], "v": [9, 10] }, "maxLayers": { "k": [10, 5], "v": [10, 16] }, "maxFile": { "k": [11, 5], "v": [11, 14] }, "maxWasted": { "k": [12, 5], "v": [12, 16] } } } } } } } }
};
/** policies/schema.json as text. */
const POLICY_SCHEMA_TEXT = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"image-policy-gate policy\",\n  \"description\": \"A policy for image-policy-gate: which rules run on the image's final filesystem, with what options and severity, and which violations are waived. See the Policies section of the README.\",\n  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"$schema\": {\n      \"type\": \"string\"\n    },\n    \"version\": {\n      \"description\": \"Policy format version: 1.\",\n      \"const\": 1\n    },\n    \"allowNoRules\": {\n      \"description\": \"true lets this policy run although it (with its bases) enables no rule, so that it checks nothing and passes every image. Without it such a policy is refused.\",\n      \"type\": \"boolean\"\n    },\n    \"extends\": {\n      \"description\": \"Policies this one builds on, applied in order before its own rules: a bundled name (default, strict, hardened, oci-labels) or a path relative to this file (./base.yml).\",\n      \"anyOf\": [\n        {\n          \"$ref\": \"#/definitions/extendsItem\"\n        },\n        {\n          \"type\": \"array\",\n          \"items\": {\n            \"$ref\": \"#/definitions/extendsItem\"\n          }\n        }\n      ]\n    },\n    \"rules\": {\n      \"description\": \"Rules by id. A value is true (on, default severity), false (off), a severity (on, with that severity) or an object of options with an optional severity.\",\n      \"type\": [\n        \"object\",\n        \"null\"\n      ],\n      \"additionalProperties\": false,\n      \"properties\": {\n        \"size\": {\n          \"description\": \"Ceilings on the image size (docker image ls), compressed size, layer count, layer size, file size and wasted bytes.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"max\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Image size as docker image ls shows it: the sum of the layers' content sizes.\"\n                },\n                \"maxCompressed\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Sum of compressed layer sizes (what a registry stores); estimated when the archive holds uncompressed layers.\"\n                },\n                \"maxLayers\": {\n                  \"description\": \"Number of layers.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                },\n                \"maxLayer\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Content size of any one layer.\"\n                },\n                \"maxFile\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Size of any one file of the final filesystem.\"\n                },\n                \"maxWasted\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Bytes written by a layer and hidden by a later one (deleted or overwritten), each counted once.\"\n                },\n                \"maxGrowth\": {\n                  \"description\": \"How much the image may grow over the baseline: bytes (20MB) or a percentage of the baseline's size (10%). Needs a baseline.\",\n                  \"anyOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    },\n                    {\n                      \"type\": \"string\",\n                      \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*%\\\\s*$\"\n                    }\n                  ]\n                },\n                \"maxLayersAdded\": {\n                  \"description\": \"How many layers the image may have that the baseline does not (by diff ID). Needs a baseline.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                }\n              }\n            }\n          ]\n        },\n        \"no-shell\": {\n          \"description\": \"No shell reachable by any name, and no BusyBox/toybox providing one.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept (e.g. /busybox/** for a debug variant).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-package-manager\": {\n          \"description\": \"No package-manager executable and no multi-call binary with package-manager applets.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"managers\": {\n                  \"description\": \"Executable names or groups to look for: os (the default: apk, dpkg, apt, rpm, dnf, yum, \\u2026), language (pip, npm, gem, \\u2026), or any name.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"distroless\": {\n          \"description\": \"No shell, no package manager, and a distroless family or an allowed base image.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Families accepted (default: all).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"enum\": [\n                      \"distroless\",\n                      \"chainguard\",\n                      \"chiseled\",\n                      \"scratch\"\n                    ]\n                  }\n                },\n                \"baseImages\": {\n                  \"description\": \"Globs matched against the org.opencontainers.image.base.name label or annotation; a match is accepted as distroless.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-packed-executable\": {\n          \"description\": \"No packed executables (UPX, AppImage, a self-unpacking shape): their content cannot be inspected for a shell or a package manager.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-setuid\": {\n          \"description\": \"No setuid or setgid files.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"non-root-user\": {\n          \"description\": \"The image config's User is not root (resolved through the image's /etc/passwd).\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-secrets\": {\n          \"description\": \"No private keys, credentials, .env files or .git directories.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"forbidden-paths\": {\n          \"description\": \"No path matches these globs. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Globs of forbidden paths.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                },\n                \"includeHidden\": {\n                  \"description\": \"Also files a later layer deleted or overwrote, which the image still ships (default false).\",\n                  \"type\": \"boolean\"\n                }\n              }\n            },\n            {\n              \"description\": \"Globs of forbidden paths.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-paths\": {\n          \"description\": \"Each path exists, each glob matches. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Paths or globs that must exist.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Paths or globs that must exist.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-labels\": {\n          \"description\": \"Each label is set and non-empty. A list is short for { labels: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"labels\": {\n                  \"description\": \"Label names.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Label names.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"type\": \"string\",\n                \"minLength\": 1\n              }\n            }\n          ]\n        },\n        \"attestations\": {\n          \"description\": \"Each platform's image has these build attestations in its index (buildx). A list is short for { require: [...] }; true requires both.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"require\": {\n                  \"description\": \"provenance (SLSA), sbom (SPDX or CycloneDX).\",\n                  \"type\": \"array\",\n                  \"minItems\": 1,\n                  \"items\": {\n                    \"enum\": [\"provenance\", \"sbom\"]\n                  }\n                }\n              }\n            },\n            {\n              \"type\": \"array\",\n              \"minItems\": 1,\n              \"items\": {\n                \"enum\": [\"provenance\", \"sbom\"]\n              }\n            }\n          ]\n        }\n      }\n    },\n    \"waivers\": {\n      \"description\": \"Accepted violations. A waived violation is still reported, marked waived, and never fails the gate. Past its expiry a waiver stops waiving and is itself reported (expired-waiver).\",\n      \"type\": [\n        \"array\",\n        \"null\"\n      ],\n      \"items\": {\n        \"type\": \"object\",\n        \"additionalProperties\": false,\n        \"required\": [\n          \"rule\",\n          \"reason\",\n          \"expires\"\n        ],\n        \"properties\": {\n          \"rule\": {\n            \"description\": \"Rule id the waiver applies to.\",\n            \"enum\": [\n              \"size\",\n              \"no-shell\",\n              \"no-package-manager\",\n              \"distroless\",\n              \"no-packed-executable\",\n              \"no-setuid\",\n              \"non-root-user\",\n              \"no-secrets\",\n              \"forbidden-paths\",\n              \"required-paths\",\n              \"required-labels\",\n              \"attestations\"\n            ]\n          },\n          \"path\": {\n            \"$ref\": \"#/definitions/glob\"\n          },\n          \"reason\": {\n            \"description\": \"Why this is accepted (ticket, owner).\",\n            \"type\": \"string\",\n            \"minLength\": 1,\n            \"pattern\": \"\\\\S\"\n          },\n          \"expires\": {\n            \"$ref\": \"#/definitions/date\"\n          }\n        }\n      }\n    }\n  },\n  \"definitions\": {\n    \"severity\": {\n      \"description\": \"error fails the gate by default; warning and notice are reported (fail-on decides).\",\n      \"enum\": [\n        \"error\",\n        \"warning\",\n        \"notice\"\n      ]\n    },\n    \"size\": {\n      \"description\": \"Bytes, or a number with B, kB, MB, GB (1000) or KiB, MiB, GiB (1024).\",\n      \"anyOf\": [\n        {\n          \"type\": \"integer\",\n          \"minimum\": 0\n        },\n        {\n          \"type\": \"string\",\n          \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*(B|kB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\\\s*$\"\n        }\n      ]\n    },\n    \"glob\": {\n      \"description\": \"Glob over absolute paths inside the image (picomatch syntax; ** crosses directories; dotfiles match).\",\n      \"type\": \"string\",\n      \"minLength\": 1\n    },\n    \"date\": {\n      \"description\": \"A date, YYYY-MM-DD; the waiver holds through the end of that day (UTC).\",\n      \"type\": \"string\",\n      \"pattern\": \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"\n    },\n    \"extendsItem\": {\n      \"type\": \"string\",\n      \"minLength\": 1\n    }\n  }\n}\n";

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
    const ships = hidden
        ? `it ships in layer ${layer} even though layer ${hidden.hiddenBy} ${hidden.reason === 'deleted' ? 'deletes' : 'hides'} it`
        : `it ships in layer ${layer}`;
    return {
        text: `Rotate this credential and rebuild without ${path}: ${ships}, readable by anyone who can pull the image; ${SECRET_ADVICE}.`,
        inLayer: { kind: 'leave-out' },
        ...(hidden ? { layers: [hidden.hiddenBy] } : {})
    };
}
function gitFix(path, layer, hidden) {
    return {
        text: `Keep ${path} out of the image (.dockerignore: .git)${hidden ? `: deleting it in layer ${hidden.hiddenBy} leaves it in layer ${layer}` : ''}; rotate any credential its history holds.`,
        inLayer: { kind: 'leave-out' },
        ...(hidden ? { layers: [hidden.hiddenBy] } : {})
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
                            text: `Keep ${copy.path} out of layer ${copy.layerIndex}: deleting it in layer ${copy.hiddenBy} leaves it in the image. The policy forbids "${glob.pattern}".`,
                            inLayer: { kind: 'leave-out' },
                            layers: [copy.hiddenBy]
                        }
                    });
                }
                return findings;
            }
        };
    }
};

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

const requiredLabels = {
    doc: {
        id: 'required-labels',
        title: 'Required labels',
        description: 'Every listed label is set, non-empty, in the image config (e.g. org.opencontainers.image.source).',
        defaultSeverity: 'error'
    },
    listOption: 'labels',
    example: `required-labels: ["org.opencontainers.image.source", "org.opencontainers.image.revision"]`,
    configure(options) {
        const labels = options.strings('labels') ?? [];
        if (labels.length === 0)
            options.fail('labels', 'required-labels needs a list of label names');
        return {
            run(image) {
                return labels
                    .filter((label) => (image.config.labels[label] ?? '').trim() === '')
                    .map((label) => ({
                    message: label in image.config.labels ? `label ${label} is empty` : `label ${label} is missing`,
                    label,
                    fix: labelFix(label)
                }));
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
function labelFix(label) {
    const known = OCI_VALUES[label];
    const metadata = label.startsWith('org.opencontainers.image.')
        ? "; in GitHub Actions, docker/metadata-action's `labels` output given to docker/build-push-action sets it"
        : '';
    return {
        text: `Set the label ${label}${known?.arg ? ` from a build arg (--build-arg ${known.arg}=\u2026)` : ''}${metadata}.`,
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
    nonRootUser,
    noSecrets,
    forbiddenPaths,
    requiredPaths,
    requiredLabels,
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

export { parseJson as $, verdict as A, countViolations as B, sortViolations as C, failsGate as D, conciseMessage as E, FAIL_ON_VALUES as F, capPrintable as G, describeCreatedBy as H, ImageReadError as I, normalisePath as J, baseName as K, LimitError as L, parentPath as M, MissingBlobError as N, OS_PACKAGE_MANAGERS as O, PolicyError as P, expectObject as Q, RULES as R, SEVERITIES as S, isObject as T, UserError as U, optionalArray as V, optionalString as W, optionalStringArray as X, optionalStringMap as Y, joinPath as Z, requiredString as _, isBundledPolicy as a, parsePlatformChoice as a0, platformMatches as a1, readAttestations as a2, RegistryError as a3, SocketReads as a4, HttpResponse as a5, isLoopback as a6, parseReference as a7, evaluate as a8, OS_RELEASE_PATHS as a9, baselineForPlatform as aa, EXPIRED_WAIVER as ab, waiverLine as ac, suggestedExpiry as ad, globForPath as ae, REASON_PLACEHOLDER as af, groupByRule as ag, findRule as ah, COMPILED_POLICIES as ai, RULE_MODULES as aj, readCreatedBy as ak, POLICY_SCHEMA_TEXT as al, byCodeUnit as b, checkRequest as c, dockerSave as d, errorMessage as e, fileErrorReason as f, printableName as g, readOsRelease as h, isFailOn as i, findExecutables as j, packageManagerMatcher as k, expandManagers as l, describeOs as m, printable as n, printableJson as o, printableLine as p, formatSize as q, resolveSource as r, shellMatcher as s, plural as t, truncate as u, describeMultiCall as v, worstVerdict as w, imageRequest as x, compareViolations as y, severityRank as z };
