import { resolve, basename, isAbsolute, join, dirname } from 'node:path';
import { P as PolicyError, am as parseDate, B as compileGlob, an as findRule, g as parseSize, ao as SIZE_HINT, ap as compileReferenceGlob, f as fileErrorReason, b as didYouMean, aq as COMPILED_POLICIES, ar as RULE_MODULES, as as closest } from './chunk-request.js';
import { stat, readFile } from 'node:fs/promises';

// Where keys and values of a policy file are written, and messages that start with that place. The
// positions come from the YAML parser (yaml-positions.ts) or, for the bundled policies, from the build
// (compiled.ts): this module loads neither, so a run with a bundled policy never loads the YAML parser.
/** `rules.size.max`, `waivers[0].expires`. */
function keyName(segments) {
    return (segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') ||
        '(document)');
}
class PolicyPositions {
    file;
    constructor(file) {
        this.file = file;
    }
    error(segments, message, which = 'value') {
        return policyError(this.locate(segments, which), `${keyName(segments)}: ${message}`);
    }
}
function formatLocation(location) {
    return `${location.file}:${location.line}:${location.column}`;
}
/** A PolicyError at `location`: "file:line:column: message", with the location kept for annotations. */
function policyError(location, message) {
    return new PolicyError(`${formatLocation(location)}: ${message}`, location);
}

/** YamlPositions' answers, read from the build's tree (the same fallback to the deepest ancestor). */
class CompiledPositions extends PolicyPositions {
    tree;
    constructor(file, tree) {
        super(file);
        this.tree = tree;
    }
    locate(segments, which = 'value') {
        let node = this.tree;
        let best = node.v;
        for (let i = 0; i < segments.length; i++) {
            const segment = segments[i];
            const last = i === segments.length - 1;
            if (node.m) {
                const name = String(segment);
                if (!Object.hasOwn(node.m, name))
                    break;
                node = node.m[name];
                best = last && which === 'key' ? (node.k ?? node.v) : node.v;
            }
            else if (node.s && typeof segment === 'number' && node.s[segment] !== undefined) {
                node = node.s[segment];
                best = node.v;
            }
            else
                break;
        }
        return { file: this.file, line: best[0], column: best[1] };
    }
}

const SEVERITY_VALUES = new Set(['error', 'warning', 'notice']);
function optionReader(rule, value, base, positions, shorthand) {
    const fail = (option, message, ...at) => {
        if (shorthand)
            throw positions.error([...base, ...at], message, at.length === 0 ? 'key' : 'value');
        if (!(option in value))
            throw positions.error(base, message, 'key');
        throw positions.error([...base, option, ...at], message);
    };
    const list = (option, compile) => {
        const items = value[option];
        return items?.map((item, index) => {
            const compiled = compile(item);
            return typeof compiled === 'string' ? fail(option, compiled, index) : compiled;
        });
    };
    return {
        ruleId: rule.doc.id,
        value,
        fail,
        size(option) {
            if (value[option] === undefined)
                return undefined;
            return (parseSize(value[option]) ??
                fail(option, `${JSON.stringify(value[option])} is not a size: ${SIZE_HINT}`));
        },
        integer: (option) => value[option],
        boolean: (option) => value[option],
        strings: (option) => value[option],
        globs: (option) => list(option, compileGlob),
        referenceGlobs: (option) => list(option, compileReferenceGlob)
    };
}
function parseRule(id, raw, positions) {
    const rule = findRule(id);
    if (!rule)
        throw positions.error(['rules', id], `unknown rule "${id}"`, 'key');
    const base = ['rules', id];
    const setting = {
        id,
        enabled: raw !== false,
        empty: optionReader(rule, {}, base, positions, false),
        location: positions.locate(base, 'key')
    };
    if (typeof raw === 'string' && SEVERITY_VALUES.has(raw))
        setting.severity = raw;
    else if (Array.isArray(raw))
        setting.options = optionReader(rule, { [rule.listOption ?? 'paths']: raw }, base, positions, true);
    else if (typeof raw === 'object' && raw !== null) {
        const { severity, ...rest } = raw;
        if (severity !== undefined)
            setting.severity = severity;
        setting.options = optionReader(rule, rest, base, positions, false);
    }
    // Written options are checked now, even when a later file turns the rule off.
    if (setting.options)
        rule.configure(setting.options);
    return setting;
}
function parseWaiver(raw, index, positions) {
    const at = (key) => ['waivers', index, key];
    const expiry = parseDate(raw.expires);
    if (typeof expiry === 'string')
        throw positions.error(at('expires'), expiry);
    let path;
    if (raw.path !== undefined) {
        // The schema has made it a string.
        const compiled = compileGlob(typeof raw.path === 'string' ? raw.path : JSON.stringify(raw.path));
        if (typeof compiled === 'string')
            throw positions.error(at('path'), compiled);
        path = compiled;
    }
    return {
        rule: String(raw.rule),
        path,
        reason: String(raw.reason).trim(),
        expires: expiry.text,
        expiresAt: expiry.endOfDay,
        location: positions.locate(['waivers', index], 'value')
    };
}
/** The file's settings from its document, which the schema has accepted. */
function policyFromValue(value, positions) {
    const { file } = positions;
    const policy = value;
    const refs = policy.extends === undefined ? [] : Array.isArray(policy.extends) ? policy.extends : [policy.extends];
    return {
        file,
        allowNoRules: policy.allowNoRules === true,
        rulesLocation: 'rules' in policy ? positions.locate(['rules'], 'key') : { file, line: 1, column: 1 },
        extends: refs.map((ref, index) => ({
            ref,
            location: positions.locate(Array.isArray(policy.extends) ? ['extends', index] : ['extends'])
        })),
        rules: Object.entries(policy.rules ?? {}).map(([id, raw]) => parseRule(id, raw, positions)),
        waivers: (policy.waivers ?? []).map((raw, index) => parseWaiver(raw, index, positions))
    };
}

// Reads a policy file's text: size limit, strict UTF-8, errors positioned at the offending byte.
/** Policy files are a few KiB; anything this big is a mistake (or hostile), not a policy. */
const MAX_POLICY_BYTES = 1024 * 1024;
/** 1-based line and column of a byte offset (columns count bytes). */
function bytePosition(bytes, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (bytes[i] === 0x0a) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const byte = bytes[i];
        let length;
        let min;
        if (byte < 0x80)
            length = 1;
        else if (byte >= 0xc2 && byte <= 0xdf)
            [length, min] = [2, 0x80];
        else if (byte >= 0xe0 && byte <= 0xef)
            [length, min] = [3, 0x800];
        else if (byte >= 0xf0 && byte <= 0xf4)
            [length, min] = [4, 0x10000];
        else
            return i;
        if (length > 1) {
            if (i + length > bytes.length)
                return i;
            let codePoint = byte & (0xff >> (length + 1));
            for (let j = 1; j < length; j++) {
                if ((bytes[i + j] & 0xc0) !== 0x80)
                    return i;
                codePoint = (codePoint << 6) | (bytes[i + j] & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
                return i;
        }
        i += length;
    }
    return -1;
}
/** Decodes policy bytes; `file` names the source in errors. */
function decodePolicy(bytes, file) {
    if (bytes.length > MAX_POLICY_BYTES) {
        throw policyError({ file, line: 1, column: 1 }, `policy file is ${bytes.length} bytes, over the ${MAX_POLICY_BYTES}-byte limit`);
    }
    const invalid = firstInvalidUtf8(bytes);
    if (invalid >= 0) {
        const hex = bytes[invalid].toString(16).padStart(2, '0');
        throw policyError({ file, ...bytePosition(bytes, invalid) }, `policy file is not UTF-8 text (byte 0x${hex})`);
    }
    const text = bytes.toString('utf8');
    return text.startsWith('\ufeff') ? text.slice(1) : text;
}
/**
 * Reads a policy file from disk. `referencedAt` is the `extends` entry that names it (errors about a
 * missing file start there); the file given by the user has no such place, so its errors name it alone.
 * `missingHint` is added when there is no such file (a bundled name it resembles).
 */
async function readPolicyFile(file, referencedAt, missingHint = '') {
    const fail = (message) => {
        throw referencedAt ? policyError(referencedAt, `extends: ${message}`) : new PolicyError(message);
    };
    let bytes;
    try {
        const info = await stat(file);
        if (!info.isFile())
            fail(`policy ${file} is not a regular file`);
        if (info.size > MAX_POLICY_BYTES) {
            throw policyError({ file, line: 1, column: 1 }, `policy file is ${info.size} bytes, over the ${MAX_POLICY_BYTES}-byte limit`);
        }
        bytes = await readFile(file);
    }
    catch (error) {
        if (error instanceof PolicyError)
            throw error;
        const missing = error.code === 'ENOENT';
        return fail(`cannot read policy ${file}: ${fileErrorReason(error)}${missing ? missingHint : ''}`);
    }
    return decodePolicy(bytes, file);
}

// loadPolicy: reads a policy file (or the bundled default), resolves `extends`, merges rules and waivers.
/** Names `extends` accepts for the policies shipped in policies/. */
const BUNDLED_POLICY_NAMES = Object.keys(COMPILED_POLICIES).sort();
const MAX_EXTENDS_DEPTH = 16;
function isPathRef(ref) {
    return ref.startsWith('./') || ref.startsWith('../') || isAbsolute(ref) || /\.ya?ml$/i.test(ref);
}
function bundled(name, at) {
    const compiled = Object.hasOwn(COMPILED_POLICIES, name) ? COMPILED_POLICIES[name] : undefined;
    if (compiled === undefined) {
        const message = `unknown bundled policy "${name}"${didYouMean(name, BUNDLED_POLICY_NAMES)}; bundled: ${BUNDLED_POLICY_NAMES.join(', ')} (or a path such as ./base.yml)`;
        throw at ? policyError(at, `extends: ${message}`) : new PolicyError(message);
    }
    const file = `policies/${name}.yml`;
    return {
        file: policyFromValue(compiled.value, new CompiledPositions(file, compiled.positions)),
        source: { file, bundled: true }
    };
}
/** The YAML parser and the schema's validator, loaded for the first policy text read at run time. */
const textParser = () => import('./chunk-parse.js');
async function fromDisk(path, at) {
    const text = await readPolicyFile(path, at, bundledNameHint(path));
    const { parsePolicyText } = await textParser();
    return { file: parsePolicyText(text, path), source: { file: path, bundled: false } };
}
/** For a missing file named like a bundled policy (`--policy stric`): which one was meant. */
function bundledNameHint(path) {
    const name = basename(path);
    if (/[./]/.test(name))
        return '';
    const meant = closest(name, BUNDLED_POLICY_NAMES);
    return meant
        ? `, and there is no bundled policy "${name}" (did you mean the bundled "${meant}"?)`
        : `, and there is no bundled policy "${name}" (bundled: ${BUNDLED_POLICY_NAMES.join(', ')})`;
}
/**
 * The files of `root`'s extends chain in the order they apply: bases depth first, in the order listed,
 * then the file itself. A file reached more than once (listed twice, or a base of two bases) is read and
 * parsed once and applied once, where it first appears: repeating it would only undo what the files
 * between its two places changed, and a file listing the same base twice at each of 16 levels would
 * otherwise be read 2^16 times. Recursion is bounded by MAX_EXTENDS_DEPTH, whatever the input.
 */
async function flatten(root, rootIdentity) {
    const out = [];
    const placed = new Set();
    const visit = async (loaded, chain) => {
        for (const { ref, location } of loaded.file.extends) {
            let identity;
            let path;
            if (isPathRef(ref)) {
                if (loaded.source.bundled)
                    throw policyError(location, 'extends: a bundled policy cannot extend a file');
                path = isAbsolute(ref) ? ref : join(dirname(loaded.source.file), ref);
                identity = resolve(path);
            }
            else
                identity = `bundled:${ref}`;
            if (chain.includes(identity))
                throw policyError(location, `extends: "${ref}" extends itself (cycle)`);
            if (placed.has(identity))
                continue;
            if (chain.length >= MAX_EXTENDS_DEPTH) {
                throw policyError(location, `extends: more than ${MAX_EXTENDS_DEPTH} levels of extends`);
            }
            const base = path === undefined ? bundled(ref, location) : await fromDisk(path, location);
            await visit(base, [...chain, identity]);
        }
        const identity = chain[chain.length - 1];
        if (!placed.has(identity)) {
            placed.add(identity);
            out.push(loaded);
        }
    };
    await visit(root, [rootIdentity]);
    return out;
}
/** Applies each file's rule settings in order (see RuleSetting), then configures the enabled rules. */
function merge(files) {
    const settings = new Map();
    const sources = [];
    for (const { file, source } of files) {
        if (!sources.some((known) => known.file === source.file))
            sources.push(source);
        for (const setting of file.rules) {
            const previous = settings.get(setting.id);
            settings.set(setting.id, {
                enabled: setting.enabled,
                severity: setting.severity ?? previous?.severity,
                options: setting.options ?? previous?.options,
                last: setting
            });
        }
    }
    const rules = [];
    for (const rule of RULE_MODULES) {
        const merged = settings.get(rule.doc.id);
        if (!merged?.enabled)
            continue;
        const options = merged.options ?? merged.last.empty;
        rules.push({
            id: rule.doc.id,
            enabled: true,
            severity: merged.severity ?? rule.doc.defaultSeverity,
            options: options.value,
            location: merged.last.location,
            check: rule.configure(options)
        });
    }
    return { sources, rules, waivers: files.flatMap(({ file }) => file.waivers) };
}
async function load(root, identity) {
    const policy = merge(await flatten(root, identity));
    // A gate that checks nothing passes every image: only on purpose, said in the file the user gave.
    if (policy.rules.length === 0 && !root.file.allowNoRules) {
        throw policyError(root.file.rulesLocation, 'the policy enables no rule, so it would check nothing and pass every image: turn a rule on under rules:, or write "allowNoRules: true" to run it anyway');
    }
    return policy;
}
/**
 * Loads the policy at `policyPath`, or the bundled `policies/default.yml` when undefined. A bundled
 * name (`strict`) selects that bundled policy; write `./strict` for a file with such a name.
 * Every problem is a PolicyError whose message starts `file:line:column:` and names the key.
 */
async function loadPolicy(policyPath) {
    if (policyPath === undefined)
        return load(bundled('default'), 'bundled:default');
    if (BUNDLED_POLICY_NAMES.includes(policyPath))
        return loadBundledPolicy(policyPath);
    return load(await fromDisk(policyPath), resolve(policyPath));
}
/** Loads a bundled policy by name (`default`, `strict`, \u2026). */
async function loadBundledPolicy(name) {
    return load(bundled(name), `bundled:${name}`);
}

var load$1 = /*#__PURE__*/Object.freeze({
    __proto__: null,
    BUNDLED_POLICY_NAMES: BUNDLED_POLICY_NAMES,
    loadBundledPolicy: loadBundledPolicy,
    loadPolicy: loadPolicy
});

export { PolicyPositions as P, policyFromValue as a, load$1 as b, loadPolicy as l, policyError as p };
