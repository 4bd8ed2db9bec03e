import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { homedir } from 'node:os';
import { request } from 'node:http';
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

// Generated by policies/embed.mjs from policies/*.yml and policies/schema.json. Do not edit.
/** Bundled policies by name (`extends: [default]`), as YAML text. */
const BUNDLED_POLICIES = {
    "default": "# yaml-language-server: $schema=./schema.json\n# The default policy: the four checks image-policy-gate exists for, and a warning for files they cannot see into.\nversion: 1\nrules:\n  # 500 MB (as `docker image ls` shows it) leaves room for a language runtime and its dependencies\n  # (node:slim or python:slim apps are 150-400 MB) while catching accidents such as a build cache,\n  # dev dependencies or a toolchain left in the final stage. A distroless app is usually under 100 MB.\n  size:\n    max: 500MB\n  no-shell: true\n  no-package-manager: true\n  distroless: true\n  # A packed executable (UPX, \u2026) hides what it unpacks to, a shell included, from no-shell: reported, not\n  # failing, because some teams pack their own static binaries to save space. hardened and strict fail it.\n  no-packed-executable: warning\n",
    "hardened": "# yaml-language-server: $schema=./schema.json\n# Hardened runtime, for images that cannot be distroless (e.g. a slim distribution with its shell\n# and package manager removed): no shell, no package manager, nothing packed out of their sight, no\n# setuid, not root, no secrets, no credentials directories.\nversion: 1\nrules:\n  no-shell: true\n  no-package-manager: true\n  # error, not true: over default (as in strict) true would keep default's warning.\n  no-packed-executable: error\n  no-setuid: true\n  non-root-user: true\n  no-secrets: true\n  forbidden-paths:\n    # Credentials are a leak even when a later layer deletes them: the earlier layer still ships them.\n    includeHidden: true\n    paths:\n      - /root/.ssh/**\n      - /home/*/.ssh/**\n      - \"**/.aws/**\"\n      - \"**/.docker/config.json\"\n      - \"**/.kube/config\"\n      - \"**/.git-credentials\"\n",
    "oci-labels": "# yaml-language-server: $schema=./schema.json\n# Provenance labels that let people and scanners trace an image back to its source.\nversion: 1\nrules:\n  required-labels:\n    - org.opencontainers.image.source\n    - org.opencontainers.image.revision\n",
    "strict": "# yaml-language-server: $schema=./schema.json\n# Everything: the default checks, the hardened runtime, provenance labels and tighter size ceilings.\n# required-paths is the one rule left out: no path is required by every image (add your own).\nversion: 1\nextends: [default, hardened, oci-labels]\nrules:\n  size:\n    max: 200MB\n    maxLayers: 20\n    maxFile: 100MB\n    maxWasted: 10MB\n"
};
/** policies/schema.json as text. */
const POLICY_SCHEMA_TEXT = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"image-policy-gate policy\",\n  \"description\": \"A policy for image-policy-gate: which rules run on the image's final filesystem, with what options and severity, and which violations are waived. See the Policies section of the README.\",\n  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"$schema\": {\n      \"type\": \"string\"\n    },\n    \"version\": {\n      \"description\": \"Policy format version: 1.\",\n      \"const\": 1\n    },\n    \"allowNoRules\": {\n      \"description\": \"true lets this policy run although it (with its bases) enables no rule, so that it checks nothing and passes every image. Without it such a policy is refused.\",\n      \"type\": \"boolean\"\n    },\n    \"extends\": {\n      \"description\": \"Policies this one builds on, applied in order before its own rules: a bundled name (default, strict, hardened, oci-labels) or a path relative to this file (./base.yml).\",\n      \"anyOf\": [\n        {\n          \"$ref\": \"#/definitions/extendsItem\"\n        },\n        {\n          \"type\": \"array\",\n          \"items\": {\n            \"$ref\": \"#/definitions/extendsItem\"\n          }\n        }\n      ]\n    },\n    \"rules\": {\n      \"description\": \"Rules by id. A value is true (on, default severity), false (off), a severity (on, with that severity) or an object of options with an optional severity.\",\n      \"type\": [\n        \"object\",\n        \"null\"\n      ],\n      \"additionalProperties\": false,\n      \"properties\": {\n        \"size\": {\n          \"description\": \"Ceilings on the image size (docker image ls), compressed size, layer count, layer size, file size and wasted bytes.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"max\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Image size as docker image ls shows it: the sum of the layers' content sizes.\"\n                },\n                \"maxCompressed\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Sum of compressed layer sizes (what a registry stores); estimated when the archive holds uncompressed layers.\"\n                },\n                \"maxLayers\": {\n                  \"description\": \"Number of layers.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                },\n                \"maxLayer\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Content size of any one layer.\"\n                },\n                \"maxFile\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Size of any one file of the final filesystem.\"\n                },\n                \"maxWasted\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Bytes written by a layer and hidden by a later one (deleted or overwritten), each counted once.\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-shell\": {\n          \"description\": \"No shell reachable by any name, and no BusyBox/toybox providing one.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept (e.g. /busybox/** for a debug variant).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-package-manager\": {\n          \"description\": \"No package-manager executable and no multi-call binary with package-manager applets.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"managers\": {\n                  \"description\": \"Executable names or groups to look for: os (the default: apk, dpkg, apt, rpm, dnf, yum, \\u2026), language (pip, npm, gem, \\u2026), or any name.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"distroless\": {\n          \"description\": \"No shell, no package manager, and a distroless family or an allowed base image.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Families accepted (default: all).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"enum\": [\n                      \"distroless\",\n                      \"chainguard\",\n                      \"chiseled\",\n                      \"scratch\"\n                    ]\n                  }\n                },\n                \"baseImages\": {\n                  \"description\": \"Globs matched against the org.opencontainers.image.base.name label or annotation; a match is accepted as distroless.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-packed-executable\": {\n          \"description\": \"No packed executables (UPX, AppImage, a self-unpacking shape): their content cannot be inspected for a shell or a package manager.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-setuid\": {\n          \"description\": \"No setuid or setgid files.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"non-root-user\": {\n          \"description\": \"The image config's User is not root (resolved through the image's /etc/passwd).\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-secrets\": {\n          \"description\": \"No private keys, credentials, .env files or .git directories.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"forbidden-paths\": {\n          \"description\": \"No path matches these globs. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Globs of forbidden paths.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                },\n                \"includeHidden\": {\n                  \"description\": \"Also files a later layer deleted or overwrote, which the image still ships (default false).\",\n                  \"type\": \"boolean\"\n                }\n              }\n            },\n            {\n              \"description\": \"Globs of forbidden paths.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-paths\": {\n          \"description\": \"Each path exists, each glob matches. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Paths or globs that must exist.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Paths or globs that must exist.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-labels\": {\n          \"description\": \"Each label is set and non-empty. A list is short for { labels: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"labels\": {\n                  \"description\": \"Label names.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Label names.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"type\": \"string\",\n                \"minLength\": 1\n              }\n            }\n          ]\n        }\n      }\n    },\n    \"waivers\": {\n      \"description\": \"Accepted violations. A waived violation is still reported, marked waived, and never fails the gate. Past its expiry a waiver stops waiving and is itself reported (expired-waiver).\",\n      \"type\": [\n        \"array\",\n        \"null\"\n      ],\n      \"items\": {\n        \"type\": \"object\",\n        \"additionalProperties\": false,\n        \"required\": [\n          \"rule\",\n          \"reason\",\n          \"expires\"\n        ],\n        \"properties\": {\n          \"rule\": {\n            \"description\": \"Rule id the waiver applies to.\",\n            \"enum\": [\n              \"size\",\n              \"no-shell\",\n              \"no-package-manager\",\n              \"distroless\",\n              \"no-packed-executable\",\n              \"no-setuid\",\n              \"non-root-user\",\n              \"no-secrets\",\n              \"forbidden-paths\",\n              \"required-paths\",\n              \"required-labels\"\n            ]\n          },\n          \"path\": {\n            \"$ref\": \"#/definitions/glob\"\n          },\n          \"reason\": {\n            \"description\": \"Why this is accepted (ticket, owner).\",\n            \"type\": \"string\",\n            \"minLength\": 1,\n            \"pattern\": \"\\\\S\"\n          },\n          \"expires\": {\n            \"$ref\": \"#/definitions/date\"\n          }\n        }\n      }\n    }\n  },\n  \"definitions\": {\n    \"severity\": {\n      \"description\": \"error fails the gate by default; warning and notice are reported (fail-on decides).\",\n      \"enum\": [\n        \"error\",\n        \"warning\",\n        \"notice\"\n      ]\n    },\n    \"size\": {\n      \"description\": \"Bytes, or a number with B, kB, MB, GB (1000) or KiB, MiB, GiB (1024).\",\n      \"anyOf\": [\n        {\n          \"type\": \"integer\",\n          \"minimum\": 0\n        },\n        {\n          \"type\": \"string\",\n          \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*(B|kB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\\\s*$\"\n        }\n      ]\n    },\n    \"glob\": {\n      \"description\": \"Glob over absolute paths inside the image (picomatch syntax; ** crosses directories; dotfiles match).\",\n      \"type\": \"string\",\n      \"minLength\": 1\n    },\n    \"date\": {\n      \"description\": \"A date, YYYY-MM-DD; the waiver holds through the end of that day (UTC).\",\n      \"type\": \"string\",\n      \"pattern\": \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"\n    },\n    \"extendsItem\": {\n      \"type\": \"string\",\n      \"minLength\": 1\n    }\n  }\n}\n";

// What one check is asked to do, built the same way from the action's inputs and the CLI's flags (as
// build-push-action's context.ts turns inputs into one typed object): the image's source, the policy by
// name or path, the Dockerfile read, the platform checked. Small on purpose: the action builds it before
// it asks the engine for the image and before the reader loads.
/** Checks the settings and reads the Dockerfile: every mistake fails here, before any image is read. */
async function checkRequest(settings, base, names) {
    const { policy, dockerfile } = settings;
    return {
        ...imageRequest(settings, base, names),
        ...(policy ? { policyPath: policyPath(policy, base) } : {}),
        ...(dockerfile ? { dockerfile: await readDockerfile(dockerfile, base, names) } : {}),
        verifyDigests: settings.verifyDigests,
        failOn: settings.failOn
    };
}
/** Which image, from where, for which platform: the part of a request that `inspect` asks too. */
function imageRequest({ archive, image, platform }, base, names) {
    if (archive === undefined && image === undefined)
        throw new UserError(names.noSource);
    const source = archive === '-' && names.stdin
        ? { kind: 'stdin' }
        : archive !== undefined
            ? { kind: 'file', path: path.resolve(base, archive) }
            : { kind: 'docker', reference: image ?? '' };
    if (platform !== undefined)
        parsePlatform(platform, names.platform);
    return {
        source,
        ...(archive !== undefined && image !== undefined ? { image } : {}),
        ...(platform ? { platform } : {})
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

// One HTTP/1.1 response read by hand, pushed a read at a time: the head is parsed, then the body is
// handed back as views of each read (de-chunked when `Transfer-Encoding: chunked`: one view per chunk,
// never joined), so a body of gigabytes costs no copy and no garbage. Node's HTTP client hands a body
// over in fresh pieces of its own (docs/benchmarks.md: slower than the docker CLI for `docker save`).
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 1024;
class HttpResponse {
    peer;
    /** Nothing of the response has arrived yet. */
    before = true;
    /** The head has been read: `status` and `headers` hold it. */
    headRead = false;
    /** The whole body has arrived (by its length, its last chunk, or an empty body). */
    finished = false;
    status = 0;
    head = Buffer.alloc(0);
    chunked = false;
    /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
    remaining = -1;
    state = 'size';
    sizeLine = '';
    /** @param peer who answers, for messages ("the engine") */
    constructor(peer) {
        this.peer = peer;
    }
    /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
    push(read) {
        this.before = false;
        let bytes = read;
        if (this.head) {
            const head = Buffer.concat([this.head, read]);
            const end = head.indexOf('\r\n\r\n');
            if (end < 0) {
                if (head.length > MAX_HEAD_BYTES)
                    throw new Error(`${this.peer} sent an endless response head`);
                this.head = head;
                return [];
            }
            this.head = undefined;
            this.readHead(head.toString('latin1', 0, end));
            bytes = head.subarray(end + 4);
        }
        return this.chunked ? this.dechunk(bytes) : this.plain(bytes);
    }
    /** At the end of the connection: throws when the answer or its body was cut short. */
    end() {
        if (this.head)
            throw new Error(`${this.peer} closed the connection without an answer`);
        if (!this.finished && (this.chunked || this.remaining >= 0))
            throw new Error(`${this.peer} stopped sending`);
    }
    readHead(text) {
        const lines = text.split('\r\n');
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
        if (!status)
            throw new Error(`${this.peer} answered "${(lines[0] ?? '').slice(0, 80)}"`);
        this.status = Number(status[1]);
        this.headRead = true;
        for (const line of lines.slice(1)) {
            const colon = line.indexOf(':');
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            if (name === 'transfer-encoding' && /chunked/i.test(value))
                this.chunked = true;
            if (name === 'content-length')
                this.remaining = Number(value);
        }
        if (!this.chunked && this.remaining === 0)
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
        if (this.sizeLine.length + line.length > MAX_CHUNK_LINE)
            throw new Error(`${this.peer} sent a malformed chunk`);
        this.sizeLine += line;
        if (newline < 0)
            return bytes.length;
        const text = this.sizeLine.trim();
        this.sizeLine = '';
        if (this.state === 'trailer') {
            if (text === '')
                this.finished = true;
            return newline + 1;
        }
        const size = Number.parseInt(text.split(';')[0], 16);
        if (!Number.isSafeInteger(size) || size < 0)
            throw new Error(`${this.peer} sent a malformed chunk`);
        this.remaining = size;
        this.state = size === 0 ? 'trailer' : 'data';
        return newline + 1;
    }
}

/** The engine writes 32 KiB chunks; a read takes whatever has arrived, up to this. */
const READ_BUFFER_BYTES = 1 << 20;
class SocketReads {
    socket;
    /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
    ready;
    ended = false;
    /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
    failure;
    wake;
    /** @param connect opens the socket with the `onread` given (`net.connect({ path, onread })`) */
    constructor(connect) {
        const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
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
    write(request) {
        this.socket.write(request);
    }
    /** The next read, or undefined at the end of the connection. */
    async next() {
        if (!this.ready && !this.failure && !this.ended) {
            await new Promise((resolve) => {
                this.wake = resolve;
                this.socket.resume();
            });
        }
        if (this.failure)
            throw this.failure;
        const read = this.ready;
        this.ready = undefined;
        return read;
    }
    destroy() {
        this.socket.destroy();
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
// views of it (http-response.ts): joining the engine's chunks per read, or a fresh buffer per read, took
// CPU from an engine that needs both cores while it sends (docs/benchmarks.md). Whatever cannot be
// reached this way is left to the CLI.
const DEFAULT_SOCKET = '/var/run/docker.sock';
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK']);
const MAX_ERROR_BODY_BYTES = 64 * 1024;
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
    const reads = new SocketReads((onread) => connect({ path: socket, onread }));
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

/** Ordered worst first. */
const SEVERITIES = ['error', 'warning', 'notice'];

// The order of paths and names in evaluations and reports: by UTF-16 code unit, the same on every
// machine. localeCompare would follow the runner's locale, and its first call spends ~10 ms setting up
// ICU's collator, on every run.
function byCodeUnit(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
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
        const sorted = [...list].sort((a, b) => Number(Boolean(a.waived)) - Number(Boolean(b.waived)) ||
            severityRank(a.severity) - severityRank(b.severity) ||
            byCodeUnit(a.path ?? '', b.path ?? ''));
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
function failsGate(violation, failOn) {
    if (failOn === 'never' || violation.waived)
        return false;
    return severityRank(violation.severity) <= severityRank(failOn);
}
function verdict(evaluation, failOn) {
    return evaluation.violations.some((v) => failsGate(v, failOn)) ? 'fail' : 'pass';
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

<<<<<<<< HEAD:dist/chunk-resolve.js
// Generated by policies/embed.mjs from policies/*.yml and policies/schema.json. Do not edit.
/** Bundled policies by name (`extends: [default]`), as YAML text. */
const BUNDLED_POLICIES = {
    "default": "# yaml-language-server: $schema=./schema.json\n# The default policy: the four checks image-policy-gate exists for, and a warning for files they cannot see into.\nversion: 1\nrules:\n  # 500 MB (as `docker image ls` shows it) leaves room for a language runtime and its dependencies\n  # (node:slim or python:slim apps are 150-400 MB) while catching accidents such as a build cache,\n  # dev dependencies or a toolchain left in the final stage. A distroless app is usually under 100 MB.\n  size:\n    max: 500MB\n  no-shell: true\n  no-package-manager: true\n  distroless: true\n  # A packed executable (UPX, \u2026) hides what it unpacks to, a shell included, from no-shell: reported, not\n  # failing, because some teams pack their own static binaries to save space. hardened and strict fail it.\n  no-packed-executable: warning\n",
    "hardened": "# yaml-language-server: $schema=./schema.json\n# Hardened runtime, for images that cannot be distroless (e.g. a slim distribution with its shell\n# and package manager removed): no shell, no package manager, nothing packed out of their sight, no\n# setuid, not root, no secrets, no credentials directories.\nversion: 1\nrules:\n  no-shell: true\n  no-package-manager: true\n  # error, not true: over default (as in strict) true would keep default's warning.\n  no-packed-executable: error\n  no-setuid: true\n  non-root-user: true\n  no-secrets: true\n  forbidden-paths:\n    # Credentials are a leak even when a later layer deletes them: the earlier layer still ships them.\n    includeHidden: true\n    paths:\n      - /root/.ssh/**\n      - /home/*/.ssh/**\n      - \"**/.aws/**\"\n      - \"**/.docker/config.json\"\n      - \"**/.kube/config\"\n      - \"**/.git-credentials\"\n",
    "oci-labels": "# yaml-language-server: $schema=./schema.json\n# Provenance labels that let people and scanners trace an image back to its source.\nversion: 1\nrules:\n  required-labels:\n    - org.opencontainers.image.source\n    - org.opencontainers.image.revision\n",
    "strict": "# yaml-language-server: $schema=./schema.json\n# Everything: the default checks, the hardened runtime, provenance labels and tighter size ceilings.\n# required-paths is the one rule left out: no path is required by every image (add your own).\nversion: 1\nextends: [default, hardened, oci-labels]\nrules:\n  size:\n    max: 200MB\n    maxLayers: 20\n    maxFile: 100MB\n    maxWasted: 10MB\n"
};
/** policies/schema.json as text. */
const POLICY_SCHEMA_TEXT = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"image-policy-gate policy\",\n  \"description\": \"A policy for image-policy-gate: which rules run on the image's final filesystem, with what options and severity, and which violations are waived. See the Policies section of the README.\",\n  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"$schema\": {\n      \"type\": \"string\"\n    },\n    \"version\": {\n      \"description\": \"Policy format version: 1.\",\n      \"const\": 1\n    },\n    \"allowNoRules\": {\n      \"description\": \"true lets this policy run although it (with its bases) enables no rule, so that it checks nothing and passes every image. Without it such a policy is refused.\",\n      \"type\": \"boolean\"\n    },\n    \"extends\": {\n      \"description\": \"Policies this one builds on, applied in order before its own rules: a bundled name (default, strict, hardened, oci-labels) or a path relative to this file (./base.yml).\",\n      \"anyOf\": [\n        {\n          \"$ref\": \"#/definitions/extendsItem\"\n        },\n        {\n          \"type\": \"array\",\n          \"items\": {\n            \"$ref\": \"#/definitions/extendsItem\"\n          }\n        }\n      ]\n    },\n    \"rules\": {\n      \"description\": \"Rules by id. A value is true (on, default severity), false (off), a severity (on, with that severity) or an object of options with an optional severity.\",\n      \"type\": [\n        \"object\",\n        \"null\"\n      ],\n      \"additionalProperties\": false,\n      \"properties\": {\n        \"size\": {\n          \"description\": \"Ceilings on the image size (docker image ls), compressed size, layer count, layer size, file size and wasted bytes.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"max\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Image size as docker image ls shows it: the sum of the layers' content sizes.\"\n                },\n                \"maxCompressed\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Sum of compressed layer sizes (what a registry stores); estimated when the archive holds uncompressed layers.\"\n                },\n                \"maxLayers\": {\n                  \"description\": \"Number of layers.\",\n                  \"type\": \"integer\",\n                  \"minimum\": 0\n                },\n                \"maxLayer\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Content size of any one layer.\"\n                },\n                \"maxFile\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Size of any one file of the final filesystem.\"\n                },\n                \"maxWasted\": {\n                  \"allOf\": [\n                    {\n                      \"$ref\": \"#/definitions/size\"\n                    }\n                  ],\n                  \"description\": \"Bytes written by a layer and hidden by a later one (deleted or overwritten), each counted once.\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-shell\": {\n          \"description\": \"No shell reachable by any name, and no BusyBox/toybox providing one.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept (e.g. /busybox/** for a debug variant).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-package-manager\": {\n          \"description\": \"No package-manager executable and no multi-call binary with package-manager applets.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"managers\": {\n                  \"description\": \"Executable names or groups to look for: os (the default: apk, dpkg, apt, rpm, dnf, yum, \\u2026), language (pip, npm, gem, \\u2026), or any name.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"distroless\": {\n          \"description\": \"No shell, no package manager, and a distroless family or an allowed base image.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Families accepted (default: all).\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"enum\": [\n                      \"distroless\",\n                      \"chainguard\",\n                      \"chiseled\",\n                      \"scratch\"\n                    ]\n                  }\n                },\n                \"baseImages\": {\n                  \"description\": \"Globs matched against the org.opencontainers.image.base.name label or annotation; a match is accepted as distroless.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-packed-executable\": {\n          \"description\": \"No packed executables (UPX, AppImage, a self-unpacking shape): their content cannot be inspected for a shell or a package manager.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"no-setuid\": {\n          \"description\": \"No setuid or setgid files.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of real file paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"non-root-user\": {\n          \"description\": \"The image config's User is not root (resolved through the image's /etc/passwd).\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                }\n              }\n            }\n          ]\n        },\n        \"no-secrets\": {\n          \"description\": \"No private keys, credentials, .env files or .git directories.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"allow\": {\n                  \"description\": \"Globs of paths to accept.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            }\n          ]\n        },\n        \"forbidden-paths\": {\n          \"description\": \"No path matches these globs. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Globs of forbidden paths.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                },\n                \"includeHidden\": {\n                  \"description\": \"Also files a later layer deleted or overwrote, which the image still ships (default false).\",\n                  \"type\": \"boolean\"\n                }\n              }\n            },\n            {\n              \"description\": \"Globs of forbidden paths.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-paths\": {\n          \"description\": \"Each path exists, each glob matches. A list is short for { paths: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"paths\": {\n                  \"description\": \"Paths or globs that must exist.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"$ref\": \"#/definitions/glob\"\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Paths or globs that must exist.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"$ref\": \"#/definitions/glob\"\n              }\n            }\n          ]\n        },\n        \"required-labels\": {\n          \"description\": \"Each label is set and non-empty. A list is short for { labels: [...] }.\",\n          \"anyOf\": [\n            {\n              \"type\": \"boolean\"\n            },\n            {\n              \"$ref\": \"#/definitions/severity\"\n            },\n            {\n              \"type\": \"object\",\n              \"additionalProperties\": false,\n              \"properties\": {\n                \"severity\": {\n                  \"$ref\": \"#/definitions/severity\"\n                },\n                \"labels\": {\n                  \"description\": \"Label names.\",\n                  \"type\": \"array\",\n                  \"items\": {\n                    \"type\": \"string\",\n                    \"minLength\": 1\n                  }\n                }\n              }\n            },\n            {\n              \"description\": \"Label names.\",\n              \"type\": \"array\",\n              \"items\": {\n                \"type\": \"string\",\n                \"minLength\": 1\n              }\n            }\n          ]\n        }\n      }\n    },\n    \"waivers\": {\n      \"description\": \"Accepted violations. A waived violation is still reported, marked waived, and never fails the gate. Past its expiry a waiver stops waiving and is itself reported (expired-waiver).\",\n      \"type\": [\n        \"array\",\n        \"null\"\n      ],\n      \"items\": {\n        \"type\": \"object\",\n        \"additionalProperties\": false,\n        \"required\": [\n          \"rule\",\n          \"reason\",\n          \"expires\"\n        ],\n        \"properties\": {\n          \"rule\": {\n            \"description\": \"Rule id the waiver applies to.\",\n            \"enum\": [\n              \"size\",\n              \"no-shell\",\n              \"no-package-manager\",\n              \"distroless\",\n              \"no-packed-executable\",\n              \"no-setuid\",\n              \"non-root-user\",\n              \"no-secrets\",\n              \"forbidden-paths\",\n              \"required-paths\",\n              \"required-labels\"\n            ]\n          },\n          \"path\": {\n            \"$ref\": \"#/definitions/glob\"\n          },\n          \"reason\": {\n            \"description\": \"Why this is accepted (ticket, owner).\",\n            \"type\": \"string\",\n            \"minLength\": 1,\n            \"pattern\": \"\\\\S\"\n          },\n          \"expires\": {\n            \"$ref\": \"#/definitions/date\"\n          }\n        }\n      }\n    }\n  },\n  \"definitions\": {\n    \"severity\": {\n      \"description\": \"error fails the gate by default; warning and notice are reported (fail-on decides).\",\n      \"enum\": [\n        \"error\",\n        \"warning\",\n        \"notice\"\n      ]\n    },\n    \"size\": {\n      \"description\": \"Bytes, or a number with B, kB, MB, GB (1000) or KiB, MiB, GiB (1024).\",\n      \"anyOf\": [\n        {\n          \"type\": \"integer\",\n          \"minimum\": 0\n        },\n        {\n          \"type\": \"string\",\n          \"pattern\": \"^\\\\s*\\\\d+(\\\\.\\\\d+)?\\\\s*(B|kB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\\\s*$\"\n        }\n      ]\n    },\n    \"glob\": {\n      \"description\": \"Glob over absolute paths inside the image (picomatch syntax; ** crosses directories; dotfiles match).\",\n      \"type\": \"string\",\n      \"minLength\": 1\n    },\n    \"date\": {\n      \"description\": \"A date, YYYY-MM-DD; the waiver holds through the end of that day (UTC).\",\n      \"type\": \"string\",\n      \"pattern\": \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"\n    },\n    \"extendsItem\": {\n      \"type\": \"string\",\n      \"minLength\": 1\n    }\n  }\n}\n";

// `docker save` straight from a local engine's API socket (GET /images/get, what the CLI itself calls).
// Through the CLI every byte is copied once more and reaches us in 64 KiB reads of a socket pair. Here
// the socket is read into one reused buffer and the HTTP/1.1 body is de-chunked into views of it: joining
// the engine's 32 KiB chunks per read cost 0.4 s on 1.1 GiB and a fresh buffer per read 0.2 s of garbage
// collection, CPU taken from an engine that needs both cores while it sends (docs/benchmarks.md). Node's
// HTTP client hands the body over in ~49,000 fresh pieces: slower than the CLI. Whatever cannot be
// reached this way is left to the CLI.
const DEFAULT_SOCKET = '/var/run/docker.sock';
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK']);
const MAX_HEAD_BYTES = 64 * 1024;
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
    exited.catch(() => undefined);
    const reads = new SocketReads(socket);
    let killed = false;
    let cli;
    reads.write(`GET /images/get?names=${encodeURIComponent(reference)} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`);
    async function* body() {
        const response = new ResponseReader();
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
 * A unix socket read one read at a time into one reused buffer (net's `onread`): the socket stops
 * reading after each read and starts again when the next is asked for, so a read stays intact until then.
 */
class SocketReads {
    socket;
    /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
    ready;
    ended = false;
    /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
    failure;
    wake;
    constructor(path) {
        const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
        const callback = (bytes) => {
            this.ready = buffer.subarray(0, bytes);
            this.wakeReader();
            return false;
        };
        this.socket = connect({ path, onread: { buffer, callback } });
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
    write(request) {
        this.socket.write(request);
    }
    /** The next read, or undefined at the end of the connection. */
    async next() {
        if (!this.ready && !this.failure && !this.ended) {
            await new Promise((resolve) => {
                this.wake = resolve;
                this.socket.resume();
            });
        }
        if (this.failure)
            throw this.failure;
        const read = this.ready;
        this.ready = undefined;
        return read;
    }
    destroy() {
        this.socket.destroy();
    }
    wakeReader() {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
}
/**
 * One HTTP/1.1 response, pushed as it arrives: the head is checked, then the body is handed back as
 * views of each read (de-chunked when `Transfer-Encoding: chunked`: one view per chunk, never joined).
 * An error status is read whole and thrown as an EngineRefusal; a body cut short is an error at `end()`.
 */
class ResponseReader {
    /** Nothing of the response has arrived yet. */
    before = true;
    finished = false;
    head = Buffer.alloc(0);
    status = 0;
    chunked = false;
    /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
    remaining = -1;
    state = 'size';
    sizeLine = '';
    errorBody = [];
    errorBytes = 0;
    /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
    push(read) {
        this.before = false;
        let bytes = read;
        if (this.head) {
            const head = Buffer.concat([this.head, read]);
            const end = head.indexOf('\r\n\r\n');
            if (end < 0) {
                if (head.length > MAX_HEAD_BYTES)
                    throw new Error('the engine sent an endless response head');
                this.head = head;
                return [];
            }
            this.head = undefined;
            this.readHead(head.toString('latin1', 0, end));
            bytes = head.subarray(end + 4);
        }
        const body = this.chunked ? this.dechunk(bytes) : this.plain(bytes);
        if (this.status === 200)
            return body;
        for (const piece of body) {
            // A copy: the read's buffer is reused.
            if (this.errorBytes < MAX_ERROR_BODY_BYTES)
                this.errorBody.push(Buffer.from(piece));
            this.errorBytes += piece.length;
        }
        if (this.finished)
            this.refuse();
        return [];
    }
    end() {
        if (this.head)
            throw new Error('the engine closed the connection without an answer');
        if (this.status !== 200)
            this.refuse();
        if (!this.finished && (this.chunked || this.remaining >= 0))
            throw new Error('the engine stopped sending');
    }
    readHead(text) {
        const lines = text.split('\r\n');
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
        if (!status)
            throw new Error(`the engine answered "${(lines[0] ?? '').slice(0, 80)}"`);
        this.status = Number(status[1]);
        for (const line of lines.slice(1)) {
            const colon = line.indexOf(':');
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            if (name === 'transfer-encoding' && /chunked/i.test(value))
                this.chunked = true;
            if (name === 'content-length')
                this.remaining = Number(value);
        }
        if (!this.chunked && this.remaining === 0)
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
            if (this.state === 'size' || this.state === 'trailer') {
                const newline = bytes.indexOf(10, at);
                const line = bytes.toString('latin1', at, newline < 0 ? bytes.length : newline);
                if (this.sizeLine.length + line.length > 1024)
                    throw new Error('the engine sent a malformed chunk');
                this.sizeLine += line;
                if (newline < 0)
                    break;
                at = newline + 1;
                const text = this.sizeLine.trim();
                this.sizeLine = '';
                if (this.state === 'trailer') {
                    if (text === '')
                        this.finished = true;
                    continue;
                }
                const size = Number.parseInt(text.split(';')[0], 16);
                if (!Number.isSafeInteger(size) || size < 0)
                    throw new Error('the engine sent a malformed chunk');
                this.remaining = size;
                this.state = size === 0 ? 'trailer' : 'data';
            }
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
        throw new EngineRefusal(this.status, message.slice(0, 500));
    }
}

// `docker save REF` as a byte stream for the reader: no temporary archive, no shell. From a local
// engine's socket when the CLI would use one without configuration of its own (docker-engine.ts),
// otherwise through the docker CLI.
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

export { BUNDLED_POLICIES as B, FAIL_ON_VALUES as F, ImageReadError as I, LimitError as L, PolicyError as P, RegistryError as R, SEVERITIES as S, UserError as U, printable as a, byCodeUnit as b, printableJson as c, plural as d, printableLine as e, parsePlatform as f, fileErrorReason as g, errorMessage as h, isFailOn as i, dockerSave as j, countViolations as k, sortViolations as l, conciseMessage as m, groupByRule as n, failsGate as o, printableName as p, platformMatches as q, resolveSource as r, severityRank as s, truncate as t, POLICY_SCHEMA_TEXT as u, verdict as v };
========
export { BUNDLED_POLICIES as B, FAIL_ON_VALUES as F, ImageReadError as I, LimitError as L, PolicyError as P, SEVERITIES as S, UserError as U, isBundledPolicy as a, byCodeUnit as b, checkRequest as c, dockerSave as d, errorMessage as e, fileErrorReason as f, printableName as g, printable as h, isFailOn as i, printableJson as j, plural as k, imageRequest as l, countViolations as m, sortViolations as n, conciseMessage as o, printableLine as p, parsePlatform as q, platformMatches as r, severityRank as s, truncate as t, groupByRule as u, verdict as v, failsGate as w, POLICY_SCHEMA_TEXT as x };
>>>>>>>> 2c71100 (Folders by role: source/, pipeline/, action/, cli/; one ImageSource):dist/chunk-request.js
