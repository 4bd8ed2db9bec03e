import { existsSync, readSync, createReadStream, fstatSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { l as loadPolicy } from './chunk-load.js';
import { y as redactCredentials, k as readOsRelease, o as describeOs, M as describeCreatedBy, R as RULES, m as packageManagerMatcher, O as OS_PACKAGE_MANAGERS, l as findExecutables, s as shellMatcher, h as byCodeUnit, N as ImageReadError, j as printableName, Q as LimitError, T as normalisePath, V as baseName, W as parentPath, X as MissingBlobError, Y as expectObject, Z as isObject, _ as optionalArray, $ as optionalString, a0 as optionalStringArray, a1 as optionalStringMap, a2 as joinPath, a3 as requiredString, a4 as parseJson, a5 as parsePlatformChoice, a6 as platformMatches, a7 as readAttestations, d as dockerSave, U as UserError, a8 as RegistryError, a9 as SocketReads, aa as HttpResponse, ab as isLoopback, ac as parseReference, r as resolveSource, ad as evaluate, ae as OS_RELEASE_PATHS, af as baselineForPlatform, q as printable, ag as EXPIRED_WAIVER, x as truncate, p as printableLine, ah as waiverLine, ai as suggestedExpiry, aj as globForPath, ak as REASON_PLACEHOLDER, H as countViolations, G as verdict, I as sortViolations, u as formatSize, v as plural$1, al as groupByRule, J as failsGate, K as conciseMessage } from './chunk-request.js';
import { open, realpath, readlink, readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { c as compressedLayerReads } from './chunk-parallelism.js';
import { homedir } from 'node:os';
import { connect } from 'node:net';

var name = "image-policy-gate";
var version = "0.1.0";
var repository = {
	url: "git+https://github.com/image-policy-gate/image-policy-gate.git"
};
var packageJson = {
	name: name,
	version: version,
	repository: repository};

// What this tool is and where it lives, for --version and for links in SARIF and summaries: read from
// package.json (the bundle inlines it), never a copy of it.
const TOOL_NAME = packageJson.name;
/**
 * The project's home as package.json's `repository` declares it (`git+https://\u2026.git`): change it there
 * where the project is published under another account. The rule pages SARIF links to are below it.
 */
const REPOSITORY_URL = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
/**
 * The repository the action runs from when the runner names it (GITHUB_ACTION_REPOSITORY, with
 * GITHUB_SERVER_URL): links then lead to the copy the workflow uses (a fork, a mirror) and the pages
 * that copy holds; otherwise the declared home.
 */
const PROJECT_URL = /^[\w.-]+\/[\w.-]+$/.test(process.env.GITHUB_ACTION_REPOSITORY ?? '')
    ? `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${process.env.GITHUB_ACTION_REPOSITORY}`
    : REPOSITORY_URL;
function ruleDocUrl(ruleId) {
    return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
const TOOL_VERSION = packageJson.version;

// Where the tool is installed: the directory holding docs/ (the rule pages SARIF carries) and
// policies/. The action runs from its checkout, the CLI from its package; the bundle's chunks sit one
// level below that root (dist/) and the sources two (src/<folder>/), so it is found, not counted.
/** The nearest directory above this module that holds package.json. */
function installRoot(moduleUrl = import.meta.url) {
    const start = path.dirname(fileURLToPath(moduleUrl));
    for (let dir = start;; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, 'package.json')))
            return dir;
        if (path.dirname(dir) === dir)
            return path.resolve(start, '..');
    }
}

function captureFor(policy) {
    const predicates = policy.rules.flatMap((rule) => (rule.check.capture ? [rule.check.capture] : []));
    if (predicates.length === 0)
        return () => 0;
    return (path, size) => {
        let bytes = 0;
        for (const predicate of predicates)
            bytes = Math.max(bytes, predicate(path, size));
        return Math.min(bytes, size);
    };
}

// Where a violation belongs in the user's sources: the Dockerfile instruction that caused it (the layer
// holding the offending file; the USER that set a root user; the LABEL where a required label belongs; the
// EXPOSE of a port, or the FROM line for one the base image exposes; the layer that deleted wasted bytes), else the line of the rule (or waiver) in the policy file. A Dockerfile
// that does not match the image's history places nothing (its map says so once).
/**
 * @param policyPath the user's policy file (undefined for a bundled policy)
 * @param bundledFiles policy files shipped with the tool: their lines are not in the user's repository
 */
function createLocator(evaluation, dockerfile, policyPath, bundledFiles = new Set()) {
    const inUserFile = (location) => location && !bundledFiles.has(location.file) ? location : undefined;
    const matched = dockerfile && !dockerfile.mismatch ? dockerfile : undefined;
    return (violation) => {
        const ref = matched ? instructionOf(violation, matched) : undefined;
        // A Dockerfile line may hold a credential (a token in a RUN): reports show it redacted.
        if (ref)
            return { location: ref.location, instruction: redactCredentials(ref.instruction), source: 'dockerfile' };
        const policyLocation = inUserFile(violation.waived?.location) ??
            inUserFile(evaluation.ruleLocations[violation.rule]) ??
            fileStart(policyPath);
        return policyLocation ? { location: policyLocation, source: 'policy' } : { source: 'none' };
    };
}
/** The Dockerfile instruction a violation comes from, in a Dockerfile that matches the image. */
function instructionOf(violation, map) {
    if (violation.layer !== undefined)
        return map.locateLayer(violation.layer);
    if (violation.rule === 'non-root-user')
        return map.user;
    if (violation.rule === 'required-labels' && violation.label !== undefined)
        return map.label(violation.label);
    // exposed-ports names the port it concerns (the config's ExposedPorts key) as its subject.
    if (violation.rule === 'exposed-ports' && violation.subject !== undefined)
        return map.exposing(violation.subject);
    if (violation.hiddenBy !== undefined)
        return map.locateLayer(violation.hiddenBy);
    return undefined;
}
function fileStart(file) {
    return file ? { file, line: 1, column: 1 } : undefined;
}

// Facts about an image that every reporter shows the same way.
/** Image size as `docker image ls` shows it and the size rule measures it: the sum of layer content sizes. */
function imageSize(image) {
    return image.layers.reduce((sum, layer) => sum + layer.contentSize, 0);
}
function compressedSize(image) {
    return image.layers.reduce((sum, layer) => sum + layer.compressedSize, 0);
}
function platformString(image) {
    const { os, architecture, variant } = image.platform;
    return [os, architecture, variant].filter(Boolean).join('/');
}
function imageName(image) {
    return image.reference ?? image.repoTags[0] ?? image.configDigest ?? 'image';
}
/** The config user as the runtime sees it: empty means root. */
function userDescription(image) {
    return image.config.user === '' ? 'root (no USER set)' : image.config.user;
}
/** "Alpine Linux v3.20", or undefined when the image has no (captured) os-release. */
function osName(image) {
    const release = readOsRelease(image.fs);
    return release ? describeOs(release) : undefined;
}
/** The instruction that created a layer, else its history comment ("Imported from -"), else "". */
function layerCreatedBy(image, layer) {
    // History is shown to whoever reads the report: credentials in it (RUN curl -H "token \u2026") redacted.
    const described = redactCredentials(describeCreatedBy(layer.createdBy));
    if (described)
        return described;
    const entry = layer.historyIndex !== undefined ? image.config.history[layer.historyIndex] : undefined;
    return entry?.comment ?? '';
}
/** Hidden bytes per layer index (bytes a layer wrote that later layers deleted or overwrote). */
function hiddenBytesByLayer(image) {
    const byLayer = new Map();
    for (const file of image.hidden)
        byLayer.set(file.layerIndex, (byLayer.get(file.layerIndex) ?? 0) + file.size);
    return byLayer;
}

async function prepareReport(result, failOn, dockerfile, baseline) {
    const { image, policy, evaluation } = result;
    const warnings = [...image.warnings, ...(evaluation.unchecked ?? [])];
    // The Dockerfile parser is a quarter of the bundle: loaded only by the runs that map a Dockerfile.
    const map = dockerfile
        ? (await import('./chunk-map.js')).mapDockerfile(dockerfile.path, dockerfile.content, image.config.history, image.layers)
        : undefined;
    if (map)
        warnings.push(...map.warnings);
    const userSources = policy.sources.filter((source) => !source.bundled);
    const policyPath = userSources.length > 0 ? userSources[userSources.length - 1].file : undefined;
    const bundled = new Set(policy.sources.filter((source) => source.bundled).map((source) => source.file));
    return {
        input: {
            image,
            evaluation,
            failOn,
            locate: createLocator(evaluation, map, policyPath, bundled),
            ...(map ? { dockerfile: map } : {}),
            rules: RULES,
            ...(policyPath ? { policyPath } : {}),
            toolVersion: TOOL_VERSION,
            ...(baseline ? { baseline } : {})
        },
        warnings,
        ...(map?.mismatch ? { dockerfileMismatch: map.mismatch } : {})
    };
}
/** `comparisons`: with a baseline, each platform's comparison, in the order of `results.platforms`. */
async function prepareReports(results, failOn, dockerfile, comparisons) {
    const several = results.platforms.length > 1;
    const reports = [];
    const warnings = [];
    let dockerfileMismatch;
    for (const [i, result] of results.platforms.entries()) {
        const prepared = await prepareReport(result, failOn, dockerfile, comparisons?.[i]);
        reports.push(prepared.input);
        const prefix = several ? `${platformString(result.image)}: ` : '';
        warnings.push(...prepared.warnings.map((warning) => `${prefix}${warning}`));
        dockerfileMismatch ??= prepared.dockerfileMismatch;
    }
    for (const entry of results.unreadable)
        warnings.push(`${entry.platform} was not gated: ${entry.reason}`);
    return {
        set: { reports, unreadable: results.unreadable },
        warnings,
        ...(dockerfileMismatch ? { dockerfileMismatch } : {})
    };
}

/** What a violation is matched by, in the order a JSON report lists it: the fields both sides keep. */
function baselineViolation(v) {
    return {
        rule: v.rule,
        severity: v.severity,
        message: v.message,
        ...(v.path !== undefined ? { path: v.path } : {}),
        ...(v.names ? { names: v.names } : {}),
        ...(v.label !== undefined ? { label: v.label } : {}),
        ...(v.subject !== undefined ? { subject: v.subject } : {}),
        ...(v.layer !== undefined ? { layer: v.layer } : {})
    };
}
/** The key of what a violation is about, first the exact one. */
function primaryKey(v) {
    if (v.path !== undefined)
        return `${v.rule}\0path\0${v.path}`;
    if (v.label !== undefined)
        return `${v.rule}\0label\0${v.label}`;
    if (v.subject !== undefined)
        return `${v.rule}\0subject\0${v.subject}`;
    return `${v.rule}\0rule`;
}
/** The other names of its file, as keys. */
function nameKeys(v) {
    if (v.path === undefined)
        return [];
    return (v.names ?? []).filter((name) => name !== v.path).map((name) => `${v.rule}\0path\0${name}`);
}
/**
 * Keys a violation of this run can be matched by after its exact one: the other names of its file; for
 * a rule's check, the rule alone, which is the key of a violation in a report written before checks
 * were named.
 */
function otherKeys(v) {
    if (v.path === undefined && v.label === undefined && v.subject !== undefined)
        return [`${v.rule}\0rule`];
    return nameKeys(v);
}
function compareViolations(current, baseline) {
    const used = new Array(baseline.length).fill(false);
    const byPrimary = index(baseline, (v) => [primaryKey(v)]);
    const byAnyName = index(baseline, (v) => [primaryKey(v), ...nameKeys(v)]);
    const states = new Array(current.length).fill(undefined);
    const take = (positions) => {
        const at = positions?.find((position) => !used[position]);
        if (at === undefined)
            return false;
        used[at] = true;
        return true;
    };
    current.forEach((v, i) => {
        if (take(byPrimary.get(primaryKey(v))))
            states[i] = 'existing';
    });
    current.forEach((v, i) => {
        if (states[i] !== undefined)
            return;
        const keys = [primaryKey(v), ...otherKeys(v)];
        states[i] = keys.some((key) => take(byAnyName.get(key))) ? 'existing' : 'new';
    });
    return {
        states: states.map((state) => state ?? 'new'),
        fixed: baseline.filter((_, position) => !used[position])
    };
}
function index(violations, keys) {
    const map = new Map();
    violations.forEach((v, position) => {
        for (const key of keys(v)) {
            const list = map.get(key) ?? [];
            list.push(position);
            map.set(key, list);
        }
    });
    return map;
}

function change(before, after) {
    return { before, after, delta: after - before };
}
function applyBaseline(evaluation, image, baseline, options) {
    const { states, fixed } = compareViolations(evaluation.violations, baseline.violations);
    const violations = evaluation.violations.map((v, i) => ({ ...v, baseline: states[i] }));
    const size = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0);
    return {
        evaluation: { ...evaluation, violations, ...(options.newOnly ? { newOnly: true } : {}) },
        comparison: {
            kind: baseline.kind,
            given: baseline.given,
            reference: baseline.reference,
            platform: baseline.platform,
            newOnly: options.newOnly,
            new: states.filter((state) => state === 'new').length,
            existing: states.filter((state) => state === 'existing').length,
            fixed,
            size: change(baseline.facts.size, size),
            compressedSize: change(baseline.facts.compressedSize, options.compressedSize),
            layers: change(baseline.facts.layers, image.layers.length),
            ...(options.diff ? { diff: options.diff } : {}),
            ...(baseline.absent !== undefined ? { absent: baseline.absent } : {})
        }
    };
}
/**
 * Violations as the annotations show them: each says whether the baseline had it; with `newOnly`, an
 * existing one becomes a notice, so that old findings neither fail the step nor use the errors' budget.
 */
function forAnnotations(violations, newOnly) {
    return violations.map((v) => {
        if (v.baseline === undefined)
            return v;
        const note = v.baseline === 'new' ? ' (new since the baseline)' : ' (already in the baseline)';
        const severity = newOnly && v.baseline === 'existing' ? 'notice' : v.severity;
        return { ...v, severity, message: `${v.message}${note}` };
    });
}

// The diff between a baseline image and the checked one, for the job summary and the text report:
// layers matched by diff ID (else by the instruction that made them), the largest files added, grown
// and removed, and what can now run that could not before (executables, shells, package managers,
// setuid/setgid files). Bounded lists: a report shows the largest few and counts the rest. Pure.
/** How many of each list a diff keeps (largest first, or by path). */
const DIFF_LIST_LIMIT = 20;
const SETID = 0o6000;
function instruction(image, layer) {
    const described = describeCreatedBy(layer.createdBy);
    if (described)
        return described;
    const entry = layer.historyIndex !== undefined ? image.config.history[layer.historyIndex] : undefined;
    return entry?.comment ?? '';
}
function diffLayers(before, after) {
    let sharedLayers = 0;
    while (sharedLayers < before.layers.length &&
        sharedLayers < after.layers.length &&
        before.layers[sharedLayers].diffId !== undefined &&
        before.layers[sharedLayers].diffId === after.layers[sharedLayers].diffId)
        sharedLayers++;
    const unmatched = new Set(before.layers);
    const byDiffId = new Map(before.layers.flatMap((l) => (l.diffId ? [[l.diffId, l]] : [])));
    const pairs = after.layers.map((layer) => {
        const same = layer.diffId ? byDiffId.get(layer.diffId) : undefined;
        if (same && unmatched.has(same)) {
            unmatched.delete(same);
            return { layer, old: same, match: 'same' };
        }
        return { layer, match: 'added' };
    });
    // Rebuilt layers: the same instruction, other bytes (a RUN apk add that fetched newer packages).
    for (const pair of pairs) {
        if (pair.old)
            continue;
        const text = instruction(after, pair.layer);
        const old = text === '' ? undefined : [...unmatched].find((l) => instruction(before, l) === text);
        if (old) {
            unmatched.delete(old);
            Object.assign(pair, { old, match: 'instruction' });
        }
    }
    const layers = pairs.map(({ layer, old, match }) => ({
        index: layer.index,
        ...(old ? { baselineIndex: old.index } : {}),
        match,
        createdBy: instruction(after, layer),
        ...(old ? { before: old.contentSize, compressedBefore: old.compressedSize } : {}),
        after: layer.contentSize,
        compressedAfter: layer.compressedSize
    }));
    for (const old of unmatched)
        layers.push({
            baselineIndex: old.index,
            match: 'removed',
            createdBy: instruction(before, old),
            before: old.contentSize,
            compressedBefore: old.compressedSize
        });
    return { layers, sharedLayers };
}
/** Keeps the `limit` largest by `key` while counting all, without sorting every file. */
class Largest {
    key;
    items = [];
    total = 0;
    constructor(key) {
        this.key = key;
    }
    add(item) {
        this.total++;
        const k = this.key(item);
        if (this.items.length === DIFF_LIST_LIMIT && k <= this.key(this.items[DIFF_LIST_LIMIT - 1]))
            return;
        let at = this.items.length;
        while (at > 0 && this.key(this.items[at - 1]) < k)
            at--;
        this.items.splice(at, 0, item);
        if (this.items.length > DIFF_LIST_LIMIT)
            this.items.pop();
    }
    list() {
        return { items: this.items, total: this.total };
    }
}
function bounded(paths) {
    const sorted = paths.sort(byCodeUnit);
    return { items: sorted.slice(0, DIFF_LIST_LIMIT), total: sorted.length };
}
const isExecutableFile = (inode) => inode.type === 'file' && ((inode.mode & 0o111) !== 0 || inode.exec !== undefined);
/** Hits of `after` that reach no name a hit of `before` has: the real path of each. */
function newHits(before, after) {
    const known = new Set(before.flatMap((hit) => [hit.path, ...hit.names]));
    return after.filter((hit) => ![hit.path, ...hit.names].some((name) => known.has(name))).map((h) => h.path);
}
function diffImages(before, after) {
    const { layers, sharedLayers } = diffLayers(before, after);
    const beforeFiles = new Map();
    for (const entry of before.fs.files())
        beforeFiles.set(entry.path, entry.inode);
    const added = new Largest((f) => f.after ?? 0);
    const grown = new Largest((f) => (f.after ?? 0) - (f.before ?? 0));
    const removed = new Largest((f) => f.before ?? 0);
    const executables = [];
    const setuid = [];
    let addedBytes = 0;
    let removedBytes = 0;
    const seen = new Set();
    for (const entry of after.fs.files()) {
        const { inode, path } = entry;
        seen.add(path);
        const old = beforeFiles.get(path) ?? before.fs.lstat(path)?.inode;
        if (!old || old.type !== 'file') {
            added.add({ path, after: inode.size });
            addedBytes += inode.size;
        }
        else if (inode.size > old.size) {
            grown.add({ path, before: old.size, after: inode.size });
            addedBytes += inode.size - old.size;
        }
        else
            removedBytes += old.size - inode.size;
        if (isExecutableFile(inode) && !(old && isExecutableFile(old)))
            executables.push(path);
        if ((inode.mode & SETID) !== 0 && !(old && (old.mode & SETID) !== 0))
            setuid.push(path);
    }
    for (const [path, inode] of beforeFiles) {
        if (seen.has(path) || after.fs.lstat(path)?.inode.type === 'file')
            continue;
        removed.add({ path, before: inode.size });
        removedBytes += inode.size;
    }
    const managers = packageManagerMatcher(new Set(OS_PACKAGE_MANAGERS));
    return {
        layers,
        sharedLayers,
        baseChanged: sharedLayers === 0,
        files: { added: added.list(), grown: grown.list(), removed: removed.list(), addedBytes, removedBytes },
        newExecutables: bounded(executables),
        newShells: bounded(newHits(findExecutables(before.fs, shellMatcher), findExecutables(after.fs, shellMatcher))),
        newPackageManagers: bounded(newHits(findExecutables(before.fs, managers), findExecutables(after.fs, managers))),
        newSetuid: bounded(setuid)
    };
}

// How far a reader may run ahead of the decompressors: compressed bytes copied and queued for them.
/** Compressed bytes read ahead of the decompressors, across every layer blob of one read. */
const READ_AHEAD_BYTES = 16 * 2 ** 20;
/** Copies are made into reused slabs of the readers' chunk size. */
const SLAB_BYTES = 2 ** 20;
/**
 * Compressed input held for decompressors, shared by the layer blobs of one read: a reader may run
 * ahead into the next blob while the one before still inflates (so both inflate at once, on two
 * threads), but only this far, so memory stays bounded whatever the consumer's speed. Large copies
 * go into reused slabs: a fresh 1 MiB buffer per read is work for the kernel and the garbage collector.
 */
class ReadAheadBudget {
    limit;
    held = 0;
    waiters = [];
    slabs = [];
    constructor(limit = READ_AHEAD_BYTES) {
        this.limit = limit;
    }
    get bytesHeld() {
        return this.held;
    }
    get full() {
        return this.held >= this.limit;
    }
    /** Settles once the bytes held drop below the limit. */
    room() {
        if (!this.full)
            return Promise.resolve();
        return new Promise((resolve) => this.waiters.push(resolve));
    }
    /** An empty slab to gather small pieces into, counted as held until given back. */
    emptySlab() {
        const slab = this.slabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
        this.held += SLAB_BYTES;
        return { bytes: slab.subarray(0, 0), slab, size: SLAB_BYTES };
    }
    copy(piece) {
        let held;
        if (piece.length < SLAB_BYTES / 4 || piece.length > SLAB_BYTES) {
            held = { bytes: Buffer.from(piece), slab: undefined, size: piece.length };
        }
        else {
            const slab = this.slabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
            piece.copy(slab);
            held = { bytes: slab.subarray(0, piece.length), slab, size: SLAB_BYTES };
        }
        this.held += held.size;
        return held;
    }
    /**
     * Gives back a copy. Only a copy the decompressor is known to be done with may be reused: one given
     * back because its stream was destroyed may still be read by zlib's thread.
     */
    give(copy, reusable) {
        if (reusable && copy.slab && this.slabs.length < this.limit / SLAB_BYTES)
            this.slabs.push(copy.slab);
        this.held -= copy.size;
        if (this.full || this.waiters.length === 0)
            return;
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters)
            wake();
    }
}

// Cuts a zstd stream at frame boundaries (RFC 8878). Node's zstd decoder stops at the end of a frame
// when the same write carries the next frame (nodejs/node#64741), which would silently drop every entry
// after the first frame of a multi-frame layer (zstd:chunked, pzstd). Writing frame by frame avoids it.
// Skippable frames (zstd:chunked's metadata) hold no content and are dropped.
var Field;
(function (Field) {
    Field[Field["Magic"] = 0] = "Magic";
    Field[Field["SkippableSize"] = 1] = "SkippableSize";
    Field[Field["SkippableBody"] = 2] = "SkippableBody";
    Field[Field["Descriptor"] = 3] = "Descriptor";
    Field[Field["HeaderRest"] = 4] = "HeaderRest";
    Field[Field["BlockHeader"] = 5] = "BlockHeader";
    Field[Field["BlockBody"] = 6] = "BlockBody";
    Field[Field["Checksum"] = 7] = "Checksum";
})(Field || (Field = {}));
class ZstdFrameSplitter {
    field = Field.Magic;
    /** Bytes of a small field gathered so far (fields may straddle chunks). */
    small = Buffer.alloc(8);
    smallFill = 0;
    /** Bytes of the current field (small fields) or of the current body still to come. */
    remaining = 4;
    checksumFlag = false;
    lastBlock = false;
    /** Where the current magic number began in this chunk, or -1 when it began in an earlier one. */
    magicStart = 0;
    /** Splits a chunk into pieces that each end at most at a frame boundary, without skippable frames. */
    push(chunk) {
        const cut = { chunk, pieces: [], pieceStart: 0 };
        let offset = 0;
        if (this.field === Field.Magic && this.smallFill > 0)
            this.magicStart = -1;
        while (offset < chunk.length) {
            if (this.field === Field.Magic && this.smallFill === 0)
                this.magicStart = offset;
            if (this.field === Field.SkippableBody || this.field === Field.BlockBody) {
                const take = Math.min(this.remaining, chunk.length - offset);
                offset += take;
                this.remaining -= take;
                if (this.remaining === 0)
                    this.bodyRead(cut, offset);
                continue;
            }
            const take = Math.min(this.remaining - this.smallFill, chunk.length - offset);
            chunk.copy(this.small, this.smallFill, offset, offset + take);
            this.smallFill += take;
            offset += take;
            if (this.smallFill === this.remaining)
                this.smallFieldRead(cut, offset);
        }
        // Bytes of a magic number not yet complete are held back until it says what kind of frame follows.
        const end = this.field === Field.Magic ? chunk.length - this.smallFill : chunk.length;
        const inSkippable = this.field === Field.SkippableSize || this.field === Field.SkippableBody;
        if (!inSkippable && this.field !== Field.Magic && cut.pieceStart < end)
            cut.pieces.push(chunk.subarray(cut.pieceStart, end));
        else if (this.field === Field.Magic && this.magicStart !== -1 && cut.pieceStart < end)
            cut.pieces.push(chunk.subarray(cut.pieceStart, end));
        return cut.pieces;
    }
    /** A skippable frame's or a block's body has ended at `offset`. */
    bodyRead(cut, offset) {
        if (this.field === Field.SkippableBody) {
            cut.pieceStart = offset;
            this.startFrame();
        }
        else if (this.lastBlock)
            this.afterLastBlock(cut, offset);
        else
            this.expect(Field.BlockHeader, 3);
    }
    /** A small field (magic, sizes, headers, checksum) is whole in `small`; `offset` is just past it. */
    smallFieldRead(cut, offset) {
        switch (this.field) {
            case Field.Magic: {
                const magic = this.small.readUInt32LE(0);
                const skippable = (magic & 0xfffffff0) === 0x184d2a50;
                if (this.magicStart >= 0) {
                    // Cut before a skippable frame and leave it out.
                    if (skippable && this.magicStart > cut.pieceStart)
                        cut.pieces.push(cut.chunk.subarray(cut.pieceStart, this.magicStart));
                }
                else if (!skippable) {
                    // The magic began in the previous chunk, which held its first bytes back: emit it whole.
                    cut.pieces.push(Buffer.from(this.small.subarray(0, 4)));
                    cut.pieceStart = offset;
                }
                if (skippable)
                    this.expect(Field.SkippableSize, 4);
                else
                    this.expect(Field.Descriptor, 1);
                break;
            }
            case Field.SkippableSize:
                this.field = Field.SkippableBody;
                this.remaining = this.small.readUInt32LE(0);
                this.smallFill = 0;
                if (this.remaining === 0) {
                    cut.pieceStart = offset;
                    this.startFrame();
                }
                break;
            case Field.Descriptor: {
                const descriptor = this.small[0];
                const singleSegment = (descriptor & 0x20) !== 0;
                const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6];
                const dictionaryBytes = [0, 1, 2, 4][descriptor & 0x03];
                this.checksumFlag = (descriptor & 0x04) !== 0;
                const rest = (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
                if (rest > 0)
                    this.expect(Field.HeaderRest, rest);
                else
                    this.expect(Field.BlockHeader, 3);
                break;
            }
            case Field.HeaderRest:
                this.expect(Field.BlockHeader, 3);
                break;
            case Field.BlockHeader: {
                const header = this.small[0] | (this.small[1] << 8) | (this.small[2] << 16);
                this.lastBlock = (header & 1) === 1;
                const blockType = (header >> 1) & 3;
                const blockSize = header >>> 3;
                this.field = Field.BlockBody;
                this.remaining = blockType === 1 ? 1 : blockSize;
                this.smallFill = 0;
                if (this.remaining === 0)
                    this.bodyRead(cut, offset);
                break;
            }
            case Field.Checksum:
                cut.pieces.push(cut.chunk.subarray(cut.pieceStart, offset));
                cut.pieceStart = offset;
                this.startFrame();
                break;
        }
    }
    startFrame() {
        this.expect(Field.Magic, 4);
    }
    afterLastBlock(cut, offset) {
        if (this.checksumFlag) {
            this.expect(Field.Checksum, 4);
            return;
        }
        cut.pieces.push(cut.chunk.subarray(cut.pieceStart, offset));
        cut.pieceStart = offset;
        this.startFrame();
    }
    expect(field, bytes) {
        this.field = field;
        this.remaining = bytes;
        this.smallFill = 0;
    }
}

function detectCompression(head) {
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528)
        return 'zstd';
    return 'none';
}
/** Decompressed bytes waiting for the parser before the decompressor is paused. */
const OUTPUT_QUEUE_BYTES = 2 * 2 ** 20;
/**
 * A decompressor with its input side and its output side. Input chunks are copied (zlib reads them
 * later, on its thread pool, after the reader may have reused its buffer), counted against the shared
 * read-ahead budget until consumed, and zstd input is written frame by frame. Output is handed to the
 * sink on a later turn of the event loop, never inside zlib's callback: zlib starts inflating the next
 * chunk on its thread as soon as that callback returns, so inflating and parsing overlap instead of
 * taking turns. The output queue is bounded by pausing the decompressor.
 */
class Decompression {
    budget;
    output;
    frames;
    /** Copies written to the decompressor and not yet consumed, each given back to the budget once. */
    held = new Set();
    /** Small input pieces gathered while zlib is busy, not yet written to it. */
    gathered;
    queue = [];
    queuedBytes = 0;
    scheduled = false;
    ended = false;
    sink;
    constructor(compression, budget = new ReadAheadBudget()) {
        this.budget = budget;
        const options = { chunkSize: 256 * 1024 };
        // Loaded on the first compressed layer: a plain archive never pays for zlib's start-up.
        const zlib = process.getBuiltinModule('node:zlib');
        if (compression === 'gzip')
            this.output = zlib.createGunzip(options);
        else if (typeof zlib.createZstdDecompress !== 'function') {
            throw new ImageReadError('this archive has zstd-compressed data, which needs Node.js 22.15 or newer');
        }
        else {
            this.output = zlib.createZstdDecompress(options);
            this.frames = new ZstdFrameSplitter();
        }
    }
    /** Compressed bytes the decompressor has consumed so far (not those still queued for it). */
    get consumedBytes() {
        return this.output.bytesWritten;
    }
    /** Compressed bytes written but not yet consumed. */
    get heldBytes() {
        let bytes = this.gathered?.size ?? 0;
        for (const copy of this.held)
            bytes += copy.size;
        return bytes;
    }
    /** Decompressed bytes waiting for the sink. */
    get queuedOutputBytes() {
        return this.queuedBytes;
    }
    /** Takes a copy of `chunk`; the caller may reuse its buffer at once. */
    write(chunk) {
        if (this.frames)
            for (const piece of this.frames.push(chunk))
                this.writeCopy(this.budget.copy(piece));
        else
            this.gather(chunk);
    }
    end() {
        this.submitGathered();
        this.output.end();
    }
    /**
     * gzip input from a pipe comes in pieces of 64 KiB or less. Each write to zlib costs a round trip to
     * its thread, so while zlib is busy small pieces are gathered into one slab and written together.
     * (zstd input is not: its pieces must stay split at frame boundaries.)
     */
    gather(chunk) {
        if (this.held.size === 0 && !this.gathered) {
            this.writeCopy(this.budget.copy(chunk));
            return;
        }
        if (chunk.length > SLAB_BYTES / 2) {
            this.submitGathered();
            this.writeCopy(this.budget.copy(chunk));
            return;
        }
        if (this.gathered && this.gathered.bytes.length + chunk.length > SLAB_BYTES)
            this.submitGathered();
        const gathered = (this.gathered ??= this.budget.emptySlab());
        const slab = gathered.slab;
        const length = gathered.bytes.length;
        chunk.copy(slab, length);
        gathered.bytes = slab.subarray(0, length + chunk.length);
    }
    submitGathered() {
        const gathered = this.gathered;
        this.gathered = undefined;
        if (gathered)
            this.writeCopy(gathered);
    }
    /** Delivers the decompressed bytes, in order, each on a later turn than zlib produced it. */
    deliverTo(sink) {
        this.sink = sink;
        this.output.on('data', (chunk) => {
            this.queue.push(chunk);
            this.queuedBytes += chunk.length;
            if (this.queuedBytes >= OUTPUT_QUEUE_BYTES)
                this.output.pause();
            this.schedule();
        });
        this.output.on('end', () => {
            this.ended = true;
            this.schedule();
        });
        this.output.on('error', (error) => {
            this.discard();
            sink.error(error);
        });
    }
    /** Stops decompressing and gives back the read-ahead this blob held. */
    destroy() {
        this.discard();
        this.output.destroy();
    }
    writeCopy(copy) {
        this.held.add(copy);
        this.output.write(copy.bytes, (error) => {
            // A destroyed stream calls back too (with an error), its copy maybe still read by zlib's thread.
            if (!this.held.delete(copy))
                return;
            this.budget.give(copy, !error);
            if (this.held.size === 0 && !error)
                this.submitGathered();
        });
    }
    schedule() {
        if (this.scheduled)
            return;
        this.scheduled = true;
        setImmediate(() => this.flush());
    }
    flush() {
        this.scheduled = false;
        const sink = this.sink;
        if (!sink)
            return;
        while (this.queue.length > 0) {
            const chunk = this.queue.shift();
            this.queuedBytes -= chunk.length;
            sink.chunk(chunk);
        }
        if (this.ended) {
            this.ended = false;
            sink.end();
        }
        else if (this.output.isPaused() && !this.output.destroyed)
            this.output.resume();
    }
    discard() {
        this.queue.length = 0;
        this.queuedBytes = 0;
        this.sink = undefined;
        for (const copy of this.held)
            this.budget.give(copy, false);
        this.held.clear();
        if (this.gathered)
            this.budget.give(this.gathered, true);
        this.gathered = undefined;
    }
}

// Names that content detection looks for. Each list says where it comes from; regenerate none of them
// blindly: a name added here is a name that makes an ordinary binary look like a shell or a multi-call binary.
/**
 * Applet names of BusyBox (every APPLET() line of its sources, and the tables of the 1.35, 1.36 and 1.38
 * binaries of Debian 12, Alpine 3.20 and the official busybox image) and toybox (every NEWTOY/OLDTOY of its
 * sources): 512 names.
 */
const MULTI_CALL_APPLETS = `
[ [[ acpi acpid add-shell addgroup adduser adjtimex alias ar arch arp arping ascii ash awk base32 base64
basename bash bbconfig bc beep blkdiscard blkid blockdev bootchartd brctl break bunzip2 busybox bzcat
bzip2 cal cat cd chat chattr chcon chgrp chmod chown chpasswd chpst chroot chrt chsh chvt cksum clear cmp
comm conspy continue count cp cpio crc32 crond crontab cryptpw csplit cttyhack cut date dc dd deallocvt
declare delgroup deluser depmod devfsd devmem df dhcp dhcp6 dhcpd dhcprelay diff dirname dmesg dnsd
dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap dumpleases e2label echo ed egrep eject env envdir
envuidgid ether-wake eval exec exit expand export expr factor fakeidentd fallocate false fatattr fbset
fbsplash fdflush fdformat fdisk fgconsole fgrep file find findfs flash_eraseall flash_lock flash_unlock
flashcp flock fmt fold free freeramdisk fsck fsck.minix fsfreeze fstrim fstype fsync ftpd ftpget ftpput
fuser getconf getenforce getfattr getopt getsebool getty gitcheckout gitclone gitfetch gitinit gitremote
gpiodetect gpiofind gpioget gpioinfo gpioset grep groupadd groupdel groups gunzip gzip halt hd hdparm
head help hexdump hexedit host hostid hostname httpd hush hwclock i2cdetect i2cdump i2cget i2cset
i2ctransfer iconv id ifconfig ifdown ifenslave ifplugd ifup inetd init inotifyd insmod install ionice
iorenice iostat iotop ip ipaddr ipcalc ipcrm ipcs iplink ipneigh iproute iprule iptunnel jobs kbd_mode
kill killall killall5 klogd last less link linux32 linux64 linuxrc ln load_policy loadfont loadkmap local
log logger login logname logpath logread losetup lpd lpq lpr ls lsattr lsblk lsmod lsof lspci lsscsi
lsusb lzcat lzma lzop lzopcat makedevs makemime man matchpathcon mcookie md5sum mdev mesg microcom mim
minips mix mkdir mkdosfs mke2fs mkfifo mkfs.ext2 mkfs.ext3 mkfs.minix mkfs.reiser mkfs.vfat mknod
mkpasswd mkswap mktemp modinfo modprobe more mount mountpoint mpstat mt mv nameif nanddump nandwrite
nbd-client nbd-server nbd_client nbd_server nc netcat netstat nfsmount nice nl nmeter nohup nologin nproc
nsenter nslookup ntpd nuke od oneit openvt parse partprobe passwd paste patch pgrep pidof ping ping6
pipe_progress pivot_root pkill pmap popmaildir poweroff powertop printenv printf prlimit ps pscan pstree
pwd pwdx pwgen raidautorun rdate rdev readahead readelf readlink readprofile realpath reboot reformime
remove-shell renice reset resize restorecon resume return rev rfkill rm rmdir rmmod route rpm rpm2cpio
rtcwake run-init run-parts runcon runlevel runsv runsvdir rx script scriptreplay sed seedrng
selinuxenabled sendevent sendmail seq sestatus set setarch setconsole setenforce setfattr setfiles
setfont setkeycodes setlogcons setpriv setsebool setserial setsid setuidgid sh sha1sum sha224sum
sha256sum sha384sum sha3sum sha512sum shift showkey shred shuf slattach sleep smemcap sntp softlimit sort
source split ssl_client ssl_server start-stop-daemon stat strace strings stty su sulogin sum sv svc
svlogd svok swapoff swapon switch_root sync sysctl syslogd tac tail tar taskset tc tcpsvd tee telnet
telnetd test tftp tftpd time timeout top touch toysh tr traceroute traceroute6 trap tree true truncate ts
tsort tty ttysize tunctl tune2fs ubiattach ubidetach ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol
uclampset udhcpc udhcpc6 udhcpd udpsvd uevent ulimit umount unalias uname uncompress unexpand unicode
uniq unit unix2dos unlink unlzma unlzop unset unshare unxz unzip uptime useradd userdel users usleep
uudecode uuencode uuidgen vconfig vi vlock vmstat volname w wait wall watch watchdog wc wget which who
whoami whois xargs xxd xz xzcat yes zcat zcip`;
/**
 * Builtins of POSIX shells (dash, ash, bash, ksh93, mksh, zsh, posh, yash), without the few that are also C
 * library functions (read, exit, kill, wait, times, umask, chdir, printf), which every program's symbol
 * table names.
 */
const SHELL_BUILTINS = `
alias autoload bg bindkey break builtin caller cd command compgen complete compopt continue declare dirs
disown echo emulate enable eval exec export false fc fg getopts hash help history jobs let local logout
mapfile noglob popd pushd pwd readarray readonly rehash return set setopt shift shopt source suspend test
trap true type typeset ulimit unalias unhash unset unsetopt whence zmodload`;
/** Reserved words of the POSIX shell grammar, and bash's and zsh's `coproc`. */
const SHELL_KEYWORDS = `case coproc do done elif esac fi then until while`;
/**
 * Variables a POSIX shell sets or reads itself (`PS1=$ `, `OPTIND=1`), without those every login program
 * knows (HOME, PATH, PWD, MAIL).
 */
const SHELL_VARIABLES = `
CDPATH ENV FCEDIT HISTFILE HISTSIZE IFS LINENO MAILCHECK MAILPATH OLDPWD OPTARG OPTIND PPID PS1 PS2 PS3
PS4 SHLVL`;
function words$1(list) {
    return list.split(/\s+/).filter((word) => word.length > 0);
}

// Recognises what an ELF file is by its content as it streams past: multi-call binaries by their applet
// table, shells by their builtin, keyword and variable tables, packed executables by their packer's marks.
const APPLET = 1;
const BUILTIN = 2;
const KEYWORD = 4;
const VARIABLE = 8;
const VOCABULARY = new Map();
for (const [list, kind] of [
    [MULTI_CALL_APPLETS, APPLET],
    [SHELL_BUILTINS, BUILTIN],
    [SHELL_KEYWORDS, KEYWORD],
    [SHELL_VARIABLES, VARIABLE]
]) {
    for (const word of words$1(list))
        VOCABULARY.set(word, (VOCABULARY.get(word) ?? 0) | kind);
}
/**
 * Two NUL-terminated names in a row: the shape of every dispatch table, and rare enough in code that the
 * token scan below runs only around it. Both regular expressions run as native code over a latin1 view
 * of the bytes; a byte loop in JavaScript is several times slower.
 */
const ANCHOR = /\0[A-Za-z]{2,32}\0[A-Za-z0-9_.:[*=^~!#\\-]/g;
/**
 * One NUL-terminated name: an optional flag prefix (BusyBox ash writes `2cd`, mksh `*=export`), then a
 * lower-case name (`[`, `dpkg-deb`, `.`) or an upper-case variable, ended by NUL or `=` (`PS1=$ `).
 */
const TOKEN = /\0([0-9*=^~!#\\-]{0,3})([a-z_.[\]:][a-z0-9_.[\]-]{0,31}|[A-Z][A-Z0-9_]{1,15})(?=[\0=])/g;
/**
 * Strings that are not tables: versions (kept for the report; nothing depends on them), UPX's notice, and
 * the errors a shell's parameter expansion prints, which tools that only know a shell's tables (shellcheck,
 * mc) do not carry.
 */
const MARKERS = /BusyBox v(\d+(?:\.\d+)*)|toybox (0\.\d+(?:\.\d+)*)|\$Info: This file is packed with the (\w+)|([Bb]ad substitution|parameter (?:null or )?not set|unbound variable)/g;
/** Names further apart than this end a region of names. */
const REGION_GAP = 512;
/** A region's scan starts this far before its anchor, to take the one-letter names a table may start with. */
const REGION_BACK = 256;
/** Bytes kept from one chunk to the next: a region's start, a token or a marker cut by the boundary. */
const CARRY_BYTES = 1024;
/** Bytes scanned as one string. */
const PIECE_BYTES = 32 * 1024;
/** Window of the shell evidence: builtin and keyword tables are compact, variables spread wider. */
const TABLE_WINDOW = 4096;
const VARIABLE_WINDOW = 16 * 1024;
/** Bytes of the file start kept to read the ELF header, program headers and UPX's l_info. */
const HEADER_BYTES = 4096;
/** Thresholds, chosen against Debian's shells and thousands of ordinary ELF files (docs/rules/no-shell.md). */
const SHELL_THRESHOLDS = { builtins: 12, keywords: 6, variables: 6 };
/** Known applet names in one sorted run that make it a multi-call applet table. */
const MIN_TABLE_APPLETS = 40;
/** Most names kept of one applet table, a bound against crafted input (BusyBox has about 400). */
const MAX_TABLE_NAMES = 4096;
/** Distinct names within a sliding byte window, remembering the window that held the most. */
class DistinctWindow {
    span;
    positions = [];
    names = [];
    head = 0;
    counts = new Map();
    best = [];
    constructor(span) {
        this.span = span;
    }
    add(position, name) {
        this.positions.push(position);
        this.names.push(name);
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        while (this.positions[this.head] < position - this.span) {
            const old = this.names[this.head++];
            const left = (this.counts.get(old) ?? 1) - 1;
            if (left > 0)
                this.counts.set(old, left);
            else
                this.counts.delete(old);
        }
        if (this.head > 1024) {
            this.positions.splice(0, this.head);
            this.names.splice(0, this.head);
            this.head = 0;
        }
        if (this.counts.size > this.best.length)
            this.best = [...this.counts.keys()];
    }
}
function newRun() {
    return { names: [], known: 0, tokens: 0, last: '', lastKnown: '', pending: undefined };
}
class ExecContentScanner {
    offset = 0;
    carry = '';
    header = Buffer.alloc(HEADER_BYTES);
    headerBytes = 0;
    /** Absolute offset up to which tokens were taken (none is counted twice across windows). */
    tokenFloor = 0;
    /** Absolute end of the last token of the open region; -1 when no region is open. */
    regionEnd = -1;
    run = newRun();
    bestRun;
    builtins = new DistinctWindow(TABLE_WINDOW);
    keywords = new DistinctWindow(TABLE_WINDOW);
    variables = new DistinctWindow(VARIABLE_WINDOW);
    busyboxVersion;
    toyboxVersion;
    packerMark;
    markerFloor = 0;
    expansionErrors = new Set();
    write(chunk) {
        if (this.headerBytes < HEADER_BYTES)
            this.headerBytes += chunk.copy(this.header, this.headerBytes);
        // Pieces small enough for V8's young generation: strings of a whole 512 KiB read chunk went to the
        // large-object space, and collecting them cost more than the scan.
        for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
            const end = Math.min(chunk.length, at + PIECE_BYTES);
            const base = this.offset - this.carry.length;
            const text = this.carry + chunk.toString('latin1', at, end);
            this.offset += end - at;
            // Markers are strings among strings: a piece without a single name (code, compressed data) has none.
            if (this.scanNames(text, base))
                this.scanMarkers(text, base);
            this.carry = text.length > CARRY_BYTES ? text.slice(text.length - CARRY_BYTES) : text;
        }
    }
    end() {
        this.closeRegion();
        const content = {};
        const multiCall = this.multiCall();
        if (multiCall)
            content.multiCall = multiCall;
        const shell = this.shell();
        if (shell)
            content.shell = shell;
        const packed = this.packed();
        if (packed)
            content.packed = packed;
        return content;
    }
    /** Takes the names of every region in the text; true when there was one. */
    scanNames(text, base) {
        const floor = this.tokenFloor;
        let from = Math.max(0, this.tokenFloor - base);
        if (this.regionEnd >= 0)
            from = this.scanRegion(text, base, from);
        while (from < text.length) {
            ANCHOR.lastIndex = from;
            const anchor = ANCHOR.exec(text);
            if (!anchor)
                break;
            from = this.scanRegion(text, base, Math.max(anchor.index - REGION_BACK, this.tokenFloor - base, 0));
            if (from <= anchor.index)
                from = anchor.index + 1;
        }
        return this.tokenFloor !== floor;
    }
    /** Takes tokens from `from` until names stop (gap) or the text ends; returns where the anchor search resumes. */
    scanRegion(text, base, from) {
        TOKEN.lastIndex = from;
        for (;;) {
            const token = TOKEN.exec(text);
            if (!token) {
                // The region may go on in the next chunk while its last name is close to the end.
                if (this.regionEnd >= 0 && base + text.length - this.regionEnd > REGION_GAP)
                    this.closeRegion();
                return text.length;
            }
            const start = base + token.index;
            if (this.regionEnd >= 0 && start - this.regionEnd > REGION_GAP) {
                this.closeRegion();
                return token.index;
            }
            const end = start + token[0].length;
            this.tokenFloor = end;
            this.regionEnd = end;
            this.take(start, token[1], token[2]);
        }
    }
    take(position, prefix, name) {
        const kind = VOCABULARY.get(name) ?? 0;
        if (kind & BUILTIN)
            this.builtins.add(position, name);
        if (kind & KEYWORD)
            this.keywords.add(position, name);
        if (kind & VARIABLE)
            this.variables.add(position, name);
        if (prefix === '' && !(kind & VARIABLE) && name.charCodeAt(0) >= 0x5b)
            this.tableToken(name, (kind & APPLET) !== 0);
    }
    /** Follows the ascending run of applet names; unknown names count when they sort between known neighbours. */
    tableToken(name, known) {
        const run = this.run;
        run.tokens++;
        if (!known) {
            if (name > run.last)
                run.pending = name;
            return;
        }
        if (name <= run.lastKnown) {
            this.endRun();
            this.run.tokens = 1;
            this.addToRun(this.run, name);
            return;
        }
        if (run.pending !== undefined &&
            run.pending > run.lastKnown &&
            run.pending < name &&
            run.names.length < MAX_TABLE_NAMES)
            run.names.push(run.pending);
        this.addToRun(run, name);
    }
    addToRun(run, name) {
        run.pending = undefined;
        if (run.names.length < MAX_TABLE_NAMES)
            run.names.push(name);
        run.known++;
        run.last = name;
        run.lastKnown = name;
    }
    endRun() {
        if (!this.bestRun || this.run.known > this.bestRun.known)
            this.bestRun = this.run;
        this.run = newRun();
    }
    closeRegion() {
        this.regionEnd = -1;
        this.endRun();
    }
    scanMarkers(text, base) {
        MARKERS.lastIndex = Math.max(0, this.markerFloor - base);
        for (const marker of text.matchAll(MARKERS)) {
            // A marker cut at the end of the text is matched whole in the next window.
            if (marker.index + marker[0].length + 8 > text.length && text.length > CARRY_BYTES)
                break;
            this.markerFloor = base + marker.index + marker[0].length;
            if (marker[1] !== undefined)
                this.busyboxVersion ??= marker[1];
            else if (marker[2] !== undefined)
                this.toyboxVersion ??= marker[2];
            else if (marker[3] !== undefined)
                this.packerMark ??= marker[3];
            else
                this.expansionErrors.add(marker[4].toLowerCase());
        }
    }
    multiCall() {
        const run = this.bestRun;
        const table = run && run.known >= MIN_TABLE_APPLETS && run.known * 2 >= run.tokens ? run : undefined;
        if (!table && this.busyboxVersion === undefined && this.toyboxVersion === undefined)
            return undefined;
        const applets = table ? [...new Set(table.names)].sort() : [];
        // BusyBox keeps its names in one NUL-separated string; toybox puts each command's option string after
        // its name, so a third or more of the names in its run are not applets.
        const kind = this.busyboxVersion !== undefined
            ? 'busybox'
            : this.toyboxVersion !== undefined || (table !== undefined && table.known * 10 < table.tokens * 9)
                ? 'toybox'
                : 'busybox';
        const version = (kind === 'busybox' ? this.busyboxVersion : this.toyboxVersion) ?? '';
        return { kind, version, applets };
    }
    shell() {
        const builtins = this.builtins.best;
        const keywords = this.keywords.best;
        const variables = this.variables.best;
        const passed = Number(builtins.length >= SHELL_THRESHOLDS.builtins) +
            Number(keywords.length >= SHELL_THRESHOLDS.keywords) +
            Number(variables.length >= SHELL_THRESHOLDS.variables);
        if (passed < 2 || this.expansionErrors.size === 0)
            return undefined;
        return {
            builtins: builtins.sort(),
            keywords: keywords.sort(),
            variables: variables.sort(),
            messages: [...this.expansionErrors].sort()
        };
    }
    packed() {
        const header = this.header.subarray(0, this.headerBytes);
        if (header.length >= 11 &&
            header[8] === 0x41 &&
            header[9] === 0x49 &&
            (header[10] === 1 || header[10] === 2))
            return { packer: 'AppImage', evidence: `AppImage type ${header[10]} mark in the ELF identification` };
        if (header.indexOf('UPX!') >= 0)
            return { packer: 'UPX', evidence: "UPX's l_info mark (UPX!) after the program headers" };
        if (this.packerMark !== undefined)
            return { packer: this.packerMark, evidence: `"This file is packed with the ${this.packerMark}" mark` };
        const shape = unpackerShape(header);
        return shape ? { packer: '', evidence: shape } : undefined;
    }
}
/**
 * The shape every self-unpacking ELF needs: no section headers, and a loadable segment that reserves far
 * more memory than it carries from the file, to unpack into. No linker output has both.
 */
function unpackerShape(header) {
    if (header.length < 52)
        return undefined;
    const wide = header[4] === 2;
    const little = header[5] !== 2;
    const u16 = (at) => (little ? header.readUInt16LE(at) : header.readUInt16BE(at));
    const u32 = (at) => (little ? header.readUInt32LE(at) : header.readUInt32BE(at));
    const word = (at) => wide ? Number(little ? header.readBigUInt64LE(at) : header.readBigUInt64BE(at)) : u32(at);
    if (wide && header.length < 64)
        return undefined;
    const sectionCount = u16(wide ? 0x3c : 0x30);
    const sectionOffset = word(wide ? 0x28 : 0x20);
    if (sectionCount !== 0 && sectionOffset !== 0)
        return undefined;
    const programOffset = word(wide ? 0x20 : 0x1c);
    const entrySize = u16(wide ? 0x36 : 0x2a);
    const count = u16(wide ? 0x38 : 0x2c);
    if (entrySize < (wide ? 56 : 32))
        return undefined;
    for (let index = 0; index < count; index++) {
        const at = programOffset + index * entrySize;
        if (at + entrySize > header.length)
            break;
        if (u32(at) !== 1)
            continue;
        const fileSize = word(at + (wide ? 0x20 : 0x10));
        const memorySize = word(at + (wide ? 0x28 : 0x14));
        if (memorySize >= 8 * fileSize && memorySize - fileSize >= 64 * 1024)
            return `no section headers, and a segment that reserves ${memorySize} bytes of memory for ${fileSize} bytes of file`;
    }
    return undefined;
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** Bytes of a file's start needed to recognise it. */
const EXEC_HEAD_BYTES = 256;
function isElf(head) {
    return head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC);
}
/** What the first bytes say; undefined for data files. */
function execInfoFromHead(head) {
    if (isElf(head))
        return { format: 'elf' };
    if (head.length >= 3 && head[0] === 0x23 && head[1] === 0x21) {
        const newline = head.indexOf(0x0a);
        const line = head.toString('latin1', 2, newline < 0 ? head.length : newline).trim();
        const interpreter = line.split(/\s+/)[0] ?? '';
        return interpreter ? { format: 'script', interpreter } : { format: 'script' };
    }
    return undefined;
}

// Bounds that keep hostile archives from exhausting memory or time. Real images stay far below them.
const DEFAULT_LIMITS = {
    // Well past real images (a large one has 100,000 entries) while bounding memory and time.
    maxEntries: 1_000_000,
    maxRetainedBytes: 512 * 2 ** 20,
    maxLayerBytes: 64 * 2 ** 30,
    maxCompressionRatio: 1000,
    ratioCheckAfterBytes: 2 ** 30,
    maxMetadataBytes: 16 * 2 ** 20,
    maxTarMetaBytes: 2 ** 20,
    // Linux refuses longer names (ENAMETOOLONG), so Docker cannot unpack a layer that has one either.
    maxPathBytes: 4096,
    maxPathComponentBytes: 255,
    maxLinkTargetBytes: 4096,
    maxCaptureBytes: 4 * 2 ** 20,
    maxLayers: 1000,
    // Each symlink is expanded once and reused; real images spend a few steps per symlink.
    maxSymlinkSteps: 20_000_000
};
/** The command-line flag that raises a limit, for error messages: maxLayerBytes \u2192 --max-layer-bytes. */
function limitFlag(name) {
    return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

// Tar names are bytes, not text: a name may hold any byte but NUL, valid UTF-8 or not. They become
// strings here, and only here, so that two different names never become the same string.
//
// Valid UTF-8 decodes as usual. Each byte of an invalid sequence becomes the lone surrogate
// U+DC80 + byte (U+DC80..U+DCFF, Python's "surrogateescape"): strict UTF-8 never decodes to a
// surrogate, so the mapping is injective and `encodeTarText` gives the bytes back.
/** First and last code unit that stands for one undecodable byte (0x80..0xff). */
const ESCAPED_BYTE_FIRST = 0xdc80;
const ESCAPED_BYTE_LAST = 0xdcff;
/** The bytes `start`..`end` of `bytes` as a string; see the file comment for invalid UTF-8. */
function decodeTarText(bytes, start, end) {
    let ascii = true;
    for (let i = start; i < end; i++) {
        if (bytes[i] > 0x7f) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return bytes.toString('latin1', start, end);
    if (isUtf8(bytes.subarray(start, end)))
        return bytes.toString('utf8', start, end);
    return decodeEscaped(bytes, start, end);
}
/** Strict UTF-8 (Unicode table 3-7) with every byte outside a well-formed sequence escaped. */
function decodeEscaped(bytes, start, end) {
    const units = [];
    let i = start;
    while (i < end) {
        const lead = bytes[i];
        if (lead < 0x80) {
            units.push(lead);
            i++;
            continue;
        }
        const length = sequenceLength(bytes, i, end);
        if (length === 0) {
            units.push(ESCAPED_BYTE_FIRST - 0x80 + lead);
            i++;
            continue;
        }
        let code = length === 2 ? lead & 0x1f : length === 3 ? lead & 0x0f : lead & 0x07;
        for (let k = 1; k < length; k++)
            code = (code << 6) | (bytes[i + k] & 0x3f);
        if (code >= 0x10000) {
            code -= 0x10000;
            units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
        }
        else
            units.push(code);
        i += length;
    }
    let text = '';
    for (let from = 0; from < units.length; from += 4096)
        text += String.fromCharCode(...units.slice(from, from + 4096));
    return text;
}
/** Length of the well-formed UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes, i, end) {
    const lead = bytes[i];
    let length;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead === 0xe0)
            low = 0xa0;
        else if (lead === 0xed)
            high = 0x9f; // U+D800..U+DFFF are not characters
    }
    else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead === 0xf0)
            low = 0x90;
        else if (lead === 0xf4)
            high = 0x8f;
    }
    else
        return 0;
    if (i + length > end)
        return 0;
    const second = bytes[i + 1];
    if (second < low || second > high)
        return 0;
    for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next < 0x80 || next > 0xbf)
            return 0;
    }
    return length;
}
/**
 * How many bytes `text` (from `decodeTarText`) stood for, between `start` and `end`: an escaped byte
 * counts one, a character its UTF-8 length. No allocation: limits check this on every entry.
 */
function tarTextByteLength(text, start = 0, end = text.length) {
    let bytes = 0;
    for (let i = start; i < end; i++) {
        const unit = text.charCodeAt(i);
        if (unit < 0x80)
            bytes += 1;
        else if (unit < 0x800)
            bytes += 2;
        else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                bytes += 4;
                i++;
            }
            else
                bytes += 3;
        }
        else if (unit >= ESCAPED_BYTE_FIRST && unit <= ESCAPED_BYTE_LAST)
            bytes += 1;
        else
            bytes += 3;
    }
    return bytes;
}

// Pure decoding of one 512-byte tar header block and of PAX records, as Go's archive/tar (Go 1.19,
// the reader Docker and containerd unpack layers with) decodes them: the same formats (V7, USTAR,
// PAX, GNU, STAR), the same fields, the same errors. No I/O, and one piece of state: a cache, the word
// view of the buffer the last header was in (ChecksumWords below), which changes no result.
const BLOCK = 512;
class TarFormatError extends Error {
}
// Go passes '7' (contiguous file), 'X', 'D', 'V' and any other flag through as is; Docker and
// containerd then refuse the layer ("unhandled tar header type"). They are 'unknown' here.
const KINDS = {
    '0': 'file',
    // '\0' becomes a directory when the final name ends in '/': the parser decides, after overrides.
    '\0': 'file',
    '1': 'hardlink',
    '2': 'symlink',
    '3': 'char',
    '4': 'block',
    '5': 'dir',
    '6': 'fifo',
    x: 'pax',
    g: 'pax-global',
    L: 'gnu-long-name',
    K: 'gnu-long-link',
    S: 'sparse'
};
/** Types whose size field Go ignores: they never have a body (isHeaderOnlyType). */
function isHeaderOnly(typeflag) {
    return typeflag >= '1' && typeflag <= '6' && typeflag.length === 1;
}
// Every function takes the buffer and the offset of the 512-byte block in it: no view per header.
function isZeroBlock(block, at = 0) {
    for (let i = at; i < at + BLOCK; i++)
        if (block[i] !== 0)
            return false;
    return true;
}
/** True when the block's checksum field matches its bytes (unsigned or historic signed sum), as Go checks. */
function checksumMatches(block, at = 0) {
    const stored = octalValue(block, at + 148, 8);
    if (stored < 0)
        return false;
    if (stored === unsignedSum(block, at))
        return true;
    // Some historic tars summed signed bytes.
    let signed = 8 * 32;
    for (let i = 0; i < BLOCK; i++) {
        if (i >= 148 && i < 156)
            continue;
        const byte = block[at + i];
        signed += byte > 127 ? byte - 256 : byte;
    }
    return stored === signed;
}
/**
 * ChecksumWords, this module's one state: a word view of the buffer the last header was in, so an
 * aligned header is summed four bytes at a time. One view, replaced when the buffer changes (once per
 * chunk of input): a WeakMap of views kept every decompressed chunk alive until a full collection, which
 * cost memory on gzip layers (docs/benchmarks.md). A cache only: any buffer gets the same sum.
 */
let wordBuffer;
let words = new Uint32Array(0);
/** Sum of the header's bytes with the checksum field counted as eight spaces. */
function unsignedSum(block, at) {
    const start = block.byteOffset + at;
    if ((start & 3) !== 0 || block.buffer.byteLength < 1024) {
        let sum = 8 * 32;
        for (let i = at; i < at + 148; i++)
            sum += block[i];
        for (let i = at + 156; i < at + BLOCK; i++)
            sum += block[i];
        return sum;
    }
    if (block.buffer !== wordBuffer) {
        wordBuffer = block.buffer;
        words = new Uint32Array(block.buffer, 0, block.buffer.byteLength >>> 2);
    }
    // Two 16-bit lanes, each adding two bytes per word: at most 128 \u00d7 510 < 65536, so no lane overflows.
    const first = start >>> 2;
    let lanes = 0;
    for (let i = first; i < first + 37; i++) {
        const word = words[i];
        lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff);
    }
    // Words 37 and 38 are the checksum field itself (bytes 148-155).
    for (let i = first + 39; i < first + 128; i++) {
        const word = words[i];
        lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff);
    }
    return 8 * 32 + (lanes % 0x10000) + Math.floor(lanes / 0x10000);
}
var Format;
(function (Format) {
    Format[Format["V7"] = 0] = "V7";
    Format[Format["Ustar"] = 1] = "Ustar";
    Format[Format["Gnu"] = 2] = "Gnu";
    Format[Format["Star"] = 3] = "Star";
})(Format || (Format = {}));
/** Go's getFormat: "ustar\0" (any version) is USTAR, or STAR with "tar\0" at 508; "ustar  \0" is GNU. */
function formatOf(block, at) {
    if (block[at + 257] !== 0x75 ||
        block[at + 258] !== 0x73 ||
        block[at + 259] !== 0x74 ||
        block[at + 260] !== 0x61 ||
        block[at + 261] !== 0x72)
        return Format.V7;
    const sixth = block[at + 262];
    if (sixth === 0) {
        const star = block[at + 508] === 0x74 &&
            block[at + 509] === 0x61 &&
            block[at + 510] === 0x72 &&
            block[at + 511] === 0;
        return star ? Format.Star : Format.Ustar;
    }
    if (sixth === 0x20 && block[at + 263] === 0x20 && block[at + 264] === 0)
        return Format.Gnu;
    return Format.V7;
}
function decodeHeader(block, at = 0) {
    if (!checksumMatches(block, at))
        throw new TarFormatError('header checksum does not match');
    const typeflag = String.fromCharCode(block[at + 156]);
    const format = formatOf(block, at);
    let name = cString(block, at, 100);
    const size = numericField(block, at + 124, 12, 'size');
    const mode = modeField(block, at + 100);
    const uid = numericField(block, at + 108, 8, 'uid');
    const gid = numericField(block, at + 116, 8, 'gid');
    numericField(block, at + 136, 12, 'mtime');
    let devMajor = 0;
    let devMinor = 0;
    if (format !== Format.V7) {
        devMajor = numericField(block, at + 329, 8, 'devmajor');
        devMinor = numericField(block, at + 337, 8, 'devminor');
        let prefix = '';
        if (format === Format.Ustar)
            prefix = cString(block, at + 345, 155);
        else if (format === Format.Star) {
            prefix = cString(block, at + 345, 131);
            numericField(block, at + 476, 12, 'atime');
            numericField(block, at + 488, 12, 'ctime');
        }
        else if (!gnuTimesValid(block, at)) {
            // Go reads an invalid GNU atime/ctime as a USTAR header that was mislabelled GNU: the
            // 155 bytes at 345 become the name's prefix when they are ASCII.
            const end = cStringEnd(block, at + 345, 155);
            let ascii = true;
            for (let i = at + 345; i < end; i++)
                if (block[i] > 0x7f)
                    ascii = false;
            if (ascii)
                prefix = block.toString('latin1', at + 345, end);
        }
        if (prefix.length > 0)
            name = `${prefix}/${name}`;
    }
    return {
        name,
        mode,
        uid,
        gid,
        size,
        typeflag,
        kind: KINDS[typeflag] ?? 'unknown',
        linkname: cString(block, at + 157, 100),
        devMajor,
        devMinor
    };
}
/** GNU atime and ctime are only parsed when their first byte is set, and their errors are not errors. */
function gnuTimesValid(block, at) {
    for (const offset of [345, 357]) {
        if (block[at + offset] === 0)
            continue;
        if (block[at + offset] & 0x80) {
            if (base256Value(block, at + offset, 12) === undefined)
                return false;
        }
        else if (octalValue(block, at + offset, 12) < 0)
            return false;
    }
    return true;
}
function cStringEnd(block, offset, length) {
    let end = offset;
    while (end < offset + length && block[end] !== 0)
        end++;
    return end;
}
/** A NUL-terminated field (the whole field when it has no NUL). */
function cString(block, offset, length) {
    if (block[offset] === 0)
        return '';
    return decodeTarText(block, offset, cStringEnd(block, offset, length));
}
/** Octal, or base-256 when the high bit of the first byte is set; NaN where Go's value is no safe integer. */
function numericField(block, offset, length, field) {
    if (block[offset] & 0x80) {
        const value = base256Value(block, offset, length);
        if (value === undefined)
            throw new TarFormatError(`base-256 ${field} field overflows 64 bits`);
        return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : Number.NaN;
    }
    const value = octalValue(block, offset, length);
    if (value < 0)
        throw new TarFormatError(`${field} field is not an octal number`);
    return value;
}
/** The mode field: only its low bits matter (permissions, setuid/setgid/sticky), kept exact. */
function modeField(block, offset) {
    if (block[offset] & 0x80) {
        const value = base256Value(block, offset, 8);
        if (value === undefined)
            throw new TarFormatError('base-256 mode field overflows 64 bits');
        return Number(BigInt.asIntN(32, value));
    }
    return numericField(block, offset, 8, 'mode');
}
/**
 * Go's parseOctal: spaces and NULs trimmed at both ends, cut at the first NUL left, then only
 * digits 0-7 (at least one, unless the field was blank). -1 for what Go calls an error.
 */
function octalValue(block, offset, length) {
    let start = offset;
    let end = offset + length;
    while (start < end && (block[start] === 0x20 || block[start] === 0))
        start++;
    if (start === end)
        return 0;
    while (block[end - 1] === 0x20 || block[end - 1] === 0)
        end--;
    let value = 0;
    for (let i = start; i < end; i++) {
        const c = block[i];
        if (c === 0)
            break;
        if (c < 0x30 || c > 0x37)
            return -1;
        value = value * 8 + (c - 0x30);
    }
    return value;
}
/** Go's base-256: big-endian two's complement after the marker bit; undefined where Go overflows. */
function base256Value(block, offset, length) {
    const invert = block[offset] & 0x40 ? 0xff : 0;
    let value = 0n;
    for (let i = 0; i < length; i++) {
        let byte = block[offset + i] ^ invert;
        if (i === 0)
            byte &= 0x7f;
        if (value >> 56n > 0n)
            return undefined;
        value = (value << 8n) | BigInt(byte);
    }
    if (value >> 63n > 0n)
        return undefined;
    return invert ? -value - 1n : value;
}
/**
 * PAX records "<length> <key>=<value>\n", validated as Go's parsePAX does: the whole body is records,
 * each length exact, no NUL in a key or in a path/linkpath/uname/gname value, and GNU sparse 0.0
 * offset/numbytes records alternating. A later record for a key replaces an earlier one.
 */
function parsePaxRecords(body) {
    const records = new Map();
    let offset = 0;
    let sparsePairs = 0;
    while (offset < body.length) {
        const space = body.indexOf(0x20, offset);
        if (space < 0)
            throw new TarFormatError('malformed PAX record: no length');
        const declared = goInt(body.toString('latin1', offset, space));
        const remaining = body.length - offset;
        if (declared === undefined || Number.isNaN(declared) || declared < 5 || declared > remaining) {
            throw new TarFormatError('malformed PAX record length');
        }
        const recordEnd = offset + declared;
        if (recordEnd <= space + 1 || body[recordEnd - 1] !== 0x0a) {
            throw new TarFormatError('malformed PAX record: no newline where its length ends');
        }
        const equals = body.indexOf(0x3d, space + 1);
        if (equals < 0 || equals >= recordEnd - 1)
            throw new TarFormatError('malformed PAX record: no "="');
        if (equals === space + 1)
            throw new TarFormatError('malformed PAX record: empty key');
        const key = body.toString('latin1', space + 1, equals);
        const value = body.subarray(equals + 1, recordEnd - 1);
        const nulAllowedInValue = !(key === 'path' || key === 'linkpath' || key === 'uname' || key === 'gname');
        if (nulAllowedInValue ? key.includes('\0') : value.includes(0)) {
            throw new TarFormatError(`malformed PAX record: NUL in ${nulAllowedInValue ? 'a key' : key}`);
        }
        if (key === 'GNU.sparse.offset' || key === 'GNU.sparse.numbytes') {
            const expected = sparsePairs % 2 === 0 ? 'GNU.sparse.offset' : 'GNU.sparse.numbytes';
            if (key !== expected || value.includes(0x2c)) {
                throw new TarFormatError('malformed PAX record: GNU sparse offsets and sizes out of order');
            }
            sparsePairs++;
        }
        records.set(key, value);
        offset = recordEnd;
    }
    return records;
}
/**
 * Go's strconv.ParseInt(text, 10, 64): optional sign, decimal digits only, within int64.
 * undefined where Go errors; NaN where the value is valid but no safe integer.
 */
function goInt(text) {
    if (!/^[+-]?[0-9]+$/.test(text))
        return undefined;
    if (text.length <= 15)
        return Number(text);
    const value = BigInt(text);
    if (value > 2n ** 63n - 1n || value < -(2n ** 63n))
        return undefined;
    return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : Number.NaN;
}
/** Go's parsePAXTime: "<seconds>[.<digits>]", seconds as ParseInt reads them. */
function isGoPaxTime(text) {
    const dot = text.indexOf('.');
    const seconds = dot < 0 ? text : text.slice(0, dot);
    if (goInt(seconds) === undefined)
        return false;
    return dot < 0 || /^[0-9]*$/.test(text.slice(dot + 1));
}

// A synchronous push parser for tar streams: feed chunks, get headers and body bytes.
// All state lives in named fields; body bytes are handed over as views, never copied.
/** Linux file capabilities (struct vfs_cap_data): privileges granted at exec, as setuid grants them. */
const CAPABILITY_XATTR = 'security.capability';
/** Extended attributes kept on entry headers: file capabilities, which grant privileges as setuid does. */
const KEPT_XATTRS = new Set([CAPABILITY_XATTR]);
/**
 * Extended attributes overlayfs itself reads (opaque, redirect, metacopy, \u2026), kept so that the layer
 * can be refused: set from a layer, they change what a container on overlay2 sees.
 */
const OVERLAY_XATTR = /^(trusted|user)\.overlay\./;
/** Go's archive/tar refuses a PAX header or GNU long name/link body over 1 MiB (maxSpecialFileSize). */
const GO_MAX_META_BYTES = 1 << 20;
var State;
(function (State) {
    State[State["Header"] = 0] = "Header";
    State[State["Body"] = 1] = "Body";
    State[State["MetaBody"] = 2] = "MetaBody";
    State[State["Padding"] = 3] = "Padding";
    State[State["Ended"] = 4] = "Ended";
})(State || (State = {}));
class TarParser {
    visitor;
    limits;
    state = State.Header;
    position = 0;
    headerBlock = Buffer.alloc(BLOCK);
    headerFill = 0;
    bodyRemaining = 0;
    paddingRemaining = 0;
    sink;
    metaHeader;
    metaChunks = [];
    entryStart = 0;
    /** A zero block was read: the next block must be zero too (the end) or the input must end. */
    zeroBlockSeen = false;
    // What meta headers said about the next entry. As in Go, a later PAX header replaces an earlier
    // one whole, and an empty GNU long name means "none" (it still replaces an earlier one).
    pendingPax;
    pendingLongName;
    pendingLongLink;
    constructor(visitor, limits = { maxMetaBytes: 1 << 20 }) {
        this.visitor = visitor;
        this.limits = limits;
    }
    /** Bytes consumed so far. */
    get bytesRead() {
        return this.position;
    }
    get ended() {
        return this.state === State.Ended;
    }
    push(chunk) {
        let offset = 0;
        while (offset < chunk.length) {
            switch (this.state) {
                case State.Header: {
                    const take = Math.min(BLOCK - this.headerFill, chunk.length - offset);
                    if (take === BLOCK) {
                        offset += take;
                        this.position += take;
                        this.onHeader(chunk, offset - BLOCK);
                    }
                    else {
                        chunk.copy(this.headerBlock, this.headerFill, offset, offset + take);
                        this.headerFill += take;
                        offset += take;
                        this.position += take;
                        if (this.headerFill === BLOCK) {
                            this.headerFill = 0;
                            this.onHeader(this.headerBlock, 0);
                        }
                    }
                    break;
                }
                case State.Body: {
                    const take = Math.min(this.bodyRemaining, chunk.length - offset);
                    if (this.sink)
                        this.sink.write(chunk.subarray(offset, offset + take));
                    offset += take;
                    this.position += take;
                    this.bodyRemaining -= take;
                    if (this.bodyRemaining === 0)
                        this.finishBody();
                    break;
                }
                case State.MetaBody: {
                    const take = Math.min(this.bodyRemaining, chunk.length - offset);
                    this.metaChunks.push(Buffer.from(chunk.subarray(offset, offset + take)));
                    offset += take;
                    this.position += take;
                    this.bodyRemaining -= take;
                    if (this.bodyRemaining === 0)
                        this.finishMeta();
                    break;
                }
                case State.Padding: {
                    const take = Math.min(this.paddingRemaining, chunk.length - offset);
                    offset += take;
                    this.position += take;
                    this.paddingRemaining -= take;
                    if (this.paddingRemaining === 0)
                        this.state = State.Header;
                    break;
                }
                case State.Ended:
                    // Anything after the end-of-archive marker is padding (tar writes to a record boundary).
                    this.position += chunk.length - offset;
                    return;
            }
        }
    }
    /** Bytes from the current position that no sink needs: a reader with random access may skip them. */
    skippable() {
        if (this.state !== State.Body)
            return 0;
        if (!this.sink)
            return this.bodyRemaining;
        return this.sink.skippable ? Math.min(this.bodyRemaining, this.sink.skippable()) : 0;
    }
    /** Advances past `length` body bytes (at most `skippable()`) without reading them. */
    skip(length) {
        if (length <= 0)
            return;
        if (this.state !== State.Body || length > this.bodyRemaining)
            throw new Error('tar parser: skip outside a body');
        this.sink?.skip?.(length);
        this.position += length;
        this.bodyRemaining -= length;
        if (this.bodyRemaining === 0)
            this.finishBody();
    }
    /**
     * Call at end of input: throws when the stream stopped inside a header, a PAX or long-name body,
     * or a file body. As in Go, input may also end at a block boundary without the two zero blocks,
     * or inside the padding after the last body; meta headers with no entry after them are dropped.
     */
    end() {
        if (this.state === State.Ended)
            return;
        if (this.state === State.Padding || (this.state === State.Header && this.headerFill === 0)) {
            this.state = State.Ended;
            return;
        }
        if (this.state === State.Header) {
            throw new TarFormatError(`stream ends inside a header that starts at byte ${this.position - this.headerFill}`);
        }
        const where = this.state === State.MetaBody ? 'the body of the meta header' : 'the body of the entry';
        throw new TarFormatError(`stream ends inside ${where} that starts at byte ${this.entryStart}`);
    }
    /** The header block is the 512 bytes at `at` in `block` (a chunk of input, or the block assembled from pieces). */
    onHeader(block, at) {
        this.entryStart = this.position - BLOCK;
        if (isZeroBlock(block, at)) {
            if (this.zeroBlockSeen)
                this.state = State.Ended;
            this.zeroBlockSeen = true;
            return;
        }
        if (this.zeroBlockSeen) {
            throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: a header after a zero block (one zero block ends nothing, two end the archive)`);
        }
        let raw;
        try {
            raw = decodeHeader(block, at);
        }
        catch (error) {
            throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: ${error.message}`);
        }
        if (raw.size < 0 && !isHeaderOnly(raw.typeflag)) {
            throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: negative size ${raw.size}`);
        }
        if (raw.kind === 'pax' ||
            raw.kind === 'pax-global' ||
            raw.kind === 'gnu-long-name' ||
            raw.kind === 'gnu-long-link') {
            this.startMeta(raw);
            return;
        }
        if (raw.kind === 'sparse') {
            throw new TarFormatError(`entry ${printableName(raw.name)} at byte ${this.entryStart} is a GNU sparse file (type 'S'), which is not read`);
        }
        const header = this.applyOverrides(raw);
        // Only regular files and unknown types carry bodies: Go ignores the size of links, directories, devices.
        const bodyBytes = isHeaderOnly(header.typeflag) ? 0 : header.size;
        if (!Number.isSafeInteger(bodyBytes) || bodyBytes < 0) {
            throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: entry ${printableName(header.name)} has size ${Number.isNaN(bodyBytes) ? 'past 2^53' : bodyBytes}`);
        }
        if (header.kind !== 'file')
            header.size = bodyBytes;
        this.sink = this.visitor.entry(header);
        this.bodyRemaining = bodyBytes;
        this.paddingRemaining = padding(bodyBytes);
        if (this.bodyRemaining > 0)
            this.state = State.Body;
        else
            this.finishBody();
    }
    startMeta(raw) {
        const limit = Math.min(this.limits.maxMetaBytes, GO_MAX_META_BYTES);
        if (!(raw.size <= limit)) {
            const size = Number.isNaN(raw.size) ? 'over 2^53' : String(raw.size);
            const message = `${raw.kind} header at byte ${this.entryStart} is ${size} bytes, over the limit of ${limit}`;
            if (!(raw.size <= GO_MAX_META_BYTES)) {
                throw new TarFormatError(`${message}, the most Go's archive/tar (and so Docker) reads`);
            }
            throw new LimitError(`${message} (limit ${limitFlag('maxTarMetaBytes')})`);
        }
        this.metaHeader = raw;
        this.metaChunks = [];
        this.bodyRemaining = raw.size;
        this.paddingRemaining = padding(raw.size);
        this.state = raw.size > 0 ? State.MetaBody : State.Header;
        if (raw.size === 0)
            this.finishMeta();
    }
    /** Go's order: the header's fields, then the PAX records (an empty value changes nothing), then GNU long names. */
    applyOverrides(raw) {
        const header = {
            name: raw.name,
            kind: raw.kind,
            typeflag: raw.typeflag,
            mode: raw.mode,
            uid: raw.uid,
            gid: raw.gid,
            size: raw.size,
            linkname: raw.linkname,
            devMajor: raw.devMajor,
            devMinor: raw.devMinor,
            offset: this.entryStart,
            bodyOffset: this.position
        };
        if (this.pendingPax !== undefined)
            this.applyPax(header, this.pendingPax);
        if (this.pendingLongName)
            header.name = this.pendingLongName;
        if (this.pendingLongLink)
            header.linkname = this.pendingLongLink;
        this.pendingPax = undefined;
        this.pendingLongName = undefined;
        this.pendingLongLink = undefined;
        if (header.typeflag === '\0') {
            // Legacy archives mark directories with a trailing slash (Go's TypeRegA promotion).
            const dir = header.name.endsWith('/');
            header.typeflag = dir ? '5' : '0';
            header.kind = dir ? 'dir' : 'file';
        }
        return header;
    }
    applyPax(header, records) {
        for (const [key, value] of records) {
            if (key.startsWith('GNU.sparse.')) {
                // Go rebuilds GNU sparse files (PAX 0.x and 1.0) from a map; the gate does not read sparse data.
                throw new TarFormatError(`entry ${printableName(header.name)} at byte ${this.entryStart} is a GNU sparse file (PAX ${key}), which is not read`);
            }
            if (value.length === 0)
                continue;
            switch (key) {
                case 'path':
                    header.name = decodeTarText(value, 0, value.length);
                    break;
                case 'linkpath':
                    header.linkname = decodeTarText(value, 0, value.length);
                    break;
                case 'uid':
                    header.uid = this.paxInt(key, value);
                    break;
                case 'gid':
                    header.gid = this.paxInt(key, value);
                    break;
                case 'size':
                    header.size = this.paxInt(key, value);
                    break;
                case 'atime':
                case 'mtime':
                case 'ctime':
                    if (!isGoPaxTime(value.toString('latin1')))
                        throw this.invalidPax(key, value);
                    break;
                default:
                    if (key.startsWith('SCHILY.xattr.')) {
                        const name = decodeTarText(Buffer.from(key, 'latin1'), 13, key.length);
                        if (KEPT_XATTRS.has(name) || OVERLAY_XATTR.test(name))
                            (header.xattrs ??= new Map()).set(name, Buffer.from(value));
                    }
            }
        }
    }
    paxInt(key, value) {
        const parsed = goInt(value.toString('latin1'));
        if (parsed === undefined)
            throw this.invalidPax(key, value);
        return parsed;
    }
    invalidPax(key, value) {
        return new TarFormatError(`invalid PAX ${key} "${printableName(value.toString('latin1', 0, 40))}" for entry at byte ${this.entryStart}`);
    }
    finishMeta() {
        const header = this.metaHeader;
        const body = this.metaChunks.length === 1 ? this.metaChunks[0] : Buffer.concat(this.metaChunks);
        this.metaChunks = [];
        try {
            if (header.kind === 'pax')
                this.pendingPax = parsePaxRecords(body);
            else if (header.kind === 'pax-global') {
                // Go returns a global header as an entry of its own, which Docker and containerd ignore: its
                // records apply to nothing, and meta headers before it are lost. They are checked, then dropped.
                parsePaxRecords(body);
                this.pendingPax = undefined;
                this.pendingLongName = undefined;
                this.pendingLongLink = undefined;
            }
            else {
                const nul = body.indexOf(0);
                const text = decodeTarText(body, 0, nul < 0 ? body.length : nul);
                if (header.kind === 'gnu-long-name')
                    this.pendingLongName = text;
                else
                    this.pendingLongLink = text;
            }
        }
        catch (error) {
            if (!(error instanceof TarFormatError))
                throw error;
            throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: ${error.message}`);
        }
        this.state = this.paddingRemaining > 0 ? State.Padding : State.Header;
    }
    finishBody() {
        const sink = this.sink;
        this.sink = undefined;
        if (sink)
            sink.end();
        this.state = this.paddingRemaining > 0 ? State.Padding : State.Header;
    }
}
function padding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? 0 : BLOCK - rest;
}

// Short strings kept as bytes, one per UTF-16 unit, back to back in one growing buffer: the merged tree's
// names and the layer tables' path suffixes. About 1 byte a character instead of a heap string (a 16-byte
// header, padding) and its 8-byte slot; a string with a unit past 255 is the caller's to keep aside.
class Latin1Pool {
    bytes;
    /** Where the next string starts. */
    end = 0;
    constructor(initialBytes) {
        this.bytes = Buffer.allocUnsafeSlow(initialBytes);
    }
    /** Appends `text` from index `from`; false, with nothing appended, when a unit is past 255. */
    append(text, from = 0) {
        const length = text.length - from;
        if (this.end + length > this.bytes.length) {
            const larger = Buffer.allocUnsafeSlow(Math.max(this.end + length, this.bytes.length * 2));
            this.bytes.copy(larger, 0, 0, this.end);
            this.bytes = larger;
        }
        const { bytes } = this;
        let at = this.end;
        for (let index = from; index < text.length; index++) {
            const unit = text.charCodeAt(index);
            if (unit > 0xff)
                return false;
            bytes[at++] = unit;
        }
        this.end = at;
        return true;
    }
    /** The string stored from `start` to `end`. */
    text(start, end) {
        return this.bytes.toString('latin1', start, end);
    }
}

// A column of whole numbers in 16 or 32 bits per row, with the rare value that does not fit (a size
// past 4 GiB, a uid past 65535, the root's layer -1) kept aside: most images need 2 or 4 bytes per
// field where a Float64Array would take 8.
class NarrowColumn {
    values;
    /** Rows whose value did not fit; their slot holds `marker`. */
    wide = new Map();
    marker;
    constructor(bits, length) {
        this.values = bits === 16 ? new Uint16Array(length) : new Uint32Array(length);
        this.marker = bits === 16 ? 0xffff : 0xffffffff;
    }
    get capacity() {
        return this.values.length;
    }
    /** Room for `total` rows; grows to at least twice the size so appends stay amortised. */
    reserve(total) {
        this.values = grown(this.values, total);
    }
    get(row) {
        const value = this.values[row];
        return value === this.marker ? this.wide.get(row) : value;
    }
    set(row, value) {
        if (value >= 0 && value < this.marker && Number.isInteger(value)) {
            if (this.values[row] === this.marker)
                this.wide.delete(row);
            this.values[row] = value;
        }
        else {
            this.values[row] = this.marker;
            this.wide.set(row, value);
        }
    }
}
/** The same array when it holds `needed` rows, else a copy at least twice as long (appends stay amortised). */
function grown(array, needed) {
    if (needed <= array.length)
        return array;
    const next = new array.constructor(Math.max(needed, array.length * 2));
    next.set(array);
    return next;
}

// One layer's entries kept as columns until the layers merge: about 16 bytes of typed arrays plus the
// bytes of a short suffix per entry, instead of an object and a whole path per entry. Paths are
// front-coded: an entry keeps what follows the directory prefix it shares with the entry before it
// (usually just its name), as bytes in one pool, so a 500,000-entry layer makes no string per entry.
const TYPES = [
    'file',
    'dir',
    'symlink',
    'char',
    'block',
    'fifo',
    'hardlink',
    'whiteout',
    'opaque',
    'device-whiteout'
];
const TYPE_CODE$1 = new Map(TYPES.map((type, code) => [type, code]));
/** Rows per chunk: columns grow a chunk at a time, so the slack is at most one chunk. */
const CHUNK_SHIFT = 12;
const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const ROW_MASK = CHUNK_ROWS - 1;
/** Every this many rows a path is kept whole, so a row can be decoded without reading from row 0. */
const RESTART_ROWS = 64;
const newChunk = () => ({
    suffixStarts: new Int32Array(CHUNK_ROWS),
    prefixLengths: new NarrowColumn(16, CHUNK_ROWS),
    types: new Uint8Array(CHUNK_ROWS),
    modes: new Uint16Array(CHUNK_ROWS),
    uids: new NarrowColumn(16, CHUNK_ROWS),
    gids: new NarrowColumn(16, CHUNK_ROWS),
    sizes: new NarrowColumn(32, CHUNK_ROWS)
});
class LayerEntryTable {
    length = 0;
    /**
     * What follows the shared prefix, one byte per UTF-16 unit; no '/' in it when the entry is in the
     * previous entry's directory. A suffix with a unit past 255 (rare) is kept in `wideSuffixes` instead.
     */
    suffixPool = new Latin1Pool(16 * 1024);
    wideSuffixes = new Map();
    previousPath = '';
    chunks = [];
    /** The rare and the optional, by row. */
    linkTargets = new Map();
    contents = new Map();
    truncated = new Set();
    execs = new Map();
    /** File capabilities by row: most layers have none. */
    capabilities = new Map();
    /** Appends an entry (its content and exec info are set later, once its body has gone by) and returns its row. */
    push(entry) {
        const row = this.length++;
        if ((row & ROW_MASK) === 0)
            this.chunks.push(newChunk());
        const chunk = this.chunks[row >>> CHUNK_SHIFT];
        const at = row & ROW_MASK;
        const code = TYPE_CODE$1.get(entry.type);
        chunk.types[at] = code;
        chunk.modes[at] = entry.mode & 0o7777;
        chunk.uids.set(at, entry.uid);
        chunk.gids.set(at, entry.gid);
        chunk.sizes.set(at, entry.size);
        const prefixLength = row % RESTART_ROWS === 0 ? 0 : sharedDirectoryPrefix(entry.path, this.previousPath);
        chunk.prefixLengths.set(at, prefixLength);
        chunk.suffixStarts[at] = this.suffixPool.end;
        this.appendSuffix(row, entry.path, prefixLength);
        this.previousPath = entry.path;
        if (entry.linkTarget !== undefined)
            this.linkTargets.set(row, entry.linkTarget);
        if (entry.capability !== undefined)
            this.capabilities.set(row, entry.capability);
        this.setBody(row, entry.content, entry.contentTruncated ?? false, entry.exec);
        return row;
    }
    /** What a file's body said: the captured bytes and what the executable is. */
    setBody(row, content, truncated, exec) {
        if (content)
            this.contents.set(row, content);
        if (truncated)
            this.truncated.add(row);
        if (exec)
            this.execs.set(row, exec);
    }
    get(row) {
        let path = '';
        for (let from = row - (row % RESTART_ROWS); from < row; from++)
            path = this.pathAfter(from, path, this.suffix(from));
        const suffix = this.suffix(row);
        return this.entryAt(row, this.pathAfter(row, path, suffix), suffix);
    }
    /** Copies the path's characters after `from` into the pool, or aside when one is past 255. */
    appendSuffix(row, path, from) {
        // Its own copy aside: a slice of the path would keep the whole path alive.
        if (!this.suffixPool.append(path, from))
            this.wideSuffixes.set(row, ownCopy(path.slice(from)));
    }
    suffix(row) {
        if (this.wideSuffixes.size > 0) {
            const wide = this.wideSuffixes.get(row);
            if (wide !== undefined)
                return wide;
        }
        const start = this.chunks[row >>> CHUNK_SHIFT].suffixStarts[row & ROW_MASK];
        const next = row + 1;
        const end = next < this.length
            ? this.chunks[next >>> CHUNK_SHIFT].suffixStarts[next & ROW_MASK]
            : this.suffixPool.end;
        return this.suffixPool.text(start, end);
    }
    /** Path of `row`, given the path of the row before it and this row's suffix. */
    pathAfter(row, previous, suffix) {
        const prefixLength = this.chunks[row >>> CHUNK_SHIFT].prefixLengths.get(row & ROW_MASK);
        return prefixLength === 0 ? suffix : previous.slice(0, prefixLength) + suffix;
    }
    /** The entry at `row`; `suffix`, when given, is its name if it follows a shared directory prefix. */
    entryAt(row, path, suffix) {
        const chunk = this.chunks[row >>> CHUNK_SHIFT];
        const at = row & ROW_MASK;
        const entry = {
            path,
            type: TYPES[chunk.types[at]],
            mode: chunk.modes[at],
            uid: chunk.uids.get(at),
            gid: chunk.gids.get(at),
            size: chunk.sizes.get(at)
        };
        const linkTarget = this.linkTargets.get(row);
        if (linkTarget !== undefined)
            entry.linkTarget = linkTarget;
        const content = this.contents.get(row);
        if (content)
            entry.content = content;
        if (this.truncated.has(row))
            entry.contentTruncated = true;
        const exec = this.execs.get(row);
        if (exec)
            entry.exec = exec;
        if (this.capabilities.size > 0) {
            const capability = this.capabilities.get(row);
            if (capability)
                entry.capability = capability;
        }
        if (suffix !== undefined && chunk.prefixLengths.get(at) > 0 && suffix !== '' && !suffix.includes('/'))
            entry.name = suffix;
        return entry;
    }
    *[Symbol.iterator]() {
        let path = '';
        // The directory of the last run of entries named after a shared prefix, and that prefix's length.
        let dir;
        let dirPrefixLength = 0;
        for (let row = 0; row < this.length; row++) {
            const suffix = this.suffix(row);
            path = this.pathAfter(row, path, suffix);
            const entry = this.entryAt(row, path, suffix);
            if (entry.name === undefined)
                dir = undefined;
            else {
                // The same prefix length as the entry before, also named after it: the same directory.
                const prefixLength = path.length - entry.name.length;
                if (dir === undefined || prefixLength !== dirPrefixLength) {
                    dir = prefixLength === 1 ? '/' : path.slice(0, prefixLength - 1);
                    dirPrefixLength = prefixLength;
                }
                entry.dir = dir;
            }
            yield entry;
        }
    }
}
/** Length of the longest prefix of both paths that ends with '/'. */
function sharedDirectoryPrefix(path, previous) {
    const limit = Math.min(path.length, previous.length);
    let same = 0;
    while (same < limit && path.charCodeAt(same) === previous.charCodeAt(same))
        same++;
    return same === 0 ? 0 : path.lastIndexOf('/', same - 1) + 1;
}
/**
 * A suffix sliced from a path (V8 slices strings of 13 characters or more) would keep the whole path
 * alive, and with it this layer's paths after the merge: copy it.
 */
function ownCopy(text) {
    return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

// Turns one layer's tar entries into normalised LayerEntry records as they stream past,
// keeping only the bytes the capture predicate asks for and what executables say about themselves.
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** Counts bytes the read keeps against `maxRetainedBytes`, so memory stays bounded by more than entry count. */
function retain(budget, limits, bytes, what) {
    budget.retainedBytes = (budget.retainedBytes ?? 0) + bytes;
    if (budget.retainedBytes > limits.maxRetainedBytes) {
        throw new LimitError(`${what()} takes the bytes kept in memory past ${limits.maxRetainedBytes} ` +
            `(names, link targets, captured content and JSON; limit ${limitFlag('maxRetainedBytes')})`);
    }
}
class LayerIndexer {
    capture;
    limits;
    budget;
    entries = new LayerEntryTable();
    contentSize = 0;
    /** One sink serves every file of the layer in turn: entries arrive one at a time. */
    fileSink;
    /** Row of the file whose body the sink is reading. */
    bodyRow = 0;
    constructor(capture, limits, budget) {
        this.capture = capture;
        this.limits = limits;
        this.budget = budget;
        this.fileSink = new FileBodySink((content, truncated, exec) => this.entries.setBody(this.bodyRow, content, truncated, exec), (bytes, path) => retain(budget, limits, bytes, () => `entry ${printableName(path)}`));
    }
    entry(header) {
        if (++this.budget.entries > this.limits.maxEntries) {
            throw new LimitError(`more than ${this.limits.maxEntries} entries in the image (limit ${limitFlag('maxEntries')})`);
        }
        if (header.kind === 'unknown') {
            // Docker refuses to unpack entry types it does not know; so do we.
            throw new TarFormatError(`entry ${printableName(header.name)} at byte ${header.offset} has unsupported tar type '${printableName(header.typeflag)}'`);
        }
        if (!isLinuxId(header.uid) || !isLinuxId(header.gid)) {
            // chown(2) takes -1 as "leave unchanged" and the kernel cuts larger ids to 32 bits.
            throw new TarFormatError(`entry ${printableName(header.name)} at byte ${header.offset} has uid ${header.uid} and gid ${header.gid}: a Linux owner is 0 to ${MAX_LINUX_ID}`);
        }
        const path = normalisePath(header.name);
        const name = baseName(path);
        if (name.startsWith(WHITEOUT_PREFIX)) {
            const dir = parentPath(path);
            let target;
            if (name === OPAQUE_MARKER) {
                target = dir;
                this.entries.push({ path: dir, type: 'opaque', mode: 0, uid: 0, gid: 0, size: 0 });
            }
            else if (!name.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) {
                target = dir === '/' ? `/${name.slice(4)}` : `${dir}/${name.slice(4)}`;
                this.entries.push({ path: target, type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0 });
            }
            // Other .wh..wh.* names are aufs bookkeeping, which Docker skips too.
            // The caps apply to the path removed: Docker's own whiteout of a 255-byte name is 259 bytes long.
            if (target !== undefined)
                this.charge(this.pathBytes(target, header.offset, 'path'), target, header);
            return undefined;
        }
        if (header.xattrs) {
            for (const key of header.xattrs.keys()) {
                // overlayfs reads these on a layer's own files (redirect=/gone makes a whited-out directory
                // show again under another name): Docker's overlay2 applies them, vfs and umoci do not. Refused.
                if (OVERLAY_XATTR.test(key)) {
                    throw new TarFormatError(`entry ${printableName(path)} at byte ${header.offset} sets the extended attribute ${printableName(key)}, which overlayfs reads to decide what a container sees`);
                }
            }
        }
        let bytes = this.pathBytes(path, header.offset, 'path');
        let linkTarget;
        if (header.kind === 'symlink') {
            linkTarget = header.linkname;
            const targetBytes = tarTextByteLength(linkTarget);
            if (targetBytes > this.limits.maxLinkTargetBytes) {
                throw new LimitError(`symlink at byte ${header.offset} has a target of ${targetBytes} bytes, over the limit of ${this.limits.maxLinkTargetBytes} (limit ${limitFlag('maxLinkTargetBytes')}; Linux refuses targets of 4096 bytes and more)`);
            }
            bytes += targetBytes;
        }
        else if (header.kind === 'hardlink') {
            linkTarget = normalisePath(header.linkname);
            bytes += this.pathBytes(linkTarget, header.offset, 'hard link target');
        }
        if (header.xattrs)
            for (const [key, value] of header.xattrs)
                bytes += key.length + value.length;
        this.charge(bytes, path, header);
        const entry = {
            path,
            // A 0:0 character device is how overlayfs marks a whiteout, wherever it comes from.
            type: header.kind === 'char' && header.devMajor === 0 && header.devMinor === 0
                ? 'device-whiteout'
                : header.kind,
            mode: header.mode & 0o7777,
            uid: header.uid,
            gid: header.gid,
            size: header.kind === 'file' ? header.size : 0
        };
        if (linkTarget !== undefined)
            entry.linkTarget = linkTarget;
        // File capabilities matter only where a file is executed: regular files, and the hard links whose
        // unpack sets them on the file (already charged with the other xattrs above).
        const capability = header.xattrs?.get(CAPABILITY_XATTR);
        if (capability && (header.kind === 'file' || header.kind === 'hardlink'))
            entry.capability = capability;
        const row = this.entries.push(entry);
        if (header.kind !== 'file' || header.size === 0)
            return undefined;
        this.contentSize += header.size;
        const captureBytes = Math.min(this.capture(path, header.size), this.limits.maxCaptureBytes);
        this.bodyRow = row;
        this.fileSink.reset(path, header.size, captureBytes);
        return this.fileSink;
    }
    /** Inline rather than retain(): no message closure per entry on this hot path. */
    charge(bytes, path, header) {
        this.budget.retainedBytes = (this.budget.retainedBytes ?? 0) + bytes;
        if (this.budget.retainedBytes > this.limits.maxRetainedBytes) {
            retain(this.budget, this.limits, 0, () => `entry ${printableName(path)} at byte ${header.offset}`);
        }
    }
    /**
     * The bytes of a normalised path as the archive wrote them (see tar-text.ts), refused past the
     * path or link-target cap or with a component past the component cap, as Linux refuses them.
     */
    pathBytes(path, offset, what) {
        const { maxPathComponentBytes } = this.limits;
        const flag = what === 'path' ? 'maxPathBytes' : 'maxLinkTargetBytes';
        const max = this.limits[flag];
        let bytes = 1;
        let componentStart = 1;
        let componentBytes = 0;
        for (let i = 1; i <= path.length; i++) {
            const unit = i < path.length ? path.charCodeAt(i) : 0x2f;
            if (unit === 0x2f) {
                if (componentBytes > maxPathComponentBytes) {
                    throw new LimitError(`entry at byte ${offset} has a ${what} component "${printableName(path.slice(componentStart, componentStart + 40))}\u2026" of ${componentBytes} bytes, over the limit of ${maxPathComponentBytes} (limit ${limitFlag('maxPathComponentBytes')}; Linux refuses names over 255 bytes)`);
                }
                if (i < path.length)
                    bytes++;
                componentStart = i + 1;
                componentBytes = 0;
                continue;
            }
            let unitBytes = 1;
            if (unit >= 0x80) {
                const next = i + 1 < path.length ? path.charCodeAt(i + 1) : 0;
                const pair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
                unitBytes = tarTextByteLength(path, i, pair ? i + 2 : i + 1);
                if (pair)
                    i++;
            }
            bytes += unitBytes;
            componentBytes += unitBytes;
        }
        if (bytes > max) {
            throw new LimitError(`entry at byte ${offset} has a ${what} of ${bytes} bytes, over the limit of ${max} (limit ${limitFlag(flag)}; Linux refuses paths of 4096 bytes and more)`);
        }
        return bytes;
    }
}
const MAX_LINUX_ID = 0xfffffffe;
function isLinuxId(id) {
    return id >= 0 && id <= MAX_LINUX_ID && Number.isInteger(id);
}
/**
 * Keeps the captured prefix, recognises executables from the first bytes, and streams every ELF file
 * through a content scanner (multi-call tables, shell tables, packers) that keeps a bounded carry, never
 * the file.
 */
class FileBodySink {
    finished;
    retain;
    path = '';
    size = 0;
    captureBytes = 0;
    kept = [];
    keptBytes = 0;
    head = Buffer.alloc(EXEC_HEAD_BYTES);
    headBytes = 0;
    exec;
    decided = false;
    scanner;
    constructor(
    /** Receives what the body said, once it has gone by. */
    finished, 
    /** Charges what a file keeps (captured bytes, applet and builtin names) to the read's memory budget. */
    retain = () => undefined) {
        this.finished = finished;
        this.retain = retain;
    }
    reset(path, size, captureBytes) {
        this.path = path;
        this.size = size;
        this.captureBytes = captureBytes;
        this.kept = [];
        this.keptBytes = 0;
        this.headBytes = 0;
        this.exec = undefined;
        this.decided = false;
        this.scanner = undefined;
    }
    write(chunk) {
        if (this.keptBytes < this.captureBytes) {
            const part = chunk.subarray(0, this.captureBytes - this.keptBytes);
            this.kept.push(Buffer.from(part));
            this.keptBytes += part.length;
        }
        if (!this.decided) {
            const copied = chunk.copy(this.head, this.headBytes, 0, EXEC_HEAD_BYTES - this.headBytes);
            this.headBytes += copied;
            if (this.headBytes < Math.min(EXEC_HEAD_BYTES, this.size))
                return;
            this.decide();
            // Only ELF files are scanned further: most files stop here.
            if (this.scanner && copied < chunk.length)
                this.scanner.write(chunk.subarray(copied));
            return;
        }
        if (this.scanner)
            this.scanner.write(chunk);
    }
    skippable() {
        const done = this.decided && this.scanner === undefined && this.keptBytes >= this.captureBytes;
        return done ? Number.MAX_SAFE_INTEGER : 0;
    }
    skip() {
        // Only ever asked for bytes this sink said it does not need.
    }
    end() {
        if (!this.decided)
            this.decide();
        let content;
        if (this.captureBytes > 0) {
            this.retain(this.keptBytes, this.path);
            content = this.kept.length === 1 ? this.kept[0] : Buffer.concat(this.kept);
        }
        if (this.exec && this.scanner) {
            const { multiCall, shell, packed } = this.scanner.end();
            const names = [...(multiCall?.applets ?? []), ...(shell?.builtins ?? [])];
            if (names.length > 0)
                this.retain(names.reduce((sum, name) => sum + name.length + 16, 0), this.path);
            if (multiCall)
                this.exec.multiCall = multiCall;
            if (shell)
                this.exec.shell = shell;
            if (packed)
                this.exec.packed = packed;
        }
        this.finished(content, content !== undefined && this.keptBytes < this.size, this.exec);
        this.scanner = undefined;
        this.kept = [];
    }
    decide() {
        this.decided = true;
        const head = this.headBytes === EXEC_HEAD_BYTES ? this.head : this.head.subarray(0, this.headBytes);
        this.exec = execInfoFromHead(head);
        if (this.exec?.format !== 'elf')
            return;
        this.scanner = new ExecContentScanner();
        this.scanner.write(head);
    }
}

// One layer blob of the archive: detect its compression by magic bytes, decompress as it streams
// (zlib runs on libuv's thread pool, so layers decompress in parallel), and index its tar entries.
const settled = () => undefined;
/** Receives a layer blob's bytes from the outer archive; `result` settles when it is fully indexed. */
class LayerBlobSink {
    archivePath;
    compression;
    context;
    result;
    resolve;
    reject;
    indexer;
    parser;
    decompression;
    budget;
    blobHash;
    tarHash;
    compressedSize = 0;
    uncompressedSize = 0;
    failed = false;
    constructor(archivePath, compression, context) {
        this.archivePath = archivePath;
        this.compression = compression;
        this.context = context;
        this.result = new Promise((resolve, reject) => {
            this.resolve = resolve;
            this.reject = reject;
        });
        // Callers may never await a result whose blob no manifest names; keep its failure from going unhandled.
        this.result.catch(() => undefined);
        this.indexer = new LayerIndexer(context.capture, context.limits, context.budget);
        this.parser = new TarParser(this.indexer, { maxMetaBytes: context.limits.maxTarMetaBytes });
        if (context.verifyDigests) {
            // Loaded only when digests are verified: most reads never load node:crypto.
            const { createHash } = process.getBuiltinModule('node:crypto');
            this.blobHash = createHash('sha256');
            this.tarHash = compression === 'none' ? this.blobHash : createHash('sha256');
        }
        if (compression !== 'none') {
            this.budget = context.readAhead ?? new ReadAheadBudget();
            this.decompression = new Decompression(compression, this.budget);
            this.decompression.deliverTo({
                chunk: (bytes) => this.onTarBytes(bytes),
                end: () => this.finish(),
                error: (error) => this.fail(new ImageReadError(`layer ${printableName(archivePath)}: ${compression} data is corrupt: ${error.message}`))
            });
        }
    }
    /**
     * A promise to await before feeding more input, when the compressed bytes read ahead of the
     * decompressors reach their bound. A sink that fails gives its bytes back and settles its result,
     * so the promise also settles when the blob does.
     */
    get drain() {
        if (!this.budget?.full || this.failed || !this.decompression?.heldBytes)
            return undefined;
        return Promise.race([this.budget.room(), this.result.then(settled, settled)]);
    }
    write(chunk) {
        if (this.failed)
            return;
        this.compressedSize += chunk.length;
        if (this.decompression) {
            this.blobHash?.update(chunk);
            this.decompression.write(chunk);
        }
        else
            this.onTarBytes(chunk);
    }
    /** An uncompressed layer, not being hashed, needs only the bytes its tar parser needs. */
    skippable() {
        if (this.decompression || this.tarHash || this.failed)
            return 0;
        return this.parser.skippable();
    }
    skip(length) {
        this.compressedSize += length;
        this.uncompressedSize += length;
        this.parser.skip(length);
    }
    end() {
        if (this.failed)
            return;
        if (this.decompression)
            this.decompression.end();
        else
            this.finish();
    }
    onTarBytes(chunk) {
        if (this.failed)
            return;
        this.uncompressedSize += chunk.length;
        const limits = this.context.limits;
        try {
            if (this.uncompressedSize > limits.maxLayerBytes) {
                throw new LimitError(`layer ${printableName(this.archivePath)} expands past ${limits.maxLayerBytes} bytes (limit --max-layer-bytes)`);
            }
            if (this.decompression &&
                this.uncompressedSize > limits.ratioCheckAfterBytes &&
                this.uncompressedSize > this.decompression.consumedBytes * limits.maxCompressionRatio) {
                // Against the bytes inflated so far, not those read ahead: the ratio of what came out so far.
                throw new LimitError(`layer ${printableName(this.archivePath)} expands more than ${limits.maxCompressionRatio}:1 ` +
                    `(${this.uncompressedSize} bytes from ${this.decompression.consumedBytes}): a compression bomb? (limit --max-compression-ratio)`);
            }
            this.tarHash?.update(chunk);
            this.parser.push(chunk);
        }
        catch (error) {
            this.fail(error);
        }
    }
    finish() {
        if (this.failed)
            return;
        try {
            this.parser.end();
        }
        catch (error) {
            this.fail(error);
            return;
        }
        const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest('hex')}` : undefined;
        const diffId = this.tarHash === this.blobHash
            ? blobDigest
            : this.tarHash
                ? `sha256:${this.tarHash.digest('hex')}`
                : undefined;
        this.resolve({
            archivePath: this.archivePath,
            compression: this.compression,
            compressedSize: this.compressedSize,
            uncompressedSize: this.uncompressedSize,
            contentSize: this.indexer.contentSize,
            entries: this.indexer.entries,
            ...(blobDigest ? { blobDigest } : {}),
            ...(diffId ? { diffId } : {})
        });
    }
    /** Ends the blob with an error that came from outside (its reader failed). */
    abort(error) {
        this.fail(error);
    }
    /** True once the blob failed: feeding it more is pointless. */
    get hasFailed() {
        return this.failed;
    }
    fail(error) {
        if (this.failed)
            return;
        this.failed = true;
        this.decompression?.destroy();
        const message = error instanceof Error ? error.message : String(error);
        this.reject(error instanceof ImageReadError
            ? error
            : new ImageReadError(`layer ${printableName(this.archivePath)}: ${message}`));
    }
}

// The outer archive: every entry is classified by its bytes as it streams past. Layer blobs are
// indexed at once (blob order is not layer order); JSON documents are kept until the manifest,
// which comes last, says how they fit together.
const METADATA_NAMES = new Set(['manifest.json', 'index.json', 'repositories', 'oci-layout']);
class ArchiveCollector {
    context;
    contents = {
        metadata: new Map(),
        layers: new Map(),
        aliases: new Map(),
        blobSizes: new Map(),
        unrecognised: new Set(),
        oversized: new Map()
    };
    /** Blobs still being read; a finished one is let go so its indexer's entries can be collected after the merge. */
    sinks = new Set();
    blobCount = 0;
    /** Layer blobs fully indexed so far, for progress reports. */
    layersDone = 0;
    limitHit;
    constructor(context) {
        this.context = context;
    }
    entry(header) {
        const path = normalisePath(header.name).slice(1);
        if (header.kind === 'symlink') {
            const target = header.linkname.startsWith('/')
                ? header.linkname
                : `${parentPath('/' + path)}/${header.linkname}`;
            this.contents.aliases.set(path, normalisePath(target).slice(1));
            return undefined;
        }
        if (header.kind === 'hardlink') {
            this.contents.aliases.set(path, normalisePath(header.linkname).slice(1));
            return undefined;
        }
        if (header.kind !== 'file')
            return undefined;
        this.contents.blobSizes.set(path, header.size);
        return new ClassifyingSink(path, header.size, (head) => this.sinkFor(path, header.size, head, header.bodyOffset));
    }
    /**
     * With random access to the archive, a compressed layer blob is read by its own task from its
     * offset, so several layers decompress at once on the thread pool while the archive walk seeks on.
     */
    detachCompressedBlobs(reader) {
        this.detachedReader = reader;
    }
    /**
     * Promises for decompressors that are behind; the reader awaits them before pushing more input.
     * A limit hit anywhere in the archive is hostile input: it rejects at once instead of letting the
     * rest of the archive stream past.
     */
    pendingDrains() {
        if (this.limitHit)
            return [Promise.reject(this.limitHit)];
        const drains = [];
        for (const sink of this.sinks) {
            const drain = sink.drain;
            if (drain)
                drains.push(drain);
        }
        return drains;
    }
    /** True while a compressed layer blob read through this walk is decompressing on the thread pool. */
    get decompressing() {
        for (const sink of this.sinks)
            if (sink.compression !== 'none')
                return true;
        return false;
    }
    detachedReader;
    sinkFor(path, size, head, bodyOffset) {
        const name = path.slice(path.lastIndexOf('/') + 1);
        const firstByte = head.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
        const looksJson = firstByte === 0x7b || firstByte === 0x5b;
        if (METADATA_NAMES.has(path) ||
            name.endsWith('.json') ||
            name === 'json' ||
            name === 'VERSION' ||
            looksJson) {
            if (size > this.context.limits.maxMetadataBytes) {
                if (METADATA_NAMES.has(path))
                    throw oversizedError(path, size, this.context.limits.maxMetadataBytes);
                if (looksJson)
                    this.contents.oversized.set(path, { size, limit: this.context.limits.maxMetadataBytes });
                return undefined;
            }
            return new BufferSink((bytes) => {
                retain(this.context.budget, this.context.limits, bytes.length, () => `archive entry ${printableName(path)}`);
                this.contents.metadata.set(path, bytes);
            });
        }
        const compression = detectCompression(head);
        const isTar = head.length >= BLOCK &&
            (isZeroBlock(head.subarray(0, BLOCK)) || checksumMatches(head.subarray(0, BLOCK)));
        if (compression === 'none' && !isTar) {
            this.contents.unrecognised.add(path);
            return undefined;
        }
        if (++this.blobCount > this.context.limits.maxLayers * 4) {
            throw new LimitError(`more than ${this.context.limits.maxLayers * 4} layer blobs in the archive (limit ${limitFlag('maxLayers')})`);
        }
        const sink = new LayerBlobSink(path, compression, this.context);
        this.sinks.add(sink);
        sink.result.then(() => {
            this.layersDone++;
            this.sinks.delete(sink);
        }, (error) => {
            if (error instanceof LimitError)
                this.limitHit ??= error;
            this.sinks.delete(sink);
        });
        this.contents.layers.set(path, sink.result);
        if (compression !== 'none' && this.detachedReader) {
            this.detachedReader(bodyOffset, size, sink);
            return SKIP_BODY;
        }
        return sink;
    }
}
const noop$1 = () => undefined;
/** Lets the archive walk seek past a body that another task reads. */
const SKIP_BODY = {
    write: noop$1,
    end: noop$1,
    skippable: () => Number.MAX_SAFE_INTEGER,
    skip: noop$1
};
/** Holds the first bytes of an entry until its kind is known, then replays them to the real sink. */
class ClassifyingSink {
    path;
    size;
    choose;
    held = [];
    heldBytes = 0;
    target;
    decided = false;
    constructor(path, size, choose) {
        this.path = path;
        this.size = size;
        this.choose = choose;
    }
    write(chunk) {
        if (this.decided) {
            this.target?.write(chunk);
            return;
        }
        const wanted = Math.min(BLOCK, this.size);
        // Usually the whole head is in the first chunk: decide on a view, no copy of a 1 MiB chunk.
        if (this.heldBytes === 0 && chunk.length >= wanted) {
            this.decide(chunk.subarray(0, wanted), [chunk]);
            return;
        }
        // Chunks are reused by the reader once written: hold copies.
        this.held.push(Buffer.from(chunk));
        this.heldBytes += chunk.length;
        if (this.heldBytes >= wanted)
            this.decideOnHeld();
    }
    end() {
        if (!this.decided)
            this.decideOnHeld();
        this.target?.end();
    }
    skippable() {
        if (!this.decided)
            return 0;
        return this.target ? (this.target.skippable?.() ?? 0) : Number.MAX_SAFE_INTEGER;
    }
    skip(length) {
        this.target?.skip?.(length);
    }
    decideOnHeld() {
        const held = this.held;
        this.held = [];
        this.decide(Buffer.concat(held), held);
    }
    decide(head, replay) {
        this.decided = true;
        this.target = this.choose(head);
        if (!this.target)
            return;
        for (const chunk of replay)
            if (chunk.length > 0)
                this.target.write(chunk);
    }
    toString() {
        return this.path;
    }
}
class BufferSink {
    done;
    chunks = [];
    constructor(done) {
        this.done = done;
    }
    write(chunk) {
        this.chunks.push(Buffer.from(chunk));
    }
    end() {
        this.done(Buffer.concat(this.chunks));
        this.chunks = [];
    }
}
function oversizedError(path, size, limit) {
    return new LimitError(`archive entry ${printableName(path)} is ${size} bytes, over the metadata limit of ${limit} (limit ${limitFlag('maxMetadataBytes')})`);
}
/** Follows archive-level symlinks (legacy `layer.tar` \u2192 `../<id>/layer.tar`), bounded. */
function resolveArchivePath(contents, path) {
    let current = normalisePath(path).slice(1);
    for (let hops = 0; hops < 16 && contents.aliases.has(current); hops++) {
        current = contents.aliases.get(current);
    }
    return current;
}
function missingBlobError(what, path, contents) {
    const resolved = contents ? resolveArchivePath(contents, path) : path;
    if (contents?.unrecognised.has(resolved)) {
        return new ImageReadError(`${what} ${printableName(path)} named by the manifest is in the archive, but is neither a tar nor gzip or zstd data`);
    }
    if (what === 'layer' && contents?.metadata.has(resolved)) {
        return new ImageReadError(`layer ${printableName(path)} named by the manifest is a JSON document, not a layer`);
    }
    if (what === 'manifest') {
        return new MissingBlobError(`manifest ${printableName(path)} named by the index is not in the archive ` +
            '(docker save with the containerd image store writes only the platforms the engine has)');
    }
    return new MissingBlobError(`${what} ${printableName(path)} named by the manifest is not in the archive ` +
        `(the containerd image store omits blobs shared with another image; save the image on its own)`);
}

// The image config blob (OCI image config / Docker image JSON) as the model's ImageConfig.
function parseImageConfig(document, what) {
    const root = expectObject(document, what);
    const runtime = isObject(root.config) ? root.config : {};
    const runtimeWhat = `${what}.config`;
    // Every image config has a rootfs (OCI image spec, Docker): without one this is some other JSON,
    // and reading it as an image with no layers would pass an empty filesystem.
    const rootfs = expectObject(root.rootfs, `${what}.rootfs`);
    const history = optionalArray(root, 'history', what).map((item, index) => {
        const entry = expectObject(item, `${what}.history[${index}]`);
        const parsed = { emptyLayer: entry.empty_layer === true };
        const created = optionalString(entry, 'created', `${what}.history[${index}]`);
        const createdBy = optionalString(entry, 'created_by', `${what}.history[${index}]`);
        const comment = optionalString(entry, 'comment', `${what}.history[${index}]`);
        if (created !== undefined)
            parsed.created = created;
        if (createdBy !== undefined)
            parsed.createdBy = createdBy;
        if (comment !== undefined)
            parsed.comment = comment;
        return parsed;
    });
    const healthcheck = isObject(runtime.Healthcheck)
        ? optionalStringArray(runtime.Healthcheck, 'Test', runtimeWhat)
        : [];
    const config = {
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
    };
    const variant = optionalString(root, 'variant', what);
    const created = optionalString(root, 'created', what);
    const stopSignal = optionalString(runtime, 'StopSignal', runtimeWhat);
    if (variant)
        config.variant = variant;
    if (created)
        config.created = created;
    if (stopSignal)
        config.stopSignal = stopSignal;
    if (healthcheck.length > 0)
        config.healthcheck = healthcheck;
    // Read only for the healthcheck rule: an odd Shell is ignored rather than refusing the image.
    const shell = runtime.Shell;
    if (Array.isArray(shell) && shell.length > 0 && shell.every((part) => typeof part === 'string'))
        config.shell = shell;
    return config;
}
/** Layer position \u2192 index of the non-empty history entry that created it. */
function historyIndexByLayer(history, layerCount) {
    const producing = history.flatMap((entry, index) => (entry.emptyLayer ? [] : [index]));
    return Array.from({ length: layerCount }, (_, layer) => producing[layer]);
}

// Storage for the merged filesystem: one row per path and one per inode in typed arrays, names as bytes in
// one pool, and children found through one open-addressing hash on (parent, name). There is no object or
// string per path, so a 500,000-entry image costs tens of megabytes rather than hundreds, and the garbage
// collector has next to nothing to trace.
const ENTRY_TYPES = ['file', 'dir', 'symlink', 'char', 'block', 'fifo'];
const TYPE_CODE = new Map(ENTRY_TYPES.map((type, code) => [type, code]));
const DIR_CODE = 1;
const SYMLINK_CODE = 2;
const FILE_CODE = 0;
/** Node id of `/`. */
const ROOT = 0;
/** No node (a missing child, the root's parent). */
const NONE = -1;
const EMPTY_SLOT = 0;
const TOMBSTONE = -1;
/** Inodes: what hard links share (type, mode, owner, size, content and what the bytes said). */
class InodeTable {
    count = 0;
    types = new Uint8Array(1024);
    modes = new Uint16Array(1024);
    uids = new NarrowColumn(16, 1024);
    gids = new NarrowColumn(16, 1024);
    sizes = new NarrowColumn(32, 1024);
    layers = new NarrowColumn(16, 1024);
    linkTargets = new Map();
    contents = new Map();
    truncated = new Set();
    execs = new Map();
    /** `security.capability` values of the few files that have one. */
    capabilities = new Map();
    reserve(total) {
        this.types = grown(this.types, total);
        this.modes = grown(this.modes, total);
        this.uids.reserve(total);
        this.gids.reserve(total);
        this.sizes.reserve(total);
        this.layers.reserve(total);
    }
    add(type, mode, uid, gid, size, layerIndex) {
        const id = this.count++;
        if (id >= this.types.length)
            this.reserve(this.count);
        this.types[id] = TYPE_CODE.get(type);
        this.modes[id] = mode & 0o7777;
        this.setOwner(id, uid, gid);
        this.sizes.set(id, size);
        this.layers.set(id, layerIndex);
        return id;
    }
    setOwner(id, uid, gid) {
        this.uids.set(id, uid);
        this.gids.set(id, gid);
    }
    setMode(id, mode) {
        this.modes[id] = mode & 0o7777;
    }
    typeCode(id) {
        return this.types[id];
    }
    type(id) {
        return ENTRY_TYPES[this.types[id]];
    }
    mode(id) {
        return this.modes[id];
    }
    uid(id) {
        return this.uids.get(id);
    }
    gid(id) {
        return this.gids.get(id);
    }
    size(id) {
        return this.sizes.get(id);
    }
    layerIndex(id) {
        return this.layers.get(id);
    }
}
/**
 * Paths: a node per name, its parent, its inode and the layer that wrote it. A removed node keeps
 * its row (marked dead) so the names of what it hid can still be spelled out.
 */
class PathTree {
    count = 0;
    inodes = new InodeTable();
    parents = new Int32Array(1024);
    inodeIds = new Int32Array(1024);
    layers = new NarrowColumn(16, 1024);
    firstChildren = new Int32Array(1024);
    nextSiblings = new Int32Array(1024);
    /**
     * Names as bytes, one per UTF-16 unit, in node order (a node's name ends where the next node's starts):
     * about 12 bytes a name instead of a 32-byte string and its 8-byte slot. A name with a unit past 255
     * (rare) is kept as a string in `wideNames` instead, with no bytes in the pool.
     */
    namePool = new Latin1Pool(64 * 1024);
    nameStarts = new Int32Array(1024);
    wideNames = new Map();
    /** Open addressing with linear probing over (parent, name): node id + 1, EMPTY_SLOT or TOMBSTONE. */
    slots = new Int32Array(2048);
    /** Slots holding a node or a tombstone: probing stays short while this is under 3/4 of the table. */
    usedSlots = 0;
    liveChildren = 0;
    /** The node a hard-link entry pointed to when its layer was applied (its path is spelled on demand). */
    hardLinkOf = new Map();
    /**
     * Nodes taken out of the tree with their subtrees intact (a layer hid them, and may still bring them
     * back): no lookup or listing finds them. Only ever non-empty while a layer is being applied.
     */
    detached = new Set();
    constructor() {
        const rootInode = this.inodes.add('dir', 0o755, 0, 0, 0, -1);
        this.addNode(NONE, '', rootInode, -1);
    }
    /** Room for this many more nodes and inodes without growing. */
    reserve(more) {
        const total = this.count + more;
        this.parents = grown(this.parents, total);
        this.inodeIds = grown(this.inodeIds, total);
        this.layers.reserve(total);
        this.firstChildren = grown(this.firstChildren, total);
        this.nextSiblings = grown(this.nextSiblings, total);
        this.nameStarts = grown(this.nameStarts, total + 1);
        this.inodes.reserve(this.inodes.count + more);
        if (this.slots.length < (this.liveChildren + more) * 2)
            this.rehash(this.liveChildren + more);
    }
    parent(node) {
        return this.parents[node];
    }
    name(node) {
        if (this.wideNames.size > 0) {
            const wide = this.wideNames.get(node);
            if (wide !== undefined)
                return wide;
        }
        return this.namePool.text(this.nameStarts[node], this.nameStartAfter(node));
    }
    /** Orders two nodes by name as strings compare (UTF-16 units), without making the strings. */
    compareNames(a, b) {
        if (this.wideNames.size > 0 && (this.wideNames.has(a) || this.wideNames.has(b))) {
            const nameA = this.name(a);
            const nameB = this.name(b);
            return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
        }
        const bytes = this.namePool.bytes;
        let atA = this.nameStarts[a];
        let atB = this.nameStarts[b];
        const endA = this.nameStartAfter(a);
        const endB = this.nameStartAfter(b);
        for (; atA < endA && atB < endB; atA++, atB++) {
            if (bytes[atA] !== bytes[atB])
                return bytes[atA] - bytes[atB];
        }
        return endA - atA - (endB - atB);
    }
    inode(node) {
        return this.inodeIds[node];
    }
    layerIndex(node) {
        return this.layers.get(node);
    }
    setLayerIndex(node, layerIndex) {
        this.layers.set(node, layerIndex);
    }
    isDir(node) {
        return this.inodes.typeCode(this.inodeIds[node]) === DIR_CODE;
    }
    isAlive(node) {
        return this.inodeIds[node] !== NONE;
    }
    isDetached(node) {
        return this.detached.size > 0 && this.detached.has(node);
    }
    /** Absolute path of a node, dead or alive. */
    pathOf(node) {
        if (node === ROOT)
            return '/';
        // Joined once rather than prepended name by name: a deep hostile path would make a deep cons string.
        const names = [];
        for (let current = node; current !== ROOT; current = this.parents[current])
            names.push(this.name(current));
        return `/${names.reverse().join('/')}`;
    }
    /** Live child of `dir` with this name, or NONE. */
    child(dir, name) {
        const { slots } = this;
        for (let slot = hashOf(dir, name) % slots.length;; slot = slot + 1 === slots.length ? 0 : slot + 1) {
            const value = slots[slot];
            if (value === EMPTY_SLOT)
                return NONE;
            if (value !== TOMBSTONE && this.parents[value - 1] === dir && this.nameIs(value - 1, name))
                return value - 1;
        }
    }
    /** Live children of `dir`, in no particular order. */
    children(dir) {
        const found = [];
        const anyDetached = this.detached.size > 0;
        for (let child = this.firstChildren[dir]; child !== NONE; child = this.nextSiblings[child]) {
            if (this.inodeIds[child] !== NONE && !(anyDetached && this.detached.has(child)))
                found.push(child);
        }
        return found;
    }
    /** Adds a name under `dir`; the caller has removed any live child of that name first. */
    addChild(dir, name, inode, layerIndex) {
        const node = this.addNode(dir, name, inode, layerIndex);
        this.nextSiblings[node] = this.firstChildren[dir];
        this.firstChildren[dir] = node;
        if ((this.usedSlots + 1) * 4 > this.slots.length * 3)
            this.rehash(this.liveChildren + 1);
        this.insertSlot(node, hashOf(dir, name));
        return node;
    }
    /** Marks one node dead and forgets its name; its children are the caller's to remove. */
    kill(node) {
        if (this.detached.size > 0 && this.detached.delete(node)) {
            this.inodeIds[node] = NONE;
            return;
        }
        this.unlink(node);
        this.inodeIds[node] = NONE;
    }
    /** Takes a live node (and so its subtree) out of the tree, to be killed or attached again later. */
    detach(node) {
        this.unlink(node);
        this.detached.add(node);
    }
    /** Puts a detached node back under its parent, its subtree with it; its name must be free there. */
    attach(node) {
        this.detached.delete(node);
        if ((this.usedSlots + 1) * 4 > this.slots.length * 3)
            this.rehash(this.liveChildren + 1);
        this.insertSlot(node, this.hashOfNode(node));
    }
    unlink(node) {
        const { slots } = this;
        const start = this.hashOfNode(node) % slots.length;
        for (let slot = start;; slot = slot + 1 === slots.length ? 0 : slot + 1) {
            const value = slots[slot];
            if (value === EMPTY_SLOT)
                break;
            if (value === node + 1) {
                slots[slot] = TOMBSTONE;
                this.liveChildren--;
                break;
            }
        }
    }
    insertSlot(node, hash) {
        const { slots } = this;
        let slot = hash % slots.length;
        while (slots[slot] > 0)
            slot = slot + 1 === slots.length ? 0 : slot + 1;
        if (slots[slot] === EMPTY_SLOT)
            this.usedSlots++;
        slots[slot] = node + 1;
        this.liveChildren++;
    }
    addNode(parent, name, inode, layerIndex) {
        const node = this.count;
        if (node >= this.parents.length)
            this.reserve(Math.max(1024, node));
        this.count++;
        this.parents[node] = parent;
        this.inodeIds[node] = inode;
        this.layers.set(node, layerIndex);
        this.firstChildren[node] = NONE;
        this.nextSiblings[node] = NONE;
        this.appendName(node, name);
        return node;
    }
    /** Where the name after `node`'s starts, that is where `node`'s ends. */
    nameStartAfter(node) {
        return node + 1 < this.count ? this.nameStarts[node + 1] : this.namePool.end;
    }
    appendName(node, name) {
        this.nameStarts[node] = this.namePool.end;
        if (!this.namePool.append(name))
            this.wideNames.set(node, name);
    }
    nameIs(node, name) {
        if (this.wideNames.size > 0) {
            const wide = this.wideNames.get(node);
            if (wide !== undefined)
                return wide === name;
        }
        const start = this.nameStarts[node];
        if (this.nameStartAfter(node) - start !== name.length)
            return false;
        const bytes = this.namePool.bytes;
        for (let index = 0; index < name.length; index++) {
            if (bytes[start + index] !== name.charCodeAt(index))
                return false;
        }
        return true;
    }
    /** hashOf(parent, name) read from the pool. */
    hashOfNode(node) {
        if (this.wideNames.size > 0) {
            const wide = this.wideNames.get(node);
            if (wide !== undefined)
                return hashOf(this.parents[node], wide);
        }
        let hash = seededParentHash(this.parents[node]);
        const bytes = this.namePool.bytes;
        for (let at = this.nameStarts[node], end = this.nameStartAfter(node); at < end; at++) {
            hash = Math.imul(hash ^ bytes[at], 0x01000193);
        }
        return (hash ^ (hash >>> 15)) >>> 0;
    }
    /** A table for `expected` live children at half load, without tombstones. */
    rehash(expected) {
        const old = this.slots;
        const slots = new Int32Array(Math.max(2048, expected * 2 + 1));
        for (const value of old) {
            if (value <= 0)
                continue;
            let slot = this.hashOfNode(value - 1) % slots.length;
            while (slots[slot] !== EMPTY_SLOT)
                slot = slot + 1 === slots.length ? 0 : slot + 1;
            slots[slot] = value;
        }
        this.slots = slots;
        this.usedSlots = this.liveChildren;
    }
}
/**
 * Seeded per process: names come from untrusted archives, and a fixed hash would let one crafted to
 * collide turn every lookup into a walk of the whole table (V8 seeds its own string hashes likewise).
 */
const HASH_SEED = (Math.random() * 0x100000000) >>> 0;
/** FNV-1a over the name's UTF-16 units, mixed with the parent id and the seed. */
function hashOf(parent, name) {
    let hash = seededParentHash(parent);
    for (let index = 0; index < name.length; index++) {
        hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
    }
    return (hash ^ (hash >>> 15)) >>> 0;
}
function seededParentHash(parent) {
    return Math.imul(parent + 1, 0x9e3779b1) ^ 0x811c9dc5 ^ HASH_SEED;
}

/** Symlink hops allowed in one resolution; Linux stops at 40 as well (ELOOP). */
const MAX_SYMLINK_HOPS = 40;
function unlimitedLinkBudget() {
    return { spent: 0, limit: Number.POSITIVE_INFINITY, exceeded: () => new Error('unreachable') };
}
/**
 * Resolves paths inside the image root, `..` going to the physical parent as in Linux. A symlink's
 * expansion depends only on its target and its directory, so each one is remembered once resolved: a
 * chain is walked once, not once per lookup through it. With `layer`, only the nodes that layer wrote
 * exist (how a layer's own unpack, in its own empty directory, sees the tree); the caller calls
 * `forget()` whenever such a node is removed.
 */
class Resolver {
    tree;
    budget;
    layer;
    // What each symlink's expansion led to, by node: the result + 1 (0 when unknown) and the hops it
    // took, valid in the epoch it was found in; `forget()` starts a new epoch. Typed arrays made on
    // first use: 9 bytes a node, where a Map of objects took about 100 a symlink.
    expandedTo;
    expandedHops;
    expandedIn;
    epoch = 1;
    /** Children that do not exist for this resolver besides detached ones (see `visible`). */
    hides;
    constructor(tree, budget, 
    /** Only the nodes this layer wrote exist (a layer's own unpack); undefined for the whole tree. */
    layer) {
        this.tree = tree;
        this.budget = budget;
        this.layer = layer;
    }
    forget() {
        this.epoch++;
    }
    known(link) {
        const to = this.expandedTo;
        if (!to || link >= to.length || this.expandedIn[link] !== this.epoch || to[link] === 0)
            return undefined;
        return { node: to[link] - 1, hops: this.expandedHops[link] };
    }
    remember(link, node, hops) {
        if (!this.expandedTo || link >= this.expandedTo.length) {
            const length = Math.max(link + 1, this.tree.count, (this.expandedTo?.length ?? 0) * 2);
            const to = new Int32Array(length);
            const hopsOf = new Uint8Array(length);
            const epochs = new Uint32Array(length);
            if (this.expandedTo) {
                to.set(this.expandedTo);
                hopsOf.set(this.expandedHops);
                epochs.set(this.expandedIn);
            }
            this.expandedTo = to;
            this.expandedHops = hopsOf;
            this.expandedIn = epochs;
        }
        this.expandedTo[link] = node + 1;
        this.expandedHops[link] = hops;
        this.expandedIn[link] = this.epoch;
    }
    /** `path` from the root; `followFinal` decides whether a symlink in the last component is followed. */
    resolve(path, followFinal) {
        return this.walk(ROOT, pathComponentsReversed(normalisePath(path)), followFinal, NONE);
    }
    /** Where the symlink `link` leads, followed to the end (as when it is used as a directory). */
    resolveLink(link) {
        return this.walk(this.tree.parent(link), [], true, link);
    }
    visible(dir, node) {
        if (node === NONE || (this.layer !== undefined && this.tree.layerIndex(node) !== this.layer))
            return false;
        return this.hides === undefined || !this.hides(dir, node);
    }
    walk(start, pending, followFinal, firstLink) {
        const { tree } = this;
        let current = start;
        let hops = 0;
        const expansions = [];
        let link = firstLink;
        for (;;) {
            if (link !== NONE) {
                const known = this.known(link);
                if (known) {
                    hops += known.hops;
                    if (hops > MAX_SYMLINK_HOPS)
                        return { ok: false, reason: 'too-many-hops', path: tree.pathOf(link) };
                    current = known.node;
                }
                else {
                    if (expansions.some((expansion) => expansion.link === link))
                        return { ok: false, reason: 'loop', path: tree.pathOf(link) };
                    if (hops + 1 > MAX_SYMLINK_HOPS)
                        return { ok: false, reason: 'too-many-hops', path: tree.pathOf(link) };
                    expansions.push({ link, pendingLength: pending.length, hopsBefore: hops });
                    hops++;
                    const target = tree.inodes.linkTargets.get(tree.inode(link)) ?? '';
                    current = target.startsWith('/') ? ROOT : tree.parent(link);
                    const parts = pathComponentsReversed(target, true);
                    this.budget.spent += parts.length + 1;
                    if (this.budget.spent > this.budget.limit)
                        throw this.budget.exceeded();
                    for (const part of parts)
                        pending.push(part);
                }
                link = NONE;
            }
            // Expansions whose target has been walked to its end resolve to where the walk stands now.
            while (expansions.length > 0 && expansions[expansions.length - 1].pendingLength === pending.length) {
                const done = expansions.pop();
                this.remember(done.link, current, hops - done.hopsBefore);
            }
            if (pending.length === 0)
                return { ok: true, node: current, hops };
            const name = pending.pop();
            if (!tree.isDir(current))
                return { ok: false, reason: 'not-a-directory', path: tree.pathOf(current) };
            if (name === '..') {
                if (current !== ROOT)
                    current = tree.parent(current);
                continue;
            }
            const child = tree.child(current, name);
            if (!this.visible(current, child))
                return { ok: false, reason: 'missing', path: joinPath(tree.pathOf(current), name) };
            const isLast = pending.length === 0 && expansions.length === 0;
            if (tree.inodes.typeCode(tree.inode(child)) === SYMLINK_CODE && (!isLast || followFinal))
                link = child;
            else
                current = child;
        }
    }
}
/** Components in reverse order (so they can be popped), keeping ".." for relative symlink targets. */
function pathComponentsReversed(path, keepDotDot = false) {
    const parts = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..' && !keepDotDot) {
            parts.pop();
            continue;
        }
        parts.push(part);
    }
    return parts.reverse();
}
/** An inode read from its table row; two views of one inode share `id`, not identity. */
class InodeView {
    table;
    id;
    constructor(table, id) {
        this.table = table;
        this.id = id;
    }
    get type() {
        return this.table.type(this.id);
    }
    get mode() {
        return this.table.mode(this.id);
    }
    get uid() {
        return this.table.uid(this.id);
    }
    get gid() {
        return this.table.gid(this.id);
    }
    get size() {
        return this.table.size(this.id);
    }
    get layerIndex() {
        return this.table.layerIndex(this.id);
    }
    get linkTarget() {
        return this.table.linkTargets.get(this.id);
    }
    get content() {
        return this.table.contents.get(this.id);
    }
    get contentTruncated() {
        return this.table.truncated.has(this.id) ? true : undefined;
    }
    get exec() {
        return this.table.execs.get(this.id);
    }
    get capability() {
        return this.table.capabilities.size > 0 ? this.table.capabilities.get(this.id) : undefined;
    }
    toJSON() {
        const { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec } = this;
        return { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec };
    }
}
/** A view of one inode row (a hidden file keeps its row, so its facts stay readable). */
function inodeView(table, id) {
    return new InodeView(table, id);
}
/**
 * An entry read from its tree row. Its path is joined, and its inode view made, only when asked for:
 * most walks read names and inodes, and few need the path of every entry.
 */
class EntryView {
    tree;
    node;
    parentPath;
    joinedPath;
    inodeView;
    constructor(tree, node, 
    /** The parent directory's path when the walk knows it ('' for the root), to join without climbing. */
    parentPath) {
        this.tree = tree;
        this.node = node;
        this.parentPath = parentPath;
    }
    get path() {
        this.joinedPath ??=
            this.parentPath === undefined
                ? this.tree.pathOf(this.node)
                : `${this.parentPath}/${this.tree.name(this.node)}`;
        return this.joinedPath;
    }
    get name() {
        return this.tree.name(this.node);
    }
    get inode() {
        this.inodeView ??= new InodeView(this.tree.inodes, this.tree.inode(this.node));
        return this.inodeView;
    }
    get layerIndex() {
        return this.tree.layerIndex(this.node);
    }
    get hardLinkOf() {
        const target = this.tree.hardLinkOf.get(this.node);
        return target === undefined ? undefined : this.tree.pathOf(target);
    }
    toJSON() {
        const { path, inode, layerIndex, hardLinkOf } = this;
        return { path, inode, layerIndex, ...(hardLinkOf === undefined ? {} : { hardLinkOf }) };
    }
}
/** Read-only view over a finished tree. */
class TreeFs {
    tree;
    /** Live nodes in walk order (parents before children, siblings sorted), computed once. */
    ordered;
    fileBytes;
    nameIndex;
    /** Entries per inode (directories aside), counted on the first `linkCount`. */
    linkCounts;
    resolver;
    constructor(tree, linkBudget = unlimitedLinkBudget()) {
        this.tree = tree;
        this.resolver = new Resolver(tree, linkBudget);
    }
    get entryCount() {
        return this.walkOrder().length;
    }
    get totalFileBytes() {
        if (this.fileBytes === undefined) {
            const { inodes } = this.tree;
            const counted = new Uint8Array(inodes.count);
            let bytes = 0;
            for (const node of this.walkOrder()) {
                const inode = this.tree.inode(node);
                if (inodes.typeCode(inode) === FILE_CODE && counted[inode] === 0) {
                    counted[inode] = 1;
                    bytes += inodes.size(inode);
                }
            }
            this.fileBytes = bytes;
        }
        return this.fileBytes;
    }
    lstat(path) {
        const resolution = this.resolver.resolve(path, false);
        return resolution.ok ? this.entryAt(resolution.node) : undefined;
    }
    stat(path) {
        const resolution = this.resolver.resolve(path, true);
        return resolution.ok ? this.entryAt(resolution.node) : undefined;
    }
    resolve(path) {
        const resolution = this.resolver.resolve(path, true);
        if (!resolution.ok)
            return resolution;
        const entry = this.entryAt(resolution.node);
        return { ok: true, path: entry.path, entry, hops: resolution.hops };
    }
    readFile(path) {
        const resolution = this.resolver.resolve(path, true);
        if (!resolution.ok)
            return undefined;
        const inode = this.tree.inode(resolution.node);
        return this.tree.inodes.typeCode(inode) === FILE_CODE ? this.tree.inodes.contents.get(inode) : undefined;
    }
    readdir(path) {
        const resolution = this.resolver.resolve(path, true);
        if (!resolution.ok || !this.tree.isDir(resolution.node))
            return [];
        return this.tree
            .children(resolution.node)
            .map((child) => this.tree.name(child))
            .sort();
    }
    entries() {
        return this.walk();
    }
    files() {
        const { inodes } = this.tree;
        const seen = new Uint8Array(inodes.count);
        return this.walk((node) => {
            const inode = this.tree.inode(node);
            if (inodes.typeCode(inode) !== FILE_CODE || seen[inode] === 1)
                return false;
            seen[inode] = 1;
            return true;
        });
    }
    /** Entries in walk order, those `keep` accepts (all without it). */
    *walk(keep) {
        // The paths of the directories above the walk's position only (the walk is depth first): a path
        // is its parent's plus one name, joined when asked for, and a finished subtree's paths are let go.
        const dirs = [ROOT];
        const dirPaths = [''];
        for (const node of this.walkOrder()) {
            const parent = this.tree.parent(node);
            while (dirs[dirs.length - 1] !== parent) {
                dirs.pop();
                dirPaths.pop();
            }
            const isDir = this.tree.isDir(node);
            if (!isDir && keep && !keep(node))
                continue;
            const entry = new EntryView(this.tree, node, dirPaths[dirPaths.length - 1]);
            if (isDir) {
                dirs.push(node);
                dirPaths.push(entry.path);
                if (keep && !keep(node))
                    continue;
            }
            yield entry;
        }
    }
    namesReaching(inode) {
        const index = this.names();
        const names = new Set();
        const first = index.firstName[inode.id] ?? NONE;
        if (first !== NONE)
            names.add(this.tree.pathOf(first));
        // One at a time: a spread of 900,000 hard links would overflow the call stack.
        for (const node of index.moreNames.get(inode.id) ?? [])
            names.add(this.tree.pathOf(node));
        for (const node of index.symlinkNames.get(inode.id) ?? [])
            names.add(this.tree.pathOf(node));
        // A name under a directory that a symlink aliases (/bin \u2192 usr/bin) is reachable through the alias too.
        const work = [...names];
        while (work.length > 0 && names.size < 256) {
            const name = work.pop();
            for (let slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
                for (const alias of index.dirAliases.get(name.slice(0, slash)) ?? []) {
                    const aliased = alias + name.slice(slash);
                    if (!names.has(aliased)) {
                        names.add(aliased);
                        work.push(aliased);
                    }
                }
            }
        }
        return [...names].sort();
    }
    hardLinks(inode) {
        return this.namesReaching(inode).filter((name) => {
            const at = this.resolver.resolve(name, false);
            return at.ok && this.tree.inode(at.node) === inode.id;
        });
    }
    linkCount(inode) {
        if (!this.linkCounts) {
            const { inodes } = this.tree;
            const counts = new Uint32Array(inodes.count);
            for (const node of this.walkOrder()) {
                const id = this.tree.inode(node);
                if (inodes.typeCode(id) !== DIR_CODE)
                    counts[id]++;
            }
            this.linkCounts = counts;
        }
        return this.linkCounts[inode.id] ?? 0;
    }
    entryAt(node) {
        return new EntryView(this.tree, node);
    }
    walkOrder() {
        if (this.ordered)
            return this.ordered;
        // Straight into a typed array sized for every row ever made: no growing array of numbers to copy.
        const order = new Int32Array(this.tree.count);
        let length = 0;
        const stack = [ROOT];
        const byName = (a, b) => this.tree.compareNames(a, b);
        while (stack.length > 0) {
            const node = stack.pop();
            if (node !== ROOT)
                order[length++] = node;
            if (!this.tree.isDir(node))
                continue;
            const children = this.tree.children(node).sort(byName);
            for (let index = children.length - 1; index >= 0; index--)
                stack.push(children[index]);
        }
        this.ordered = order.subarray(0, length);
        return this.ordered;
    }
    names() {
        if (this.nameIndex)
            return this.nameIndex;
        const { tree } = this;
        const firstName = new Int32Array(tree.inodes.count).fill(NONE);
        const moreNames = new Map();
        const symlinkNames = new Map();
        const dirAliases = new Map();
        const add = (map, inode, node) => {
            const list = map.get(inode);
            if (list)
                list.push(node);
            else
                map.set(inode, [node]);
        };
        for (const node of this.walkOrder()) {
            const inode = tree.inode(node);
            const type = tree.inodes.typeCode(inode);
            if (type === DIR_CODE)
                continue;
            if (firstName[inode] === NONE)
                firstName[inode] = node;
            else
                add(moreNames, inode, node);
            if (type !== SYMLINK_CODE)
                continue;
            const target = this.resolver.resolveLink(node);
            if (!target.ok)
                continue;
            const targetInode = tree.inode(target.node);
            if (tree.isDir(target.node)) {
                const targetPath = tree.pathOf(target.node);
                const list = dirAliases.get(targetPath);
                if (list)
                    list.push(tree.pathOf(node));
                else
                    dirAliases.set(targetPath, [tree.pathOf(node)]);
            }
            else if (targetInode !== inode)
                add(symlinkNames, targetInode, node);
        }
        this.nameIndex = { firstName, moreNames, symlinkNames, dirAliases };
        return this.nameIndex;
    }
}

// Applies layers bottom-up into one tree, as Docker's and containerd's overlay2 drivers unpack them: each
// layer into a directory of its own, entry by entry (inside that directory, following only the symlinks
// the layer itself wrote), the directories then stacked by overlayfs. See docs/how-it-works.md.
const UNLIMITED = {
    maxNodes: Number.POSITIVE_INFINITY,
    nodesExceeded: () => new Error('unreachable'),
    retain: () => undefined,
    linkBudget: unlimitedLinkBudget()
};
/** Mode and owner of a directory the unpack creates for an entry whose parent its layer lacks (moby's MkdirAll). */
const IMPLIED_DIR_MODE = 0o755;
const SETGID = 0o2000;
/** What a hidden file's record costs besides its path. */
const HIDDEN_RECORD_BYTES = 64;
/** A hidden file's record; its inode view is made when asked for. */
class HiddenCopy {
    path;
    layerIndex;
    hiddenBy;
    size;
    reason;
    inodes;
    inodeId;
    constructor(path, layerIndex, hiddenBy, size, reason, inodes, inodeId) {
        this.path = path;
        this.layerIndex = layerIndex;
        this.hiddenBy = hiddenBy;
        this.size = size;
        this.reason = reason;
        this.inodes = inodes;
        this.inodeId = inodeId;
    }
    get inode() {
        return inodeView(this.inodes, this.inodeId);
    }
    toJSON() {
        const { path, layerIndex, hiddenBy, size, reason, inode } = this;
        return { path, layerIndex, hiddenBy, size, reason, inode };
    }
}
class LayerApplier {
    limits;
    tree = new PathTree();
    hidden = [];
    warnings = [];
    hiddenBytes = 0;
    /**
     * Names of regular-file inodes that have more than one (hard links), so bytes count as hidden
     * only when the last name goes; an inode absent here has exactly one name.
     */
    linkCounts = new Map();
    nodes = 0;
    // State of the layer being applied. A node is in that layer's own directory when its layerIndex is
    // the layer's (the root always is); everything else is lower, and the layer's unpack cannot see it.
    layer = -1;
    resolver;
    lastDirPath;
    lastDir = NONE;
    /** What the layer hides below, by parent node and name: killed when the layer ends, unless brought back. */
    hiding = new Map();
    /** Lower directories this layer's directories lie over, with what to restore if the layer removes its own. */
    overlaid = new Map();
    /** Directories of this layer marked opaque (`.wh..wh..opq`): they show nothing of lower layers. */
    opaque = new Set();
    /** belowOpaque's answers, until the layer marks or removes something. */
    opaqueBelow = new Map();
    /** The nodes of the layer's directory entries: the unpack sets their times once the layer is done. */
    dirEntries = [];
    warned = new Set();
    /** The last hard link target this layer resolved (BusyBox images link hundreds of names to one file). */
    lastLinkTarget;
    lastLinkNode = NONE;
    constructor(limits) {
        this.limits = limits;
        this.resolver = new Resolver(this.tree, limits.linkBudget);
    }
    get fs() {
        return new TreeFs(this.tree, this.limits.linkBudget);
    }
    reserve(entries) {
        this.tree.reserve(entries);
        this.nodes = 0;
    }
    apply(layerIndex, entries) {
        this.layer = layerIndex;
        this.resolver.layer = layerIndex;
        this.forgetDirectories();
        for (const entry of entries) {
            if (entry.type === 'whiteout')
                this.whiteout(entry);
            else if (entry.type === 'opaque')
                this.markOpaque(entry);
            else
                this.write(entry);
        }
        this.finishLayer();
    }
    write(entry) {
        const { tree } = this;
        // moby skips the root's own entry ("./"): the layer's directory is the root.
        if (entry.path === '/')
            return;
        const parent = this.directoryFor(entry.dir ?? parentPath(entry.path), entry);
        const name = entry.name ?? baseName(entry.path);
        let existing = tree.child(parent, name);
        if (existing !== NONE && this.isOwn(existing)) {
            if (entry.type === 'dir' && tree.isDir(existing)) {
                this.setDirectory(existing, entry.mode, entry.uid, entry.gid);
                this.dirEntries.push(existing);
                return;
            }
            // The unpack removes what the layer wrote there; a lower directory it lay over shows again.
            existing = this.removeOwn(existing);
        }
        if (existing !== NONE) {
            if (entry.type === 'dir' && tree.isDir(existing)) {
                this.overlay(existing, entry.mode, entry.uid, entry.gid);
                this.dirEntries.push(existing);
                return;
            }
            this.hideLower(parent, name, existing, entry.type === 'device-whiteout' ? 'deleted' : 'overwritten');
        }
        const below = this.hiding.size > 0 ? this.hiding.get(parent)?.get(name) : undefined;
        if (entry.type === 'device-whiteout') {
            // Written like any entry (what the layer had at the name is gone, a lower node hidden just
            // above), then read as a whiteout.
            if (below)
                below.whiteout = true;
            else
                this.hidingIn(parent).set(name, { node: NONE, whiteout: true, reason: 'deleted' });
            return;
        }
        // An entry replaces the layer's whiteout at its name: the whiteout no longer hides anything.
        if (below)
            below.whiteout = false;
        if (entry.type === 'dir') {
            if (below && below.node !== NONE && tree.isDir(below.node)) {
                // A plain directory again where the layer had hidden a lower one: overlayfs merges the two.
                this.hiding.get(parent)?.delete(name);
                tree.attach(below.node);
                this.overlay(below.node, entry.mode, entry.uid, entry.gid);
                this.dirEntries.push(below.node);
                return;
            }
            const inode = tree.inodes.add('dir', entry.mode, entry.uid, entry.gid, 0, this.layer);
            this.dirEntries.push(this.addNode(parent, name, inode));
            return;
        }
        if (entry.type === 'hardlink') {
            this.link(parent, name, entry);
            return;
        }
        this.addNode(parent, name, this.newInode(entry));
    }
    link(parent, name, entry) {
        const { tree } = this;
        const targetPath = entry.linkTarget ?? '';
        // link(2) inside the layer's own directory, after the unpack has removed what was at the name.
        let target = targetPath === this.lastLinkTarget
            ? { ok: true, node: this.lastLinkNode}
            : this.resolver.resolve(targetPath, false);
        if (target.ok && !tree.isDir(target.node)) {
            this.lastLinkTarget = targetPath;
            this.lastLinkNode = target.node;
        }
        else {
            // As a copy of the lower layers with this layer's entries so far would have it (vfs, umoci),
            // where an opaque marker earlier in the layer has already removed what lower layers put below.
            const vfs = new Resolver(tree, this.limits.linkBudget);
            if (this.opaque.size > 0)
                vfs.hides = (dir, child) => !this.isOwn(child) && this.belowOpaque(dir);
            const lower = vfs.resolve(targetPath, false);
            if (!lower.ok || tree.isDir(lower.node)) {
                throw new ImageReadError(`layer ${this.layer}: hard link ${printableName(entry.path)} points to ${printableName(targetPath)}, ` +
                    `which is ${lower.ok ? 'a directory' : 'not in the image'}`);
            }
            this.warnOnce('lower-link', `layer ${this.layer}: hard link ${printableName(entry.path)} points to ${printableName(targetPath)}, ` +
                "which a lower layer wrote: Docker's and containerd's overlay2 refuse to unpack such a layer; " +
                'read as the vfs driver and umoci do, with the lower file');
            target = lower;
        }
        const inode = tree.inode(target.node);
        // Then, as for any entry, the unpack chowns and chmods the new name: the file takes the link
        // entry's owner, and its mode too unless it is a symlink (Linux has no lchmod).
        tree.inodes.setOwner(inode, entry.uid, entry.gid);
        if (tree.inodes.typeCode(inode) !== SYMLINK_CODE)
            tree.inodes.setMode(inode, entry.mode);
        // That chown clears the file's capabilities (Linux drops security.capability on every chown); the
        // unpack then sets the link entry's own extended attributes, if it has any.
        if (tree.inodes.capabilities.size > 0)
            tree.inodes.capabilities.delete(inode);
        if (entry.capability)
            tree.inodes.capabilities.set(inode, entry.capability);
        const node = this.addNode(parent, name, inode);
        tree.hardLinkOf.set(node, target.node);
        if (tree.inodes.typeCode(inode) === FILE_CODE)
            this.linkCounts.set(inode, (this.linkCounts.get(inode) ?? 1) + 1);
    }
    /** Whether `dir` is, or is below, a directory this layer marked opaque so far (remembered per directory). */
    belowOpaque(dir) {
        const climbed = [];
        let found = false;
        for (let node = dir;; node = this.tree.parent(node)) {
            const known = this.opaqueBelow.get(node);
            if (known !== undefined) {
                found = known;
                break;
            }
            climbed.push(node);
            if (this.opaque.has(node)) {
                found = true;
                break;
            }
            if (node === ROOT)
                break;
        }
        for (const node of climbed)
            this.opaqueBelow.set(node, found);
        return found;
    }
    whiteout(entry) {
        const { tree } = this;
        const name = baseName(entry.path);
        const where = `layer ${this.layer}: whiteout of ${printableName(entry.path)}`;
        // overlay2 makes a whiteout a 0:0 character device at the name (mknod): refused where one cannot be made.
        if (name === '')
            throw new ImageReadError(`${where} names no file; overlay2 refuses such a layer`);
        const parent = this.directoryFor(parentPath(entry.path), entry);
        const existing = tree.child(parent, name);
        if (existing !== NONE && this.isOwn(existing)) {
            throw new ImageReadError(`${where} comes after the same layer wrote that path; a whiteout hides lower layers only, and overlay2 refuses such a layer`);
        }
        const below = this.hiding.get(parent)?.get(name);
        if (below?.whiteout)
            throw new ImageReadError(`${where} appears twice; overlay2 refuses such a layer`);
        if (existing !== NONE)
            this.hideLower(parent, name, existing, 'deleted');
        else if (below)
            below.whiteout = true;
        else
            this.hidingIn(parent).set(name, { node: NONE, whiteout: true, reason: 'deleted' });
    }
    markOpaque(entry) {
        // The marker sets an xattr on its directory, wherever it comes in the layer: applied when the layer ends.
        const dir = this.directoryFor(entry.path, entry, true);
        if (dir !== NONE)
            this.opaque.add(dir);
        this.opaqueBelow.clear();
    }
    /**
     * The directory of this layer that `dirPath` names, as the unpack finds or makes it: symlinks the
     * layer wrote are followed (to a directory the layer holds), and a name the layer lacks becomes a
     * directory of its own, laid over a lower directory or hiding a lower non-directory. A path through
     * a non-directory the layer wrote cannot be unpacked. With `finalMayBeFile`, NONE when the last
     * component is such a non-directory (an opaque marker there changes nothing).
     */
    directoryFor(dirPath, entry, finalMayBeFile = false) {
        if (dirPath === this.lastDirPath)
            return this.lastDir;
        if (dirPath === '/')
            return ROOT;
        const { tree } = this;
        let node = ROOT;
        let hops = 0;
        let end = 0;
        while (end < dirPath.length) {
            const start = end + 1;
            end = dirPath.indexOf('/', start);
            if (end === -1)
                end = dirPath.length;
            const name = dirPath.slice(start, end);
            let child = tree.child(node, name);
            if (child !== NONE && this.isOwn(child)) {
                if (tree.isDir(child)) {
                    node = child;
                    continue;
                }
                const isLast = end === dirPath.length;
                if (tree.inodes.typeCode(tree.inode(child)) === SYMLINK_CODE) {
                    const target = this.resolver.resolveLink(child);
                    hops += target.ok ? target.hops : 0;
                    if (target.ok && hops <= MAX_SYMLINK_HOPS) {
                        if (tree.isDir(target.node)) {
                            node = target.node;
                            continue;
                        }
                        if (isLast && finalMayBeFile)
                            return NONE;
                    }
                    this.refuseBelow(entry, dirPath.slice(0, end), 'a symlink the same layer wrote that leads to no directory of that layer');
                }
                if (isLast && finalMayBeFile)
                    return NONE;
                this.refuseBelow(entry, dirPath.slice(0, end), `a ${tree.inodes.type(tree.inode(child))} the same layer wrote`);
            }
            const below = this.hiding.size > 0 ? this.hiding.get(node)?.get(name) : undefined;
            if (below?.whiteout)
                this.refuseBelow(entry, dirPath.slice(0, end), 'a whiteout the same layer wrote');
            if (child !== NONE) {
                if (tree.isDir(child)) {
                    this.overlay(child, IMPLIED_DIR_MODE | (node === ROOT ? 0 : tree.inodes.mode(tree.inode(node)) & SETGID), 0, 0);
                    node = child;
                    continue;
                }
                this.hideLower(node, name, child, 'overwritten');
            }
            // mkdir in a setgid directory makes a setgid directory.
            const mode = IMPLIED_DIR_MODE | (node === ROOT ? 0 : tree.inodes.mode(tree.inode(node)) & SETGID);
            child = this.addNode(node, name, tree.inodes.add('dir', mode, 0, 0, 0, this.layer));
            this.limits.retain(end, () => `the directory ${printableName(dirPath.slice(0, end))} implied by a path`);
            node = child;
        }
        this.lastDirPath = dirPath;
        this.lastDir = node;
        return node;
    }
    refuseBelow(entry, at, what) {
        throw new ImageReadError(`layer ${this.layer}: ${entry.type === 'whiteout' ? 'whiteout of ' : entry.type === 'opaque' ? 'opaque marker in ' : ''}` +
            `${printableName(entry.path)} goes through ${printableName(at)}, ${what}; Docker refuses such a layer`);
    }
    isOwn(node) {
        return node === ROOT || this.tree.layerIndex(node) === this.layer;
    }
    /** The layer's directory takes the mode and owner it gives (a lower one's are kept, to restore). */
    overlay(node, mode, uid, gid) {
        if (!this.isOwn(node)) {
            const inode = this.tree.inode(node);
            const { inodes } = this.tree;
            this.overlaid.set(node, {
                mode: inodes.mode(inode),
                uid: inodes.uid(inode),
                gid: inodes.gid(inode),
                layerIndex: this.tree.layerIndex(node)
            });
        }
        this.setDirectory(node, mode, uid, gid);
    }
    setDirectory(node, mode, uid, gid) {
        const inode = this.tree.inode(node);
        this.tree.inodes.setMode(inode, mode);
        this.tree.inodes.setOwner(inode, uid, gid);
        this.tree.setLayerIndex(node, this.layer);
    }
    /** Takes a lower node out of the tree for the rest of the layer, where the layer put something of its own. */
    hideLower(parent, name, node, reason) {
        const hiding = this.hidingIn(parent);
        const earlier = hiding.get(name);
        if (earlier && earlier.node !== NONE)
            this.removeNode(earlier.node, earlier.reason);
        this.tree.detach(node);
        hiding.set(name, { node, whiteout: reason === 'deleted', reason });
    }
    hidingIn(parent) {
        let byName = this.hiding.get(parent);
        if (!byName) {
            byName = new Map();
            this.hiding.set(parent, byName);
        }
        return byName;
    }
    /**
     * Removes what the layer wrote at `node` (the unpack's RemoveAll in the layer's directory): its own
     * entries go, lower directories it lay over get their own mode and owner back, and what it hid
     * below them shows again. Returns the node when it is such a lower directory (still in the tree),
     * otherwise NONE.
     */
    removeOwn(node) {
        const { tree } = this;
        this.forgetDirectories();
        const back = [];
        const stack = [node];
        while (stack.length > 0) {
            const current = stack.pop();
            if (current !== node && !this.isOwn(current))
                continue; // a lower node under a lower directory: it stays
            if (tree.isDir(current))
                for (const child of tree.children(current))
                    stack.push(child);
            const hidden = this.hiding.get(current);
            if (hidden) {
                for (const below of hidden.values())
                    if (below.node !== NONE)
                        back.push(below.node);
                this.hiding.delete(current);
            }
            const lower = this.overlaid.get(current);
            if (lower) {
                const inode = tree.inode(current);
                tree.inodes.setMode(inode, lower.mode);
                tree.inodes.setOwner(inode, lower.uid, lower.gid);
                tree.setLayerIndex(current, lower.layerIndex);
                this.overlaid.delete(current);
                this.opaque.delete(current);
            }
            else {
                this.killOne(current, 'overwritten');
            }
        }
        for (const below of back)
            tree.attach(below);
        return this.tree.isAlive(node) ? node : NONE;
    }
    finishLayer() {
        const { tree } = this;
        this.checkDirectoryEntries();
        for (const dir of this.opaque) {
            if (!tree.isAlive(dir) || tree.isDetached(dir) || !this.isOwn(dir) || !tree.isDir(dir))
                continue;
            const stack = tree.children(dir);
            while (stack.length > 0) {
                const current = stack.pop();
                if (!this.isOwn(current))
                    this.removeNode(current, 'opaque');
                else if (tree.isDir(current))
                    for (const child of tree.children(current))
                        stack.push(child);
            }
        }
        for (const byName of this.hiding.values())
            for (const below of byName.values())
                if (below.node !== NONE)
                    this.removeNode(below.node, below.reason);
        this.hiding.clear();
        this.overlaid.clear();
        this.opaque.clear();
        this.forgetDirectories();
    }
    /**
     * The unpack sets each directory entry's times once the layer is done (chtimes, following symlinks):
     * a directory a later entry of the layer took away, or put below a non-directory, fails it.
     */
    checkDirectoryEntries() {
        const { tree } = this;
        for (const node of this.dirEntries) {
            if (tree.isAlive(node) && !tree.isDetached(node) && this.isOwn(node))
                continue;
            const path = tree.pathOf(node);
            this.resolver.forget();
            const now = this.resolver.resolve(path, true);
            if (now.ok)
                continue;
            throw new ImageReadError(`layer ${this.layer}: directory ${printableName(path)} is gone by the end of the layer (a later entry of the layer replaced it or a directory above it); Docker refuses such a layer`);
        }
        this.dirEntries = [];
    }
    forgetDirectories() {
        this.lastDirPath = undefined;
        this.lastDir = NONE;
        this.lastLinkTarget = undefined;
        this.opaqueBelow.clear();
        this.resolver.forget();
    }
    addNode(parent, name, inode) {
        if (++this.nodes > this.limits.maxNodes)
            throw this.limits.nodesExceeded(this.nodes);
        return this.tree.addChild(parent, name, inode, this.layer);
    }
    /** Kills a subtree the current layer hides. */
    removeNode(node, reason) {
        const { tree } = this;
        const stack = [node];
        while (stack.length > 0) {
            const current = stack.pop();
            if (tree.isDir(current))
                for (const child of tree.children(current))
                    stack.push(child);
            this.killOne(current, reason);
        }
    }
    /** Kills one node, recording a regular file as hidden (its bytes once its last name goes). */
    killOne(node, reason) {
        const { tree } = this;
        const inode = tree.inode(node);
        if (tree.inodes.typeCode(inode) === FILE_CODE) {
            const links = (this.linkCounts.get(inode) ?? 1) - 1;
            if (links > 0 || this.linkCounts.has(inode))
                this.linkCounts.set(inode, links);
            const size = links === 0 ? tree.inodes.size(inode) : 0;
            const path = tree.pathOf(node);
            // A layer named many times in the manifest hides its own files each time: each record counts.
            this.limits.retain(path.length + HIDDEN_RECORD_BYTES, () => `the hidden file ${printableName(path)}`);
            this.hidden.push(new HiddenCopy(path, tree.layerIndex(node), this.layer, size, reason, tree.inodes, inode));
            this.hiddenBytes += size;
        }
        tree.kill(node);
    }
    warnOnce(kind, message) {
        const key = `${this.layer}:${kind}`;
        if (this.warned.has(key))
            return;
        this.warned.add(key);
        this.warnings.push(message);
    }
    newInode(layerEntry) {
        const { inodes } = this.tree;
        const type = layerEntry.type;
        const size = type === 'file' ? layerEntry.size : 0;
        // A symlink's mode is always 0777 on Linux, whatever its header says.
        const mode = type === 'symlink' ? 0o777 : layerEntry.mode;
        const inode = inodes.add(type, mode, layerEntry.uid, layerEntry.gid, size, this.layer);
        if (type === 'symlink')
            inodes.linkTargets.set(inode, layerEntry.linkTarget ?? '');
        if (layerEntry.content)
            inodes.contents.set(inode, layerEntry.content);
        if (layerEntry.contentTruncated)
            inodes.truncated.add(inode);
        if (layerEntry.exec)
            inodes.execs.set(inode, layerEntry.exec);
        if (layerEntry.capability)
            inodes.capabilities.set(inode, layerEntry.capability);
        return inode;
    }
}
/**
 * Builds the final filesystem from each layer's entries, base layer first. With `release`, each
 * layer's slot in `layers` is emptied once applied, so its entries can be collected while later
 * layers merge (the reader's peak memory is then about one copy of the entries, not two).
 */
function mergeLayers(layers, options = {}) {
    const applier = new LayerApplier(options.limits ?? UNLIMITED);
    applier.reserve(layers.reduce((sum, entries) => sum + entries.length, 0));
    for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
        applier.apply(layerIndex, layers[layerIndex]);
        if (options.release)
            layers[layerIndex] = [];
    }
    return {
        fs: applier.fs,
        hidden: applier.hidden,
        hiddenBytes: applier.hiddenBytes,
        warnings: applier.warnings
    };
}
/** Limits for the merge from the reader's: see MergeLimits. */
function mergeLimits(options) {
    return {
        maxNodes: options.maxEntries,
        nodesExceeded: (nodes) => new LimitError(`the image's layers hold, with the directories their paths imply, more than ${options.maxEntries} entries (${nodes} so far; limit --max-entries)`),
        retain: options.retain,
        linkBudget: {
            spent: 0,
            limit: options.maxSymlinkSteps,
            exceeded: () => new LimitError(`resolving the image's symlinks reads more than ${options.maxSymlinkSteps} path components of their targets (limit --max-symlink-steps)`)
        }
    };
}

// Finds the images an archive holds (Docker manifest.json, or OCI index.json recursing through
// indexes) and picks one by reference and platform.
const INDEX_TYPES$1 = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
function blobPath(digest) {
    const [algorithm, hex] = digest.split(':');
    if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-zA-Z0-9=_-]+$/.test(hex)) {
        throw new ImageReadError(`invalid digest "${printableName(digest, 80)}"`);
    }
    return `blobs/${algorithm}/${hex}`;
}
function readMetadata(contents, path, what) {
    return parseJson(readMetadataBytes(contents, path, what), `${what} ${path}`);
}
/** A document of the archive, whole; absent or over the metadata limit is an error naming it. */
function readMetadataBytes(contents, path, what) {
    const resolved = resolveArchivePath(contents, path);
    const bytes = contents.metadata.get(resolved);
    if (bytes)
        return bytes;
    const oversized = contents.oversized.get(resolved);
    if (oversized)
        throw oversizedError(path, oversized.size, oversized.limit);
    throw missingBlobError(what, path, contents);
}
/**
 * A Docker archive's images. Docker 25+ writes index.json beside manifest.json: with the containerd image
 * store it holds the image's whole index (every platform, and the attestation manifests), while
 * manifest.json names one platform only; so the index's images come first, with the tags manifest.json
 * gives them, then what manifest.json names that the index lacks. An index.json that cannot be walked
 * adds nothing: manifest.json alone is what `docker load` reads.
 */
async function dockerCandidates(contents, layout) {
    const docker = manifestJsonCandidates(contents, layout);
    const oci = contents.metadata.has('index.json')
        ? await ociCandidates(contents).catch(() => undefined)
        : undefined;
    if (!oci)
        return { candidates: docker, attestations: [], unreadable: [] };
    const byConfig = new Map(docker.map((candidate) => [resolveArchivePath(contents, candidate.configPath), candidate]));
    const named = new Set();
    const candidates = oci.candidates.map((fromIndex) => {
        const listed = byConfig.get(fromIndex.configPath);
        if (!listed)
            return fromIndex;
        named.add(listed);
        return withIndexFacts(listed, fromIndex);
    });
    candidates.push(...docker.filter((candidate) => !named.has(candidate)));
    return { candidates, attestations: oci.attestations, unreadable: oci.unreadable };
}
function manifestJsonCandidates(contents, layout) {
    const document = readMetadata(contents, 'manifest.json', 'manifest');
    if (!Array.isArray(document))
        throw new ImageReadError('manifest.json must be a JSON array');
    return document.map((item, index) => {
        const what = `manifest.json[${index}]`;
        const entry = expectObject(item, what);
        const configPath = requiredString(entry, 'Config', what);
        const layerSources = isObject(entry.LayerSources) ? entry.LayerSources : {};
        const layers = optionalStringArray(entry, 'Layers', what).map((archivePath) => {
            const ref = { archivePath };
            const digest = digestFromBlobPath(archivePath);
            if (digest) {
                ref.digest = digest;
                const source = layerSources[digest];
                if (isObject(source) && typeof source.mediaType === 'string')
                    ref.mediaType = source.mediaType;
            }
            return ref;
        });
        return {
            layout,
            refs: optionalStringArray(entry, 'RepoTags', what),
            configPath,
            layers,
            annotations: {}
        };
    });
}
/** A manifest.json image with what its index entry adds: names, digests, media types, platform. */
function withIndexFacts(listed, oci) {
    const candidate = {
        ...listed,
        refs: [...listed.refs, ...oci.refs.filter((ref) => !listed.refs.includes(ref))],
        layers: oci.layers.length === listed.layers.length ? mergeLayerRefs(listed.layers, oci.layers) : listed.layers,
        annotations: oci.annotations
    };
    if (oci.manifestDigest)
        candidate.manifestDigest = oci.manifestDigest;
    if (oci.platform)
        candidate.platform = oci.platform;
    if (oci.attestations)
        candidate.attestations = oci.attestations;
    return candidate;
}
function mergeLayerRefs(docker, oci) {
    return docker.map((ref, index) => ({
        ...oci[index],
        ...ref,
        mediaType: ref.mediaType ?? oci[index].mediaType
    }));
}
function digestFromBlobPath(path) {
    const match = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(path);
    return match ? `${match[1]}:${match[2]}` : undefined;
}
/** The documents of an archive, by their blob paths. */
function archiveManifests(contents) {
    return {
        manifest: ({ digest }) => {
            const where = blobPath(digest);
            return { document: readMetadata(contents, where, 'manifest'), where };
        }
    };
}
/** OCI image layout: follow index.json through nested indexes to image manifests. */
async function ociCandidates(contents) {
    const index = expectObject(readMetadata(contents, 'index.json', 'OCI index'), 'index.json');
    return indexCandidates(archiveManifests(contents), index, 'index.json', 'oci', {}, { tolerateMissing: true });
}
/** BuildKit's attestation manifests: `vnd.docker.reference.type`, or, as OCI artifacts, this type. */
const ATTESTATION_ARTIFACT = 'application/vnd.docker.attestation.manifest.v1+json';
/**
 * The images an index leads to, through nested indexes, in the index's order. Sibling manifests are
 * asked for at once (a registry fetches them in parallel). Attestation manifests are never candidates:
 * they are listed beside them, unread.
 */
async function indexCandidates(source, index, what, layout, inherited = {}, options = {}) {
    const out = { candidates: [], attestations: [], unreadable: [] };
    await walkIndex(source, index, what, inherited, out, 0, layout, options);
    for (const candidate of out.candidates) {
        if (!candidate.manifestDigest)
            continue;
        candidate.attestations = out.attestations.filter((ref) => ref.target === candidate.manifestDigest);
    }
    return out;
}
/** One descriptor of an index: a child to walk, an attestation manifest, or something to ignore. */
function indexChild(source, item, what, inherited, attestations) {
    const descriptor = expectObject(item, what);
    const digest = requiredString(descriptor, 'digest', what);
    const mediaType = optionalString(descriptor, 'mediaType', what) ?? '';
    const own = optionalStringMap(descriptor, 'annotations', what);
    const annotations = { ...inherited, ...own };
    const platform = parsePlatform(descriptor.platform);
    const size = typeof descriptor.size === 'number' ? descriptor.size : undefined;
    const named = {
        digest,
        ...(mediaType ? { mediaType } : {}),
        ...(size !== undefined ? { size } : {})
    };
    // BuildKit's attestation manifests sit beside the images with platform unknown/unknown; a descriptor
    // of another reference type is to be ignored whole (BuildKit's attestation-storage document).
    const referenceType = own['vnd.docker.reference.type'];
    if (referenceType === 'attestation-manifest' || descriptor.artifactType === ATTESTATION_ARTIFACT) {
        blobPath(digest);
        const target = own['vnd.docker.reference.digest'];
        attestations.push({ descriptor: named, ...(target ? { target } : {}) });
        return undefined;
    }
    if (platform?.os === 'unknown' || referenceType !== undefined)
        return undefined;
    blobPath(digest);
    return {
        named,
        mediaType,
        annotations,
        platform,
        fetched: Promise.resolve().then(() => source.manifest(named))
    };
}
async function walkIndex(source, index, what, inherited, out, depth, layout, options) {
    if (depth > 8)
        throw new ImageReadError(`${what}: image indexes nested more than 8 deep`);
    const children = optionalArray(index, 'manifests', what).map((item, position) => indexChild(source, item, `${what}.manifests[${position}]`, inherited, out.attestations));
    // Every fetch is started before any is awaited; a failure is reported in the index's order.
    for (const child of children)
        child?.fetched.catch(() => undefined);
    for (const child of children) {
        if (!child)
            continue;
        let fetched;
        try {
            fetched = await child.fetched;
        }
        catch (error) {
            if (!options.tolerateMissing || !(error instanceof MissingBlobError))
                throw error;
            out.unreadable.push({
                ...(child.platform ? { platform: child.platform } : {}),
                refs: refsFromAnnotations(child.annotations),
                manifestDigest: child.named.digest,
                reason: error.message
            });
            continue;
        }
        const { document: parsed, where } = fetched;
        const document = expectObject(parsed, where);
        const documentType = optionalString(document, 'mediaType', where) ?? child.mediaType;
        if (INDEX_TYPES$1.has(documentType) || (Array.isArray(document.manifests) && !document.config)) {
            await walkIndex(source, document, where, child.annotations, out, depth + 1, layout, options);
            continue;
        }
        out.candidates.push(manifestCandidate(document, where, child.named.digest, child.annotations, layout, child.platform));
    }
}
/** The image an image manifest describes. */
function manifestCandidate(document, where, digest, annotations, layout, platform) {
    const config = expectObject(document.config, `${where}.config`);
    const layers = optionalArray(document, 'layers', where).map((layerItem, layerIndex) => {
        const layer = expectObject(layerItem, `${where}.layers[${layerIndex}]`);
        const layerDigest = requiredString(layer, 'digest', `${where}.layers[${layerIndex}]`);
        const ref = { archivePath: blobPath(layerDigest), digest: layerDigest };
        const layerType = optionalString(layer, 'mediaType', `${where}.layers[${layerIndex}]`);
        if (layerType)
            ref.mediaType = layerType;
        if (typeof layer.size === 'number')
            ref.size = layer.size;
        return ref;
    });
    const allAnnotations = { ...annotations, ...optionalStringMap(document, 'annotations', where) };
    const configDigest = requiredString(config, 'digest', `${where}.config`);
    const candidate = {
        layout,
        refs: refsFromAnnotations(allAnnotations),
        configPath: blobPath(configDigest),
        config: {
            digest: configDigest,
            ...(typeof config.size === 'number' ? { size: config.size } : {})
        },
        layers,
        annotations: allAnnotations
    };
    if (digest)
        candidate.manifestDigest = digest;
    if (platform)
        candidate.platform = platform;
    return candidate;
}
function refsFromAnnotations(annotations) {
    const refs = [];
    const containerdName = annotations['io.containerd.image.name'];
    if (containerdName)
        refs.push(containerdName);
    const refName = annotations['org.opencontainers.image.ref.name'];
    // A bare tag ("3.20") in ref.name only means something next to a full name.
    if (refName && (refName.includes('/') || refName.includes(':') || !containerdName))
        refs.push(refName);
    return refs;
}
function parsePlatform(value) {
    if (!isObject(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string')
        return undefined;
    const platform = { os: value.os, architecture: value.architecture };
    if (typeof value.variant === 'string')
        platform.variant = value.variant;
    return platform;
}
/** docker.io/library/alpine \u2192 alpine:latest; keeps digests and other registries. */
function normaliseReference(reference) {
    let ref = reference.trim();
    for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/']) {
        if (ref.startsWith(prefix)) {
            ref = ref.slice(prefix.length);
            break;
        }
    }
    const lastSlash = ref.lastIndexOf('/');
    if (!ref.includes('@') && !ref.slice(lastSlash + 1).includes(':'))
        ref += ':latest';
    return ref;
}
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

// Which images of an archive, layout or registry index a run gates: `--image` picks the image by name,
// `--platform` one platform, a list, or all of them; without it every platform of a multi-platform
// image is gated, never one chosen silently. Attestation manifests are never images (select.ts). An
// image the index names whose blobs the source lacks is unreadable: the others are still gated, unless
// it was asked for.
function selectImages(source, options) {
    const where = source.where ?? 'the archive';
    const { platformOf } = source;
    if (source.candidates.length === 0 && source.unreadable.length === 0)
        throw new ImageReadError(`${where} holds no image`);
    let candidates = source.candidates;
    let unreadable = source.unreadable;
    if (options.image) {
        const wanted = normaliseReference(options.image);
        const named = (refs) => refs.some((ref) => normaliseReference(ref) === wanted);
        candidates = candidates.filter((candidate) => named(candidate.refs));
        unreadable = unreadable.filter((image) => named(image.refs));
        if (candidates.length === 0 && unreadable.length === 0) {
            throw new ImageReadError(`no image "${printableName(options.image)}" in ${where}; it holds ${describeChoices(source.candidates, platformOf)}`);
        }
    }
    const choice = parsePlatformChoice(options.platform);
    const chosen = distinct(choice.kind === 'named' ? namedPlatforms(choice, candidates, unreadable, source, where) : candidates);
    const missing = unreadablePlatforms(choice, unreadable);
    const readable = chosen.filter((candidate) => {
        const reason = source.missing?.(candidate);
        if (reason === undefined)
            return true;
        missing.push({ ...unreadableOf(candidate, platformOf), reason });
        return false;
    });
    checkOneImage(readable, platformOf, where);
    if (readable.length === 0) {
        // Nothing to gate: the one reason, or every platform's.
        if (missing.length === 1) {
            const [only] = missing;
            throw new ImageReadError(`${printableName(only.platform)} cannot be read from ${where}: ${only.reason}`);
        }
        throw new ImageReadError(`no platform of the image can be read from ${where}: ${describeUnreadable(missing)}`);
    }
    if (missing.length > 0 && (choice.kind === 'named' || choice.explicit)) {
        throw new ImageReadError(`${plural(missing.length, 'platform')} asked for cannot be read from ${where}: ${describeUnreadable(missing)}`);
    }
    return { chosen: readable, unreadable: missing };
}
/** Each platform named must be there, as exactly one image. */
function namedPlatforms(choice, candidates, unreadable, source, where) {
    const chosen = [];
    for (const { text, platform: wanted } of choice.platforms) {
        // A candidate must show the platform asked for: one that names none is not taken on trust.
        const onPlatform = distinct(candidates.filter((candidate) => {
            const platform = source.platformOf(candidate);
            return platform !== undefined && platformMatches(platform, wanted);
        }));
        if (onPlatform.length === 0) {
            const absent = unreadable.find((image) => image.platform && platformMatches(image.platform, wanted));
            if (absent) {
                throw new ImageReadError(`platform ${printableName(text)} cannot be read from ${where}: ${absent.reason}`);
            }
            throw new ImageReadError(`no image for platform ${printableName(text)} in ${where}; it holds ${describeChoices(candidates, source.platformOf)}`);
        }
        if (onPlatform.length > 1) {
            throw new ImageReadError(`${where} holds several images for platform ${printableName(text)}; choose one with --image or a variant: ${describeChoices(onPlatform, source.platformOf)}`);
        }
        chosen.push(onPlatform[0]);
    }
    return chosen;
}
/** The index's images whose manifests are absent, among those the choice would gate. */
function unreadablePlatforms(choice, unreadable) {
    // A named platform that is absent failed already; the others named are there.
    if (choice.kind === 'named')
        return [];
    return unreadable.map((image) => ({
        platform: image.platform ? formatPlatform(image.platform) : 'unknown platform',
        manifestDigest: image.manifestDigest,
        reason: image.reason
    }));
}
function unreadableOf(candidate, platformOf) {
    const platform = platformOf(candidate);
    return {
        platform: platform ? formatPlatform(platform) : 'unknown platform',
        ...(candidate.manifestDigest ? { manifestDigest: candidate.manifestDigest } : {})
    };
}
/**
 * The images gated at once must be the platforms of one image: two images on one platform, or images
 * with different names, are several images, and the user chooses.
 */
function checkOneImage(candidates, platformOf, where) {
    if (candidates.length < 2)
        return;
    const platforms = new Set();
    let sharedPlatform = false;
    for (const candidate of candidates) {
        const platform = platformOf(candidate);
        const key = platform ? formatPlatform(platform) : '';
        if (platforms.has(key))
            sharedPlatform = true;
        platforms.add(key);
    }
    const named = candidates.map((candidate) => new Set(candidate.refs.map((ref) => normaliseReference(ref))));
    const differentNames = named.some((refs, index) => refs.size > 0 &&
        named.slice(index + 1).some((other) => other.size > 0 && ![...refs].some((ref) => other.has(ref))));
    if (sharedPlatform || differentNames) {
        throw new ImageReadError(`${where} holds several images; choose one with --image or --platform: ${describeChoices(candidates, platformOf)}`);
    }
}
/** One candidate per image: an index or manifest.json may name the same image twice (two tags). */
function distinct(candidates) {
    const seen = new Map();
    for (const candidate of candidates) {
        const key = candidate.manifestDigest ?? candidate.configPath;
        const first = seen.get(key);
        if (!first)
            seen.set(key, candidate);
        else if (candidate.refs.some((ref) => !first.refs.includes(ref))) {
            seen.set(key, {
                ...first,
                refs: [...first.refs, ...candidate.refs.filter((ref) => !first.refs.includes(ref))]
            });
        }
    }
    return [...seen.values()];
}
function describeChoices(candidates, platformOf) {
    return candidates
        .map((candidate) => {
        const name = candidate.refs.map((ref) => printableName(ref)).join(', ') ||
            `untagged ${printableName(candidate.configPath)}`;
        const platform = platformOf(candidate);
        return `${name} (${platform ? printableName(formatPlatform(platform)) : 'no platform in its config'})`;
    })
        .join('; ');
}
function describeUnreadable(unreadable) {
    return unreadable.map((entry) => `${printableName(entry.platform)} (${entry.reason})`).join('; ');
}
function plural(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}
/** The selection when the caller reads one image: several platforms are an error asking for one. */
function onlyOne(selection, platformOf, where = 'the archive') {
    if (selection.chosen.length === 1)
        return selection.chosen[0];
    throw new ImageReadError(`${where} holds several platforms; choose one with --platform: ${describeChoices(selection.chosen, platformOf)}`);
}

// Once the whole archive has streamed past: select the images (selection.ts), and for each in turn pair
// its config with the indexed layers, check that they agree, and merge the layers into the final
// filesystem. imageFromLayers does the pairing and merging for every source.
function archiveLayout(contents) {
    if (contents.metadata.has('manifest.json')) {
        return contents.metadata.has('index.json') || contents.metadata.has('oci-layout')
            ? 'docker-oci'
            : 'docker-legacy';
    }
    if (contents.metadata.has('index.json'))
        return 'oci';
    const seen = [...contents.metadata.keys(), ...contents.layers.keys(), ...contents.unrecognised]
        .slice(0, 5)
        .map((path) => printableName(path, 80))
        .join(', ');
    throw new ImageReadError(`unknown archive layout: no manifest.json or index.json${seen ? ` (found ${seen})` : ' (the archive holds no files)'}; ` +
        'expected the output of docker save, podman save or skopeo copy');
}
/** The images the archive holds and which of them the options select. */
async function selectArchiveImages(contents, options) {
    const layout = archiveLayout(contents);
    const listed = layout === 'oci' ? await ociCandidates(contents) : await dockerCandidates(contents, layout);
    return selectImages({
        ...listed,
        platformOf: configPlatforms(contents),
        missing: (candidate) => missingBlobs(contents, candidate)
    }, options);
}
/**
 * Merges each selected image in turn and hands it to `visit` before the next is merged, so that only
 * one merged tree need be alive at a time. A layer blob shared by several platforms was indexed once;
 * its entries are kept until the last image that names it has been merged.
 */
async function assembleImages(contents, options, visit) {
    const selection = await selectArchiveImages(contents, options);
    const blobsOf = (candidate) => candidate.layers.map((ref) => resolveArchivePath(contents, ref.archivePath));
    const usesLeft = new Map();
    for (const candidate of selection.chosen)
        for (const path of new Set(blobsOf(candidate)))
            usesLeft.set(path, (usesLeft.get(path) ?? 0) + 1);
    const results = [];
    for (const candidate of selection.chosen) {
        const shared = new Set();
        for (const path of new Set(blobsOf(candidate))) {
            const left = (usesLeft.get(path) ?? 1) - 1;
            usesLeft.set(path, left);
            if (left > 0)
                shared.add(path);
        }
        const keep = new Set();
        for (const path of shared) {
            const blob = contents.layers.get(path);
            if (blob)
                keep.add(await blob);
        }
        results.push(await visit(await assembleCandidate(contents, candidate, { ...options, keep })));
    }
    return { results, unreadable: selection.unreadable };
}
/** The one image the options select; several platforms are an error asking for one. */
async function assembleImage(contents, options) {
    const selection = await selectArchiveImages(contents, options);
    return assembleCandidate(contents, onlyOne(selection, configPlatforms(contents)), options);
}
/** One selected image of the archive: its config, its indexed layers, merged. */
async function assembleCandidate(contents, candidate, options) {
    const layout = archiveLayout(contents);
    const config = parseImageConfig(readMetadata(contents, candidate.configPath, 'image config'), candidate.configPath);
    checkLayerCounts(candidate, config, options.limits);
    const blobs = await Promise.all(candidate.layers.map(async (ref) => {
        const blob = contents.layers.get(resolveArchivePath(contents, ref.archivePath));
        if (!blob)
            throw missingBlobError('layer', ref.archivePath, contents);
        return blob;
    }));
    if (options.verifyDigests)
        verifyMetadataDigests(contents, candidate);
    const image = imageFromLayers(layout, candidate, config, blobs, options);
    if (options.attestations) {
        image.attestations = await readAttestations(candidate.attestations, candidate.manifestDigest, (descriptor) => Promise.resolve().then(() => archiveDocument(contents, descriptor, options.verifyDigests)));
    }
    return image;
}
/** A document of the archive by its descriptor (an attestation manifest, a statement). */
function archiveDocument(contents, descriptor, verify) {
    const where = blobPath(descriptor.digest);
    const bytes = readMetadataBytes(contents, where, 'attestation');
    if (verify)
        checkDigest(bytes, descriptor.digest, `attestation document ${where}`);
    return bytes;
}
/**
 * Why a candidate cannot be read because its config or a layer is absent from the archive, or
 * undefined when all are there; a blob that is there but is not what it should be fails the read.
 */
function missingBlobs(contents, candidate) {
    const absent = (error) => {
        if (error instanceof MissingBlobError)
            return error.message;
        throw error;
    };
    const config = resolveArchivePath(contents, candidate.configPath);
    if (!contents.metadata.has(config) && !contents.oversized.has(config))
        return absent(missingBlobError('image config', candidate.configPath, contents));
    for (const ref of candidate.layers) {
        if (contents.layers.has(resolveArchivePath(contents, ref.archivePath)))
            continue;
        const error = missingBlobError('layer', ref.archivePath, contents);
        if (!(error instanceof MissingBlobError) || !candidate.platform)
            return absent(error);
        // One platform of an index: the store saved the platforms it has, not a blob shared with another image.
        return (`layer ${printableName(ref.archivePath)} named by the manifest is not in the archive ` +
            '(docker save with the containerd image store writes only the platforms the engine has pulled)');
    }
    return undefined;
}
/** Before any layer is read: the manifest's layers within the limit, and as many as the config's diff_ids. */
function checkLayerCounts(candidate, config, limits) {
    if (candidate.layers.length > limits.maxLayers) {
        throw new LimitError(`the image has ${candidate.layers.length} layers, over the limit of ${limits.maxLayers} (limit ${limitFlag('maxLayers')})`);
    }
    if (config.diffIds.length !== candidate.layers.length) {
        throw new ImageReadError(`the manifest lists ${candidate.layers.length} layers but the config's rootfs.diff_ids lists ${config.diffIds.length}`);
    }
}
/**
 * The image from its selected candidate, its config and its indexed layer blobs, whatever they were
 * read from (an archive, a layout directory, a registry). The blobs' entry lists are consumed by the
 * merge: a blob shared with another image must be indexed again for it (or its lists kept).
 */
function imageFromLayers(layout, candidate, config, blobs, options) {
    // A blob named many times is indexed once but merged each time: count its entries each time.
    const mergedEntries = blobs.reduce((sum, blob) => sum + blob.entries.length, 0);
    if (mergedEntries > options.limits.maxEntries) {
        throw new LimitError(`the image's layers hold ${mergedEntries} entries, over the limit of ${options.limits.maxEntries} (limit ${limitFlag('maxEntries')})`);
    }
    if (options.verifyDigests)
        verifyDigests(candidate, blobs, config.diffIds);
    const historyIndexes = historyIndexByLayer(config.history, blobs.length);
    const warnings = [];
    if (blobs.length === 0)
        warnings.push('the image has no layers: its filesystem is empty');
    const producing = config.history.filter((entry) => !entry.emptyLayer).length;
    if (config.history.length > 0 && producing !== blobs.length) {
        warnings.push(`history has ${producing} layer-producing entries for ${blobs.length} layers; created_by may be misaligned`);
    }
    const layers = blobs.map((blob, index) => {
        const ref = candidate.layers[index];
        const historyIndex = historyIndexes[index];
        const layer = {
            index,
            diffId: config.diffIds[index],
            compression: blob.compression,
            compressedSize: blob.compressedSize,
            uncompressedSize: blob.uncompressedSize,
            contentSize: blob.contentSize,
            entryCount: blob.entries.length,
            archivePath: ref.archivePath
        };
        if (ref.digest)
            layer.digest = ref.digest;
        if (ref.mediaType)
            layer.mediaType = ref.mediaType;
        if (historyIndex !== undefined) {
            layer.historyIndex = historyIndex;
            const createdBy = config.history[historyIndex]?.createdBy;
            if (createdBy !== undefined)
                layer.createdBy = createdBy;
        }
        return layer;
    });
    // The merged tree replaces the per-layer lists: let each go once applied, to halve the peak memory.
    const entryLists = blobs.map((blob) => blob.entries);
    for (const blob of blobs)
        if (!options.keep?.has(blob))
            blob.entries = [];
    const budget = options.budget ?? { };
    const merged = mergeLayers(entryLists, {
        release: true,
        limits: mergeLimits({
            maxEntries: options.limits.maxEntries,
            maxSymlinkSteps: options.limits.maxSymlinkSteps,
            retain: (bytes, what) => retain(budget, options.limits, bytes, what)
        })
    });
    warnings.push(...merged.warnings);
    const platform = candidate.platform ?? { os: config.os, architecture: config.architecture };
    if (!candidate.platform && config.variant)
        platform.variant = config.variant;
    const image = {
        layout,
        repoTags: candidate.refs,
        configDigest: candidate.config?.digest ?? configDigestOf(candidate.configPath),
        platform,
        config,
        annotations: candidate.annotations,
        layers,
        fs: merged.fs,
        hidden: merged.hidden,
        hiddenBytes: merged.hiddenBytes,
        warnings
    };
    const reference = options.image ?? candidate.refs[0];
    if (reference)
        image.reference = reference;
    if (candidate.manifestDigest)
        image.manifestDigest = candidate.manifestDigest;
    return image;
}
function configDigestOf(configPath) {
    const blob = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(configPath);
    if (blob)
        return `${blob[1]}:${blob[2]}`;
    const legacy = /^([a-f0-9]{64})\.json$/.exec(configPath);
    return legacy ? `sha256:${legacy[1]}` : undefined;
}
/**
 * The platform of each candidate: its index descriptor's, else its config's os/architecture/variant
 * (`docker save` writes no platform into manifest.json). Undefined when neither says.
 */
function configPlatforms(contents) {
    const known = new Map();
    return (candidate) => {
        if (candidate.platform)
            return candidate.platform;
        if (known.has(candidate.configPath))
            return known.get(candidate.configPath);
        let platform;
        try {
            const config = readMetadata(contents, candidate.configPath, 'image config');
            platform = platformOfConfig(config);
        }
        catch {
            // A candidate whose config cannot be read has no platform to offer; if it is the one
            // selected, assembling it reports the problem.
        }
        known.set(candidate.configPath, platform);
        return platform;
    };
}
function platformOfConfig(config) {
    if (typeof config !== 'object' || config === null)
        return undefined;
    const { os, architecture, variant } = config;
    if (typeof os !== 'string' || typeof architecture !== 'string' || os === '' || architecture === '')
        return undefined;
    return typeof variant === 'string' && variant !== '' ? { os, architecture, variant } : { os, architecture };
}
/** The config and (OCI) manifest blobs are named by their digests: check the bytes match. */
function verifyMetadataDigests(contents, candidate) {
    const documents = [
        ['image config', candidate.configPath, configDigestOf(candidate.configPath)]
    ];
    if (candidate.manifestDigest) {
        documents.push(['manifest', blobPath(candidate.manifestDigest), candidate.manifestDigest]);
    }
    for (const [what, path, expected] of documents) {
        const bytes = contents.metadata.get(resolveArchivePath(contents, path));
        if (expected && bytes)
            checkDigest(bytes, expected, `${what} ${printableName(path)}`);
    }
}
/** sha256 digests are checked; other algorithms are left to the registry reader, which checks them all. */
function checkDigest(bytes, expected, what) {
    if (!expected.startsWith('sha256:'))
        return;
    // Loaded only when digests are verified: most reads never load node:crypto.
    const { createHash } = process.getBuiltinModule('node:crypto');
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== expected)
        throw new ImageReadError(`${what}: content digest is ${actual}, expected ${printableName(expected)}`);
}
function verifyDigests(candidate, blobs, diffIds) {
    blobs.forEach((blob, index) => {
        const expectedBlob = candidate.layers[index].digest;
        if (expectedBlob && blob.blobDigest && expectedBlob !== blob.blobDigest) {
            throw new ImageReadError(`layer ${printableName(blob.archivePath)}: content digest is ${blob.blobDigest}, expected ${printableName(expectedBlob)}`);
        }
        if (blob.diffId && diffIds[index] !== blob.diffId) {
            throw new ImageReadError(`layer ${printableName(blob.archivePath)}: uncompressed digest is ${blob.diffId}, but rootfs.diff_ids[${index}] is ${printableName(diffIds[index])}`);
        }
    });
}

// Forward reads of a regular file through one reused buffer, synchronously. For the archive walk, a
// page-cache copy costs less than handing a read to libuv's thread pool and waiting for it to come back,
// the main thread idle meanwhile (docs/benchmarks.md), and the kernel reads ahead on the forward pattern
// by itself when the file is not cached.
class FileCursor {
    readAt;
    end;
    buffer;
    /** Where the next chunk starts. */
    position = 0;
    /** Reads from the start of the file to `end`, at most `chunkBytes` at a time. */
    constructor(readAt, end, chunkBytes) {
        this.readAt = readAt;
        this.end = end;
        this.buffer = Buffer.allocUnsafeSlow(chunkBytes);
    }
    /**
     * The bytes at the position, up to one buffer; empty at the end, or where the file ends when it is
     * shorter than it was. The chunk stays valid until the next call to `next`.
     */
    next() {
        const length = Math.min(this.buffer.length, this.end - this.position);
        if (length <= 0)
            return this.buffer.subarray(0, 0);
        let filled = 0;
        while (filled < length) {
            const bytesRead = this.readAt(this.buffer, filled, length - filled, this.position + filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        this.position += filled;
        return this.buffer.subarray(0, filled);
    }
    /** Moves the position forward by `length` bytes without reading them. */
    skip(length) {
        this.position += length;
    }
}

// Reading an archive by path: a regular file with seeking and parallel compressed-layer tasks, or a
// pipe read on the main thread into one reused buffer. Both feed the same synchronous tar parser as a
// stream does.
const READ_BUFFER_BYTES$1 = 1 << 20;
/** The archive walk's reads: large enough that a run of small files costs few reads. */
const WALK_CHUNK_BYTES$1 = 256 * 1024;
/** Seeking past less than this costs more than copying it: a seek is one more read (docs/benchmarks.md). */
const MIN_SKIP_BYTES$1 = 32 * 1024;
async function openArchiveFile(path) {
    const handle = await open(path, 'r');
    try {
        const { size } = await handle.stat();
        const head = Buffer.alloc(4);
        await handle.read(head, 0, 4, 0);
        return { handle, size, compressed: detectCompression(head) !== 'none' };
    }
    catch (error) {
        await handle.close();
        throw error;
    }
}
/**
 * How far to seek from `position` when `skippable` bytes may be passed over: to the last tar block
 * boundary before their end, so the chunks that follow stay word-aligned as the tar's blocks are and
 * their headers are checksummed a word at a time (tar-header.ts). The few body bytes before it are
 * read and passed over.
 */
function blockAlignedSkip(position, skippable) {
    return skippable - ((position + skippable) % BLOCK);
}
/** Synchronous positional reads on a file descriptor. */
function readAtDescriptor(fd) {
    return (buffer, offset, length, position) => readSync(fd, buffer, offset, length, position);
}
/**
 * An archive file walked forward, seeking past file bodies that no rule needs: only tar headers and the
 * bytes that rules or signatures read come off the disk. `readAt` reads for the walk; compressed layer
 * blobs are read through `handle` by their own tasks.
 */
async function readSeekable(handle, readAt, size, outer, collector, progress) {
    const detached = new DetachedBlobReads(handle);
    collector.detachCompressedBlobs((offset, length, sink) => detached.start(offset, length, sink));
    const cursor = new FileCursor(readAt, size, WALK_CHUNK_BYTES$1);
    try {
        for (;;) {
            const skippable = outer.skippable();
            // Never seek past the end: a truncated archive must still be reported as truncated.
            if (skippable >= MIN_SKIP_BYTES$1 && cursor.position + skippable <= size) {
                const length = blockAlignedSkip(cursor.position, skippable);
                outer.skip(length);
                cursor.skip(length);
                continue;
            }
            const chunk = cursor.next();
            if (chunk.length === 0)
                break;
            await pushChunk(outer, collector, chunk);
            progress();
        }
        await detached.finished();
    }
    finally {
        // On the way out of a failed read: the detached reads must end before the handle closes, and the
        // read's own error is the one to report, not theirs.
        await detached.finished().catch(() => undefined);
        await handle.close();
    }
}
/**
 * Compressed layer blobs read from their own offsets, a few at a time: their decompression runs on
 * libuv's thread pool, so layers decompress in parallel while the main thread parses their tars.
 */
class DetachedBlobReads {
    handle;
    concurrency;
    tasks = [];
    running = 0;
    waiting = [];
    constructor(handle, concurrency = compressedLayerReads()) {
        this.handle = handle;
        this.concurrency = concurrency;
    }
    start(offset, length, sink) {
        const task = this.run(offset, length, sink);
        // The sink's result carries the failure; the task itself must not reject unobserved.
        this.tasks.push(task.catch((error) => sink.abort(error)));
    }
    async finished() {
        await Promise.all(this.tasks);
    }
    async run(offset, length, sink) {
        if (this.running >= this.concurrency)
            await new Promise((resolve) => this.waiting.push(resolve));
        this.running++;
        try {
            const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES$1);
            for (let done = 0; done < length && !sink.hasFailed;) {
                const { bytesRead } = await this.handle.read(buffer, 0, Math.min(READ_BUFFER_BYTES$1, length - done), offset + done);
                if (bytesRead === 0)
                    throw new ImageReadError(`layer ${sink.archivePath}: archive ends inside the blob`);
                done += bytesRead;
                sink.write(buffer.subarray(0, bytesRead));
                const drain = sink.drain;
                if (drain)
                    await drain;
            }
            if (!sink.hasFailed)
                sink.end();
            await sink.result.then(noop, noop);
        }
        finally {
            this.running--;
            this.waiting.shift()?.();
        }
    }
}
/** Blocking reads of a descriptor at its current position. */
function readFromDescriptor(fd) {
    return (buffer, offset, length) => readSync(fd, buffer, offset, length, null);
}
/**
 * A pipe read on the main thread into one reused buffer. A pipe holds 64 KiB unless its writer enlarged
 * it, so a 1 GiB archive is ~17,000 reads: handed to libuv's thread pool, each costs a round trip to
 * another thread and back while the main thread idles; read here, it is a system call, or a wait for
 * the writer that an asynchronous read would have waited as well.
 */
class PipeCursor {
    read;
    buffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES$1);
    constructor(read) {
        this.read = read;
    }
    /**
     * What the pipe holds now, waiting for the writer while it is empty, and for at least `minimum` bytes
     * unless the pipe ends first; empty at the end. The chunk stays valid until the next call.
     */
    next(minimum = 1) {
        let filled = 0;
        while (filled < minimum) {
            const bytesRead = this.read(this.buffer, filled, this.buffer.length - filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return this.buffer.subarray(0, filled);
    }
}
/** One turn of the event loop: the thread pool's finished work (zlib's output) is handled meanwhile. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/**
 * A plain (not whole-archive compressed) tar read from a pipe, starting with `head`, its first bytes.
 * The reads block the main thread, which is idle otherwise, except while layers decompress on the
 * thread pool: then each read is followed by a turn of the event loop so their output is parsed as it
 * comes and zlib is handed its next input.
 */
async function readPipe(cursor, head, outer, collector, progress) {
    for (let chunk = head; chunk.length > 0; chunk = cursor.next()) {
        outer.push(chunk);
        const drains = collector.pendingDrains();
        if (drains.length > 0)
            await Promise.all(drains);
        else if (collector.decompressing)
            await nextTurn();
        progress();
    }
}
/** The pipe's chunks as an async source, `head` first, for a decompressor of the whole archive. */
async function* pipeChunks(cursor, head) {
    for (let chunk = head; chunk.length > 0; chunk = cursor.next()) {
        yield chunk;
        await nextTurn();
    }
}
async function pushChunk(outer, collector, chunk) {
    outer.push(chunk);
    const drains = collector.pendingDrains();
    if (drains.length > 0)
        await Promise.all(drains);
}
const noop = () => undefined;

// Says, in one line, what a file that is not a tar archive seems to be: the reader otherwise stops
// with "stream ends inside a header at byte 0", which tells a user nothing. Only the first block is
// looked at, and nothing of its content is printed (it is untrusted).
const SIGNATURES = [
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
    ['a JPEG image', [0xff, 0xd8, 0xff]],
    ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
    ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
    ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
    ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
    ['a bzip2 stream', [0x42, 0x5a, 0x68]],
    ['an xz stream', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ['a 7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]]
];
/** What the bytes look like, for a message: "a PNG image", "JSON text", "text", "binary data". */
function describeContent(head) {
    for (const [name, magic] of SIGNATURES) {
        if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte))
            return name;
    }
    const first = head.subarray(0, Math.min(head.length, BLOCK));
    const textual = first.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte !== 0x7f));
    if (!textual)
        return 'binary data';
    const start = first.toString('latin1').trimStart();
    if (start.startsWith('{') || start.startsWith('['))
        return 'JSON text';
    return 'text';
}
/**
 * Throws when `head` (the first bytes of the archive, after decompression) cannot start a tar archive.
 * `head` holds at least one block, or the whole input when it is shorter.
 */
function checkTarStart(head, sourceName, compressed) {
    const inside = compressed ? `its ${compressed}-decompressed content is ` : '';
    if (head.length === 0) {
        throw new ImageReadError(`${sourceName}: ${compressed ? `${inside}empty` : 'is empty'}: expected an archive from docker save, podman save or skopeo copy`);
    }
    const block = head.subarray(0, BLOCK);
    if (block.length === BLOCK && (isZeroBlock(block) || checksumMatches(block)))
        return;
    throw new ImageReadError(`${sourceName}: ${inside || 'is '}not a tar archive (${block.length < BLOCK ? `${head.length} bytes of ` : ''}${describeContent(head)}): expected an archive from docker save, podman save or skopeo copy`);
}

// Entry point of the reader: one streaming pass over the archive (file, stdin or `docker save`),
// then assembly. Nothing is written to disk and no layer is held whole in memory.
const NO_CAPTURE$1 = () => 0;
/** Reads the one image `options` select; an archive of several platforms needs `platform` to name one. */
async function readImage(source, options = {}) {
    return readArchive(source, options, (contents, assembly) => assembleImage(contents, assembly));
}
/**
 * Reads every image `options` select (every platform of a multi-platform archive, unless `platform`
 * names some), handing each to `visit` as soon as it is merged, one after another.
 */
async function readImages(source, options, visit) {
    return readArchive(source, options, (contents, assembly) => assembleImages(contents, assembly, visit));
}
async function readArchive(source, options, assemble) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const budget = { entries: 0 };
    const collector = new ArchiveCollector({
        capture: options.capture ?? NO_CAPTURE$1,
        limits,
        budget,
        verifyDigests: options.verifyDigests ?? false,
        readAhead: new ReadAheadBudget()
    });
    const outer = new TarParser(collector, { maxMetaBytes: limits.maxTarMetaBytes });
    const sourceName = source.kind === 'file' ? source.path : source.name;
    let input;
    let pipe;
    const progress = () => options.onProgress?.({ bytes: outer.bytesRead, layersDone: collector.layersDone });
    try {
        const file = source.kind === 'file' ? await openArchiveFile(source.path) : undefined;
        if (file && !file.compressed) {
            const head = Buffer.alloc(Math.min(file.size, BLOCK));
            await file.handle.read(head, 0, head.length, 0).catch(async (error) => {
                await file.handle.close();
                throw error;
            });
            try {
                checkTarStart(head, sourceName, undefined);
            }
            catch (error) {
                await file.handle.close();
                throw error;
            }
            await readSeekable(file.handle, readAtDescriptor(file.handle.fd), file.size, outer, collector, progress);
        }
        else {
            await file?.handle.close();
            let chunks;
            if (source.kind === 'pipe') {
                // Opened by path on the thread pool (a FIFO's open waits for its writer), so the descriptor is
                // ours and blocking whatever flags the shell's stdin has; then read on the main thread.
                pipe = await open(source.path, 'r');
                const cursor = new PipeCursor(readFromDescriptor(pipe.fd));
                const head = cursor.next(BLOCK);
                if (detectCompression(head) === 'none') {
                    checkTarStart(head, sourceName, undefined);
                    await readPipe(cursor, head, outer, collector, progress);
                }
                else
                    chunks = pipeChunks(cursor, head);
            }
            else {
                input =
                    source.kind === 'file' ? createReadStream(source.path, { highWaterMark: 1 << 20 }) : source.stream;
                chunks = input;
            }
            if (chunks) {
                for await (const chunk of archiveChunks(chunks, limits, sourceName)) {
                    await pushChunk(outer, collector, chunk);
                    progress();
                }
            }
        }
        outer.end();
        return await assemble(collector.contents, {
            verifyDigests: options.verifyDigests ?? false,
            limits,
            budget,
            ...(options.image ? { image: options.image } : {}),
            ...(options.platform ? { platform: options.platform } : {}),
            ...(options.attestations ? { attestations: true } : {})
        });
    }
    catch (error) {
        if (input && 'destroy' in input)
            input.destroy();
        throw asReadError(error, sourceName);
    }
    finally {
        await pipe?.close();
    }
}
/**
 * The archive's tar bytes: `docker save img | gzip` (or zstd) is decompressed on the fly, under the
 * same expansion-ratio limit as layers so a small compressed archive cannot expand without end.
 */
async function* archiveChunks(input, limits, sourceName) {
    const chunks = input[Symbol.asyncIterator]();
    const first = await chunks.next();
    if (first.done) {
        checkTarStart(Buffer.alloc(0), sourceName, undefined);
        return;
    }
    const compression = detectCompression(first.value);
    if (compression === 'none') {
        try {
            yield* checkedTarStart((async function* () {
                yield first.value;
                for (let next = await chunks.next(); !next.done; next = await chunks.next())
                    yield next.value;
            })(), sourceName, undefined);
        }
        finally {
            await chunks.return?.();
        }
        return;
    }
    yield* checkedTarStart(decompressed(first, chunks, compression, limits), sourceName, compression);
}
/** Passes `chunks` through once their first block has been seen to start a tar archive. */
async function* checkedTarStart(chunks, sourceName, compression) {
    const held = [];
    let heldBytes = 0;
    let checked = false;
    for await (const chunk of chunks) {
        if (checked) {
            yield chunk;
            continue;
        }
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes < BLOCK)
            continue;
        checkTarStart(held.length === 1 ? held[0] : Buffer.concat(held), sourceName, compression);
        checked = true;
        yield* held;
        held.length = 0;
    }
    if (!checked) {
        checkTarStart(Buffer.concat(held), sourceName, compression);
        yield* held;
    }
}
async function* decompressed(first, chunks, compression, limits) {
    // A few MiB ahead of the decompressor: reading more would only hold memory.
    const budget = new ReadAheadBudget(4 * 2 ** 20);
    const decompression = new Decompression(compression, budget);
    let compressedBytes = 0;
    const feed = async () => {
        for (let next = first; !next.done; next = await chunks.next()) {
            compressedBytes += next.value.length;
            decompression.write(next.value);
            if (budget.full)
                await budget.room();
        }
        decompression.end();
    };
    feed().catch((error) => decompression.output.destroy(error));
    let expandedBytes = 0;
    for await (const chunk of decompression.output) {
        expandedBytes += chunk.length;
        if (expandedBytes > limits.ratioCheckAfterBytes &&
            expandedBytes > compressedBytes * limits.maxCompressionRatio) {
            decompression.output.destroy();
            throw new LimitError(`the ${compression}-compressed archive expands more than ${limits.maxCompressionRatio}:1 ` +
                `(${expandedBytes} bytes from ${compressedBytes}): a compression bomb? (limit ${limitFlag('maxCompressionRatio')})`);
        }
        yield chunk;
    }
}
function asReadError(error, sourceName) {
    if (error instanceof ImageReadError)
        return error;
    if (error instanceof TarFormatError)
        return new ImageReadError(`${sourceName}: ${error.message}`);
    const code = error?.code;
    if (code === 'ENOENT')
        return new ImageReadError(`${sourceName}: no such file`);
    if (code === 'EACCES')
        return new ImageReadError(`${sourceName}: permission denied`);
    if (code === 'EISDIR')
        return new ImageReadError(`${sourceName}: is a directory, not an archive`);
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_ZSTD_INVALID_PARAM') {
        return new ImageReadError(`${sourceName}: compressed archive is corrupt: ${error.message}`);
    }
    if (error instanceof Error && /unexpected end of file/i.test(error.message)) {
        return new ImageReadError(`${sourceName}: compressed archive is truncated`);
    }
    return error instanceof Error ? error : new Error(String(error));
}

// A larger pipe on standard input. Linux pipes hold 64 KiB, so a writer and a reader on different cores
// wake each other every 64 KiB, and on a virtual machine each wake-up across cores is costly: there, a
// 1 MiB pipe moves an archive several times faster (docs/benchmarks.md). Node.js has no fcntl(2), so a
// process that has one asks for the size on the shared pipe: perl, which every Debian and Ubuntu system
// has (perl-base is essential). Best effort: without perl, or where the kernel refuses, the pipe stays as
// it is and only the speed differs.
/** fcntl(2) commands, the same on every Linux architecture. */
const F_SETPIPE_SZ = 1031;
/** 1 MiB, the kernel's default /proc/sys/fs/pipe-max-size for unprivileged users; else 256 KiB. */
const PIPE_BYTES_WANTED = [1 << 20, 1 << 18];
// Only fcntl on the inherited descriptor; the script never reads it, so no byte of the archive is taken.
const SCRIPT = `for my $s (${PIPE_BYTES_WANTED.join(', ')}) { exit 0 if fcntl(STDIN, ${F_SETPIPE_SZ}, $s) } exit 1`;
/** Bounds the wait for perl: the read starts anyway, at the pipe's old size. */
const WAIT_MS = 2000;
/**
 * Asks for a larger capacity of the pipe at `fd`; resolves true when it was granted. Never rejects.
 * `command` is the perl to run (tests name another to see it fail).
 */
function enlargePipe(fd, command = 'perl') {
    if (process.platform !== 'linux')
        return Promise.resolve(false);
    const { spawn } = process.getBuiltinModule('node:child_process');
    return new Promise((resolve) => {
        let child;
        try {
            // PATH only: no PERL5OPT or PERL5LIB from the environment makes this perl load anything.
            child = spawn(command, ['-e', SCRIPT], {
                stdio: [fd, 'ignore', 'ignore'],
                env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
                shell: false
            });
        }
        catch {
            resolve(false);
            return;
        }
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(false);
        }, WAIT_MS);
        timer.unref();
        child.on('error', () => {
            clearTimeout(timer);
            resolve(false);
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve(code === 0);
        });
    });
}

// An image archive from a file, standard input or a stream: the reader reads it as it arrives. Standard
// input is looked at first: a file redirected there is read by seeking like --archive FILE, a pipe
// through its path into one reused buffer, once it has been enlarged (pipe-capacity.ts).
function openArchive(source) {
    return {
        read: async (options) => readImage(await archiveInput(source), options),
        readEach: async (options, visit) => readImages(await archiveInput(source), options, visit),
        abandon: async () => { }
    };
}
async function archiveInput(source) {
    if (source.kind !== 'stdin')
        return source;
    // `--archive - < image.tar` is a file: read it with seeking, like --archive image.tar.
    const kind = stdinKind();
    if (kind === 'file')
        return { kind: 'file', path: '/dev/stdin' };
    // A pipe (`docker save img | ...`) is read through its path, on the main thread, into one reused buffer.
    if (kind === 'fifo') {
        await enlargePipe(0);
        return { kind: 'pipe', path: '/dev/stdin', name: 'stdin' };
    }
    return { kind: 'stream', stream: process.stdin, name: 'stdin' };
}
function stdinKind() {
    if (process.platform !== 'linux')
        return 'other';
    try {
        const stats = fstatSync(0);
        return stats.isFile() ? 'file' : stats.isFIFO() ? 'fifo' : 'other';
    }
    catch {
        return 'other';
    }
}

// An image of the local engine, read from `docker save` as it streams: the save is asked for when the
// source is opened (the engine exports for seconds before its first byte), read, and waited for, since
// a save that failed part-way says why better than the reader's complaint about a cut stream.
function openDockerImage(reference, started) {
    const save = started ?? dockerSave(reference);
    const input = { kind: 'stream', stream: save.stdout, name: `docker save ${reference}` };
    const reading = async (read) => {
        try {
            const result = await read();
            await save.exited;
            return result;
        }
        catch (error) {
            save.kill();
            // When docker itself failed, its reason beats the reader's complaint about a cut stream.
            await save.exited;
            throw error;
        }
    };
    return {
        read: (options) => reading(() => readImage(input, options)),
        readEach: (options, visit) => reading(() => readImages(input, options, visit)),
        async abandon() {
            save.kill();
            // Its failure is the expected "stopped by the reader": nothing to report.
            await save.exited.catch(() => undefined);
        }
    };
}

// A layer blob arriving by itself (from a layout directory's file or a registry's response): its first
// block decides what it is (gzip, zstd or tar, by magic bytes as in archives), then its bytes go to a
// LayerBlobSink. The source only writes; this is the LayerTarget it writes to.
class LayerIntake {
    archivePath;
    context;
    result;
    resolve;
    reject;
    sink;
    held = [];
    heldBytes = 0;
    failure;
    ended = false;
    constructor(
    /** The blob's name in messages and reports (blobs/sha256/\u2026). */
    archivePath, context) {
        this.archivePath = archivePath;
        this.context = context;
        this.result = new Promise((resolve, reject) => {
            this.resolve = resolve;
            this.reject = reject;
        });
        this.result.catch(() => undefined);
    }
    write(chunk) {
        if (this.hasFailed)
            return;
        if (this.sink) {
            this.sink.write(chunk);
            return;
        }
        if (this.heldBytes === 0 && chunk.length >= BLOCK) {
            this.decide(chunk.subarray(0, BLOCK))?.write(chunk);
            return;
        }
        // The writer may reuse its buffer: hold a copy.
        this.held.push(Buffer.from(chunk));
        this.heldBytes += chunk.length;
        if (this.heldBytes >= BLOCK)
            this.decideOnHeld();
    }
    end() {
        if (this.hasFailed || this.ended)
            return;
        this.ended = true;
        if (!this.sink)
            this.decideOnHeld();
        this.sink?.end();
    }
    get drain() {
        return this.sink?.drain;
    }
    skippable() {
        return this.sink?.skippable() ?? 0;
    }
    skip(length) {
        this.sink?.skip(length);
    }
    get hasFailed() {
        return this.failure !== undefined || (this.sink?.hasFailed ?? false);
    }
    abort(error) {
        if (this.sink)
            this.sink.abort(error);
        else
            this.fail(error);
    }
    decideOnHeld() {
        const held = Buffer.concat(this.held);
        this.held = [];
        this.heldBytes = 0;
        const sink = this.decide(held.subarray(0, BLOCK));
        if (held.length > 0)
            sink?.write(held);
    }
    decide(head) {
        const compression = detectCompression(head);
        const isTar = head.length >= BLOCK &&
            (isZeroBlock(head.subarray(0, BLOCK)) || checksumMatches(head.subarray(0, BLOCK)));
        if (compression === 'none' && !isTar) {
            this.fail(new ImageReadError(`layer ${printableName(this.archivePath)} named by the manifest is neither a tar nor gzip or zstd data`));
            return undefined;
        }
        const sink = new LayerBlobSink(this.archivePath, compression, this.context);
        this.sink = sink;
        sink.result.then(this.resolve, this.reject);
        return sink;
    }
    fail(error) {
        if (this.failure !== undefined)
            return;
        this.failure = error ?? new Error('failed');
        this.reject(error);
    }
}

// Reading an image from a blob store (an OCI layout directory, a registry): walk the documents from the
// root, select the image, then stream only the layers it needs into their indexers, several at once,
// and merge. The store does the I/O; this decides what is read, checks it, and assembles.
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
const SCHEMA1_TYPES = new Set([
    'application/vnd.docker.distribution.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v1+prettyjws'
]);
const NO_CAPTURE = () => 0;
/**
 * One read of a store. Documents and layer blobs are kept by digest for the whole read, so several
 * images of one index (platforms) can be read in turn with each shared blob fetched and indexed once:
 * say which with `expect(candidates)` first, and a blob's entry lists are kept until the last image
 * that names it has been merged (without it, each merge lets its blobs' lists go).
 */
class StoreReader {
    store;
    options;
    limits;
    verify;
    documents = new Map();
    layers = new Map();
    context;
    /** Bytes kept across the whole read: every layer's index and every merge. */
    budget = { entries: 0 };
    abort = new AbortController();
    /** Images still to be read that name each layer digest (see `expect`). */
    pendingUses = new Map();
    running = 0;
    waiting = [];
    bytes = 0;
    layersDone = 0;
    constructor(store, options = {}) {
        this.store = store;
        this.options = options;
        this.limits = { ...DEFAULT_LIMITS, ...options.limits };
        this.verify = store.untrusted || (options.verifyDigests ?? false);
        this.context = {
            capture: options.capture ?? NO_CAPTURE,
            limits: this.limits,
            budget: this.budget,
            verifyDigests: this.verify,
            readAhead: new ReadAheadBudget()
        };
    }
    /** Every image the store's root leads to (attestation manifests excluded), in the root's order. */
    async candidates() {
        return (await this.listing()).candidates;
    }
    /** What the store's root leads to: its images, the attestation manifests beside them, what is absent. */
    async listing() {
        const root = await this.store.root(this.limits.maxMetadataBytes);
        if (root.digest)
            this.verifyBytes(root.bytes, root.digest, `manifest ${root.where}`);
        const document = expectObject(parseJson(root.bytes, root.where), root.where);
        const mediaType = optionalString(document, 'mediaType', root.where) ?? root.mediaType ?? '';
        refuseSchema1(document, mediaType, this.store.name);
        if (INDEX_TYPES.has(mediaType) || (Array.isArray(document.manifests) && !document.config)) {
            const found = await indexCandidates(this.manifests(), document, root.where, this.store.layout, {}, {
                tolerateMissing: true
            });
            return {
                ...found,
                candidates: root.refs.length > 0
                    ? found.candidates.map((candidate) => withRefs(candidate, root.refs))
                    : found.candidates
            };
        }
        return {
            candidates: [
                withRefs(manifestCandidate(document, root.where, root.digest, {}, this.store.layout), root.refs)
            ],
            attestations: [],
            unreadable: []
        };
    }
    /** Selects the images to read by --image and --platform as an archive would (selection.ts). */
    async select(listing, image) {
        const platformOf = await this.platforms(listing.candidates);
        const absent = new Map();
        if (this.store.missing) {
            const store = this.store;
            await Promise.all(listing.candidates.map(async (candidate) => {
                const reason = await store.missing?.(candidate);
                if (reason !== undefined)
                    absent.set(candidate, reason);
            }));
        }
        return selectImages({
            ...listing,
            platformOf,
            missing: (candidate) => absent.get(candidate),
            where: this.store.name
        }, {
            ...(image ? { image } : {}),
            ...(this.options.platform ? { platform: this.options.platform } : {})
        });
    }
    /**
     * The platform of each candidate: its index descriptor's, else its config's (fetched only when there
     * is a choice to make).
     */
    async platforms(candidates) {
        const needConfigs = candidates.length > 1 || this.options.platform !== undefined;
        const platforms = new Map();
        if (needConfigs) {
            await Promise.all(candidates.map(async (candidate) => {
                if (candidate.platform)
                    return;
                // A candidate whose config cannot be read offers no platform; if selected, reading it says why.
                platforms.set(candidate, await this.config(candidate).then((bytes) => platformOfConfig(parseJson(bytes, 'image config')), () => undefined));
            }));
        }
        return (candidate) => candidate.platform ?? platforms.get(candidate);
    }
    /**
     * Reads the selected images one after another, handing each to `visit` before the next is merged;
     * a layer blob they share is fetched and indexed once.
     */
    async readAll(selection, reference, visit) {
        this.expect(selection.chosen);
        const results = [];
        for (const candidate of selection.chosen)
            results.push(await visit(await this.read(candidate, reference)));
        return results;
    }
    /** Reads the image a candidate describes: its config, then its layers, several at once. */
    async read(candidate, reference) {
        try {
            if (candidate.layers.length > this.limits.maxLayers) {
                throw new LimitError(`the image has ${candidate.layers.length} layers, over the limit of ${this.limits.maxLayers} (limit ${limitFlag('maxLayers')})`);
            }
            // The layers start at once, while the config is fetched (a round trip to a registry).
            const indexed = Promise.all(candidate.layers.map((ref) => this.layerBlob(ref)));
            indexed.catch(() => undefined);
            const config = parseImageConfig(parseJson(await this.config(candidate), `image config ${candidate.configPath}`), candidate.configPath);
            checkLayerCounts(candidate, config, this.limits);
            const blobs = await indexed;
            const keep = new Set();
            candidate.layers.forEach((ref, index) => {
                const digest = ref.digest ?? digestOfBlobPath(ref.archivePath);
                const left = (this.pendingUses.get(digest) ?? 1) - 1;
                this.pendingUses.set(digest, left);
                if (left > 0)
                    keep.add(blobs[index]);
            });
            const image = imageFromLayers(this.store.layout, candidate, config, blobs, {
                verifyDigests: this.verify,
                limits: this.limits,
                budget: this.budget,
                keep,
                ...(reference ? { image: reference } : {})
            });
            if (this.options.attestations) {
                image.attestations = await readAttestations(candidate.attestations, candidate.manifestDigest, (descriptor, what) => this.document(descriptor, what));
            }
            return image;
        }
        catch (error) {
            this.abort.abort(error);
            throw error;
        }
    }
    /**
     * Declares the images that will be read (each once), so that a layer blob they share is indexed once
     * and its entries kept until the last of them is merged.
     */
    expect(candidates) {
        for (const candidate of candidates) {
            for (const ref of candidate.layers) {
                const digest = ref.digest ?? digestOfBlobPath(ref.archivePath);
                this.pendingUses.set(digest, (this.pendingUses.get(digest) ?? 0) + 1);
            }
        }
    }
    /** A candidate's config, fetched once and checked against its digest when verifying. */
    config(candidate) {
        const digest = candidate.config?.digest ?? digestOfBlobPath(candidate.configPath);
        return this.document({ digest, ...(candidate.config?.size !== undefined ? { size: candidate.config.size } : {}) }, 'image config');
    }
    /** A layer blob indexed, started at most once per digest, with at most `parallelLayers` at a time. */
    layerBlob(ref) {
        const digest = ref.digest ?? digestOfBlobPath(ref.archivePath);
        let result = this.layers.get(digest);
        if (!result) {
            if (this.layers.size >= this.limits.maxLayers * 4) {
                throw new LimitError(`more than ${this.limits.maxLayers * 4} layer blobs in one read (limit ${limitFlag('maxLayers')})`);
            }
            result = this.startLayer({ digest, ...(ref.size !== undefined ? { size: ref.size } : {}) });
            this.layers.set(digest, result);
        }
        return result;
    }
    /** Bytes of layer blobs received so far and layers indexed, for progress reports. */
    progress() {
        return { bytes: this.bytes, layersDone: this.layersDone };
    }
    async startLayer(descriptor) {
        if (this.running >= this.store.parallelLayers)
            await new Promise((resolve) => this.waiting.push(resolve));
        this.running++;
        const intake = new LayerIntake(blobPath(descriptor.digest), this.context);
        const counted = new CountingTarget(intake, (bytes) => {
            this.bytes += bytes;
            this.options.onProgress?.(this.progress());
        });
        try {
            if (this.abort.signal.aborted)
                throw this.abort.signal.reason;
            await this.store
                .layer(descriptor, counted, this.abort.signal)
                .catch((error) => intake.abort(error));
            const result = await intake.result;
            // Checked as soon as the blob is in, naming where it came from; imageFromLayers checks diff_ids.
            if (this.verify && result.blobDigest !== descriptor.digest) {
                throw new ImageReadError(`${this.store.name}: layer ${blobPath(descriptor.digest)}: content digest is ${result.blobDigest ?? 'not sha256'}, expected ${printableName(descriptor.digest)}`);
            }
            this.layersDone++;
            this.options.onProgress?.(this.progress());
            return result;
        }
        finally {
            this.running--;
            this.waiting.shift()?.();
        }
    }
    manifests() {
        return {
            manifest: async (descriptor) => {
                const bytes = await this.document(descriptor, 'manifest');
                const where = blobPath(descriptor.digest);
                const document = expectObject(parseJson(bytes, `manifest ${where}`), where);
                refuseSchema1(document, optionalString(document, 'mediaType', where) ?? descriptor.mediaType ?? '', this.store.name);
                return { document, where };
            }
        };
    }
    document(descriptor, what) {
        blobPath(descriptor.digest);
        let bytes = this.documents.get(descriptor.digest);
        if (!bytes) {
            if (descriptor.size !== undefined && descriptor.size > this.limits.maxMetadataBytes) {
                return Promise.reject(new LimitError(`${what} ${printableName(descriptor.digest)} is ${descriptor.size} bytes, over the metadata limit of ${this.limits.maxMetadataBytes} (limit ${limitFlag('maxMetadataBytes')})`));
            }
            bytes = this.store.document(descriptor, what, this.limits.maxMetadataBytes).then((read) => {
                if (this.verify)
                    this.verifyBytes(read, descriptor.digest, `${what} ${blobPath(descriptor.digest)}`);
                return read;
            });
            bytes.catch(() => undefined);
            this.documents.set(descriptor.digest, bytes);
        }
        return bytes;
    }
    verifyBytes(bytes, digest, what) {
        const algorithm = digest.slice(0, digest.indexOf(':'));
        if (algorithm !== 'sha256' && algorithm !== 'sha512') {
            throw new ImageReadError(`${what}: unsupported digest algorithm "${printableName(algorithm, 40)}"`);
        }
        // Loaded only when digests are verified.
        const { createHash } = process.getBuiltinModule('node:crypto');
        const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
        if (actual !== digest) {
            throw new ImageReadError(`${this.store.name}: ${printableName(what)}: content digest is ${actual}, expected ${printableName(digest)}`);
        }
    }
}
/** Reads the one image `options` select from a store; several platforms are an error asking for one. */
async function readStoreImage(store, options = {}) {
    const reader = new StoreReader(store, options);
    try {
        const listing = await reader.listing();
        const selection = await reader.select(listing, options.image);
        const candidate = onlyOne(selection, await reader.platforms(selection.chosen), store.name);
        return await reader.read(candidate, options.image);
    }
    finally {
        await store.close?.();
    }
}
/** Reads every image `options` select from a store (every platform, unless one is named), in turn. */
async function readStoreImages(store, options, visit) {
    const reader = new StoreReader(store, options);
    try {
        const selection = await reader.select(await reader.listing(), options.image);
        return {
            results: await reader.readAll(selection, options.image, visit),
            unreadable: selection.unreadable
        };
    }
    finally {
        await store.close?.();
    }
}
/** Counts the bytes a source writes; everything else goes to the intake. */
class CountingTarget {
    intake;
    count;
    constructor(intake, count) {
        this.intake = intake;
        this.count = count;
    }
    write(chunk) {
        this.count(chunk.length);
        this.intake.write(chunk);
    }
    end() {
        this.intake.end();
    }
    get drain() {
        return this.intake.drain;
    }
    skippable() {
        return this.intake.skippable();
    }
    skip(length) {
        this.count(length);
        this.intake.skip(length);
    }
    get hasFailed() {
        return this.intake.hasFailed;
    }
    abort(error) {
        this.intake.abort(error);
    }
}
function withRefs(candidate, refs) {
    return refs.length === 0
        ? candidate
        : { ...candidate, refs: [...refs, ...candidate.refs.filter((ref) => !refs.includes(ref))] };
}
function digestOfBlobPath(path) {
    const match = /^blobs\/([a-z0-9]+)\/([a-zA-Z0-9=_-]+)$/.exec(path);
    if (!match)
        throw new ImageReadError(`${printableName(path)} is not a blob path`);
    return `${match[1]}:${match[2]}`;
}
function refuseSchema1(document, mediaType, storeName) {
    const schemaVersion = typeof document === 'object' && document !== null
        ? document.schemaVersion
        : undefined;
    if (SCHEMA1_TYPES.has(mediaType) || schemaVersion === 1) {
        throw new ImageReadError(`${storeName}: the image is a Docker schema 1 manifest, which is deprecated and not read; push it again with a current Docker or skopeo (schema 2 or OCI)`);
    }
}

// An OCI image layout directory (oci-layout, index.json, blobs/ALG/HEX: what `skopeo copy \u2026 oci:DIR`,
// `buildx --output type=oci,tar=false` and regctl write) as a blob store. Every file is opened inside the
// directory only: blob paths come from untrusted digests (checked by blobPath), and a file that resolves
// outside the directory (a symlink out of it) or is not a regular file is refused.
/** The walk's reads of an uncompressed blob: as the archive file reader's. */
const WALK_CHUNK_BYTES = 256 * 1024;
/** Seeking past less than this costs more than reading it (see file-reads.ts). */
const MIN_SKIP_BYTES = 32 * 1024;
class LayoutStore {
    dir;
    layout = 'oci';
    untrusted = false;
    parallelLayers = compressedLayerReads();
    name;
    realRoot;
    constructor(dir) {
        this.dir = dir;
        this.name = `layout ${printableName(dir)}`;
    }
    async root(maxBytes) {
        this.realRoot = await realpath(this.dir).catch((error) => {
            throw this.fileError(error, '');
        });
        const marker = await this.readWhole('oci-layout', 'oci-layout', 64 * 1024).catch((error) => {
            if (error instanceof ImageReadError && /no such file/.test(error.message)) {
                throw new ImageReadError(`${this.dir}: a directory, but not an OCI image layout (no oci-layout file); expected what skopeo copy \u2026 oci:DIR or buildx --output type=oci,tar=false writes`);
            }
            throw error;
        });
        const version = parseJson(marker, `${this.dir}/oci-layout`)
            ?.imageLayoutVersion;
        if (typeof version !== 'string' || !version.startsWith('1.')) {
            throw new ImageReadError(`${this.dir}/oci-layout: imageLayoutVersion is ${typeof version === 'string' ? `"${printableName(version, 40)}"` : 'missing'}, expected 1.x`);
        }
        return { bytes: await this.readWhole('index.json', 'OCI index', maxBytes), where: 'index.json', refs: [] };
    }
    async document(descriptor, what, maxBytes) {
        return this.readWhole(blobPath(descriptor.digest), what, maxBytes, descriptor.size);
    }
    /** A layout may hold some platforms of its index only (copied, or saved, without the others). */
    async missing(candidate) {
        const files = [
            [candidate.configPath, 'image config'],
            ...candidate.layers.map((layer) => [layer.archivePath, 'layer'])
        ];
        for (const [relative, what] of files) {
            try {
                const { handle } = await this.openInside(relative, what);
                await handle.close();
            }
            catch (error) {
                if (error instanceof MissingBlobError)
                    return error.message;
                throw error;
            }
        }
        return undefined;
    }
    async layer(descriptor, target, signal) {
        const relative = blobPath(descriptor.digest);
        const { handle, size } = await this.openInside(relative, 'layer');
        try {
            this.checkSize(relative, size, descriptor.size);
            const head = Buffer.alloc(Math.min(4, size));
            await handle.read(head, 0, head.length, 0);
            if (detectCompression(head) === 'none')
                await this.readUncompressed(handle, size, target, signal);
            else
                await readCompressed(handle, size, target, signal);
        }
        finally {
            await handle.close();
        }
    }
    /**
     * An uncompressed layer read forward on the main thread, seeking past the file bodies its indexer
     * does not need, as the archive reader does; a turn of the event loop after each read lets the
     * compressed layers read meanwhile make progress.
     */
    async readUncompressed(handle, size, target, signal) {
        const cursor = new FileCursor(readAtDescriptor(handle.fd), size, WALK_CHUNK_BYTES);
        while (!target.hasFailed && !signal.aborted) {
            const skippable = target.skippable();
            if (skippable >= MIN_SKIP_BYTES && cursor.position + skippable <= size) {
                const length = blockAlignedSkip(cursor.position, skippable);
                target.skip(length);
                cursor.skip(length);
                continue;
            }
            const chunk = cursor.next();
            if (chunk.length === 0)
                break;
            target.write(chunk);
            await nextTurn();
        }
        if (target.hasFailed || signal.aborted)
            return;
        if (cursor.position < size)
            throw new ImageReadError('the blob file ends early');
        target.end();
    }
    /** A whole file of the layout, at most `maxBytes`. */
    async readWhole(relative, what, maxBytes, expected) {
        const { handle, size } = await this.openInside(relative, what);
        try {
            if (size > maxBytes) {
                throw new LimitError(`${this.name}: ${what} ${printableName(relative)} is ${size} bytes, over the metadata limit of ${maxBytes} (limit ${limitFlag('maxMetadataBytes')})`);
            }
            this.checkSize(relative, size, expected);
            const bytes = Buffer.alloc(size);
            for (let done = 0; done < size;) {
                const { bytesRead } = await handle.read(bytes, done, size - done, done);
                if (bytesRead === 0)
                    throw new ImageReadError(`${this.name}: ${printableName(relative)} ends early`);
                done += bytesRead;
            }
            return bytes;
        }
        finally {
            await handle.close();
        }
    }
    /**
     * Opens a file of the layout by its relative path, refusing one that resolves outside the layout's
     * real directory (checked on the opened descriptor where the system tells its path, so a symlink
     * swapped in between cannot escape) or that is not a regular file. O_NONBLOCK: opening a FIFO planted
     * as a blob must not wait for a writer.
     */
    async openInside(relative, what) {
        const root = this.realRoot ?? (this.realRoot = await realpath(this.dir));
        const file = path.join(root, relative);
        let handle;
        try {
            handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
        }
        catch (error) {
            throw this.fileError(error, relative, what);
        }
        try {
            const where = await openedPath(handle, file);
            if (where !== root && !where.startsWith(root + path.sep)) {
                throw new ImageReadError(`${this.name}: ${what} ${printableName(relative)} is a link to a file outside the layout directory; refused`);
            }
            const info = await handle.stat();
            if (!info.isFile()) {
                throw new ImageReadError(`${this.name}: ${what} ${printableName(relative)} is not a regular file`);
            }
            return { handle, size: info.size };
        }
        catch (error) {
            await handle.close();
            throw error;
        }
    }
    checkSize(relative, size, expected) {
        if (expected !== undefined && expected !== size) {
            throw new ImageReadError(`${this.name}: ${printableName(relative)} is ${size} bytes, but its descriptor says ${expected}`);
        }
    }
    fileError(error, relative, what = 'file') {
        const code = error?.code;
        const where = relative ? `${what} ${printableName(relative)}` : 'the directory';
        if (code === 'ENOENT') {
            return new (relative.startsWith('blobs/') ? MissingBlobError : ImageReadError)(relative.startsWith('blobs/')
                ? `${this.name}: ${where} named by the manifest is not in the layout (copied without all its blobs?)`
                : `${this.name}: no such file: ${where}`);
        }
        if (code === 'EACCES' || code === 'EPERM')
            return new ImageReadError(`${this.name}: permission denied: ${where}`);
        if (code === 'ELOOP')
            return new ImageReadError(`${this.name}: ${where}: too many levels of symbolic links`);
        if (code === 'ENOTDIR')
            return new ImageReadError(`${this.name}: ${where}: a part of its path is not a directory`);
        return error instanceof Error ? error : new Error(String(error));
    }
}
/** Where an opened descriptor really is: Linux tells through /proc; elsewhere the path resolved now. */
async function openedPath(handle, file) {
    if (process.platform === 'linux') {
        const link = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
        if (link)
            return link;
    }
    return realpath(file);
}
/** A compressed layer read from its file in 1 MiB pieces; its decompression runs on the thread pool. */
async function readCompressed(handle, size, target, signal) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES$1);
    for (let done = 0; done < size && !target.hasFailed && !signal.aborted;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - done), done);
        if (bytesRead === 0)
            throw new ImageReadError('the blob file ends early');
        done += bytesRead;
        target.write(buffer.subarray(0, bytesRead));
        const drain = target.drain;
        if (drain)
            await drain;
    }
    if (!target.hasFailed && !signal.aborted)
        target.end();
}

// Registry credentials as the docker CLI keeps them ($DOCKER_CONFIG/config.json, else
// ~/.docker/config.json): `auths` entries (`auth` base64 user:password, or `username`/`password`,
// `identitytoken`), a `credHelpers` helper for the host, else the `credsStore` helper, run as
// `docker-credential-NAME get` without a shell. Each credential is for the one registry it is filed
// under: the caller asks by host, and nothing here is ever offered to another host.
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HELPER_TIMEOUT_MS = 30_000;
/** The names a registry may be filed under in config.json: Docker Hub has its historical URL. */
function keysFor(registry) {
    return registry === 'docker.io'
        ? [DOCKER_HUB_KEY, 'docker.io', 'index.docker.io', 'registry-1.docker.io']
        : [registry];
}
/** config.json's `auths` keys may carry a scheme and a path (https://host/v1/): the host they name. */
function keyHost(key) {
    let host = key.trim().replace(/^[a-z]+:\/\//i, '');
    const slash = host.indexOf('/');
    if (slash >= 0)
        host = host.slice(0, slash);
    host = host.toLowerCase();
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
function dockerCredentials(options = {}) {
    const env = options.env ?? process.env;
    const configDir = env.DOCKER_CONFIG || path.join(options.home ?? homedir(), '.docker');
    const configFile = path.join(configDir, 'config.json');
    let config;
    const load = () => (config ??= readFile(configFile, 'utf8').then((text) => {
        try {
            const parsed = JSON.parse(text);
            return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
        }
        catch {
            throw new UserError(`${configFile} is not valid JSON; fix it or set DOCKER_CONFIG to another directory`);
        }
    }, () => undefined));
    const runHelper = options.runHelper ??
        ((program, serverUrl) => runCredentialHelper(program, serverUrl, env));
    return async (registry) => {
        const docker = await fromConfig(await load(), registry, configFile, runHelper);
        return docker ?? options.explicit?.get(registry);
    };
}
async function fromConfig(config, registry, configFile, runHelper) {
    if (!config)
        return undefined;
    const helpers = isRecord(config.credHelpers) ? config.credHelpers : {};
    const helper = keysFor(registry)
        .map((key) => helpers[key])
        .find((name) => typeof name === 'string');
    const store = typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined;
    const entry = isRecord(config.auths)
        ? Object.entries(config.auths).find(([key]) => keyHost(key) === registry)?.[1]
        : undefined;
    if (typeof helper === 'string')
        return fromHelper(helper, registry, runHelper);
    if (entry && isRecord(entry)) {
        const credential = fromEntry(entry, configFile);
        if (credential)
            return credential;
    }
    if (store)
        return fromHelper(store, registry, runHelper);
    return undefined;
}
function fromEntry(entry, configFile) {
    const credential = { origin: configFile };
    if (typeof entry.auth === 'string' && entry.auth !== '') {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new UserError(`${configFile}: an auths entry's "auth" is not base64 of user:password`);
        credential.username = decoded.slice(0, colon);
        credential.password = decoded.slice(colon + 1);
    }
    else if (typeof entry.username === 'string' && typeof entry.password === 'string') {
        credential.username = entry.username;
        credential.password = entry.password;
    }
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
        credential.identityToken = entry.identitytoken;
    }
    return credential.password !== undefined || credential.identityToken ? credential : undefined;
}
async function fromHelper(name, registry, runHelper) {
    if (!HELPER_NAME.test(name)) {
        throw new UserError(`the docker config names a credential helper "${printableName(name, 60)}" that is not a plain name`);
    }
    const program = `docker-credential-${name}`;
    const serverUrl = registry === 'docker.io' ? DOCKER_HUB_KEY : registry;
    const output = await runHelper(program, serverUrl);
    if (output === '')
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(output);
    }
    catch {
        throw new UserError(`${program} get answered something that is not JSON`);
    }
    if (!isRecord(parsed) || typeof parsed.Secret !== 'string') {
        throw new UserError(`${program} get answered without a Secret`);
    }
    const username = typeof parsed.Username === 'string' ? parsed.Username : '';
    // A helper's "<token>" user means the secret is an identity token (docker-credential-helpers).
    if (username === '<token>')
        return { identityToken: parsed.Secret, origin: program };
    return { username, password: parsed.Secret, origin: program };
}
/** Runs `PROGRAM get` with the server URL on stdin; "" when the helper has nothing for it. */
function runCredentialHelper(program, serverUrl, env = process.env) {
    const { spawn } = process.getBuiltinModule('node:child_process');
    return new Promise((resolve, reject) => {
        const child = spawn(program, ['get'], {
            stdio: ['pipe', 'pipe', 'pipe'],
            env,
            shell: false
        });
        const timer = setTimeout(() => child.kill(), HELPER_TIMEOUT_MS);
        timer.unref();
        const out = [];
        const err = [];
        let bytes = 0;
        child.stdout.on('data', (chunk) => {
            bytes += chunk.length;
            if (bytes <= 1 << 20)
                out.push(chunk);
        });
        child.stderr.on('data', (chunk) => {
            if (err.length < 16)
                err.push(chunk);
        });
        child.on('error', (error) => {
            clearTimeout(timer);
            reject(new UserError(error.code === 'ENOENT'
                ? `the docker config names the credential helper ${program}, which is not on PATH`
                : `could not run ${program}: ${error.message}`));
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            const stdout = Buffer.concat(out).toString('utf8').trim();
            if (code === 0)
                return resolve(stdout);
            // docker-credential-helpers say "credentials not found in native keychain" for a host they lack.
            const said = `${stdout}\n${Buffer.concat(err).toString('utf8')}`;
            if (/credentials not found/i.test(said))
                return resolve('');
            reject(new UserError(`${program} get failed with exit code ${code}`));
        });
        child.stdin.end(`${serverUrl}\n`);
    });
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Registry authentication as the docker CLI, crane and regctl do it: anonymous; Basic when the
// registry's challenge asks for it; the token flow when it says `Bearer realm=\u2026,service=\u2026`: a token
// for the repository's pull scope from the realm (with the registry's credential as Basic, or its
// identity token as an OAuth2 refresh token), cached per scope until it expires.
//
// Where a credential may go: to the registry it is filed under, and to the token realm that this
// registry's own challenge names (Docker Hub's is auth.docker.io, another host: the registry chose it,
// and could as well have asked for the credential itself), never over plain HTTP except to hosts that
// may be reached so (loopback, --insecure-registry), and never on a redirect to another origin.
/** The challenges of a WWW-Authenticate header: `Bearer realm="\u2026",service="\u2026", Basic realm="\u2026"`. */
function parseChallenges(header) {
    if (!header)
        return [];
    const challenges = [];
    const token = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
    let at = 0;
    const skip = (pattern) => {
        while (at < header.length && pattern.test(header[at]))
            at++;
    };
    while (at < header.length) {
        skip(/[\s,]/);
        token.lastIndex = at;
        const name = token.exec(header);
        if (!name)
            break;
        at = token.lastIndex;
        skip(/\s/);
        if (header[at] !== '=') {
            challenges.push({ scheme: name[0].toLowerCase(), params: {} });
            continue;
        }
        at++;
        skip(/\s/);
        let value = '';
        if (header[at] === '"') {
            for (at++; at < header.length && header[at] !== '"'; at++) {
                if (header[at] === '\\')
                    at++;
                value += header[at] ?? '';
            }
            at++;
        }
        else {
            token.lastIndex = at;
            value = token.exec(header)?.[0] ?? '';
            at += value.length;
            // token68 padding (Basic abc==) ends in '='s
            while (header[at] === '=')
                at++;
        }
        const current = challenges[challenges.length - 1];
        if (current)
            current.params[name[0].toLowerCase()] = value;
    }
    return challenges;
}
/** Tokens by realm, service and scope, reused until a little before they expire. */
class TokenCache {
    tokens = new Map();
    async token(request, refresh = false) {
        const { challenge, scope } = request;
        const key = `${challenge.params.realm ?? ''}\n${challenge.params.service ?? ''}\n${scope}`;
        const cached = this.tokens.get(key);
        if (cached && !refresh && cached.expiresAt > Date.now())
            return cached.token;
        const fresh = await fetchToken(request);
        this.tokens.set(key, fresh);
        return fresh.token;
    }
}
async function fetchToken({ challenge, scope, credential, plainHttpAllowed, registry, send }) {
    const realmText = challenge.params.realm;
    let realm;
    try {
        realm = new URL(realmText ?? '');
    }
    catch {
        throw new RegistryError(`registry ${registry} asks for a token from "${printableName(realmText ?? '', 80)}", which is not a URL`);
    }
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && plainHttpAllowed(realm.host))) {
        throw new RegistryError(`registry ${registry} names a token service at ${printableName(realm.origin, 80)}, not over HTTPS; refused (only loopback hosts and --insecure-registry hosts may use plain HTTP)`);
    }
    const service = challenge.params.service;
    const headers = { 'user-agent': USER_AGENT };
    let init;
    if (credential?.identityToken) {
        // OAuth2 refresh-token grant, as docker login leaves it for registries with a token flow.
        const form = new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: credential.identityToken,
            client_id: 'image-policy-gate',
            scope,
            ...(service ? { service } : {})
        });
        headers['content-type'] = 'application/x-www-form-urlencoded';
        init = { method: 'POST', headers, body: form.toString() };
    }
    else {
        if (service)
            realm.searchParams.set('service', service);
        realm.searchParams.set('scope', scope);
        if (credential?.password !== undefined)
            headers.authorization = basic(credential);
        init = { method: 'GET', headers };
    }
    const response = await send(realm, init);
    if (response.status === 401 || response.status === 403) {
        await response.cancel();
        throw new RegistryError(`the token service of registry ${registry} (${printableName(realm.host, 80)}) refused ${credential ? `the credentials from ${credential.origin}` : 'anonymous access'} (HTTP ${response.status}): check them with docker login ${registry}`);
    }
    if (response.status < 200 || response.status >= 300) {
        await response.cancel();
        throw new RegistryError(`the token service of registry ${registry} (${printableName(realm.host, 80)}) answered HTTP ${response.status}`);
    }
    const text = await boundedText(response, 1 << 20);
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new RegistryError(`the token service of registry ${registry} answered something that is not JSON`);
    }
    const token = typeof parsed.token === 'string' ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
        throw new RegistryError(`the token service of registry ${registry} answered without a token`);
    }
    // Tokens last at least 60 s (the distribution token spec); renewed 10 s early.
    const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { token, expiresAt: Date.now() + Math.max(seconds - 10, 5) * 1000 };
}
function basic(credential) {
    return `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64')}`;
}
const USER_AGENT = 'image-policy-gate';
/** A small response body as text, refused past `maxBytes`. */
async function boundedText(response, maxBytes) {
    const length = Number(response.header('content-length') ?? '-1');
    if (length > maxBytes) {
        await response.cancel();
        throw new RegistryError(`a registry answer of ${length} bytes is over ${maxBytes}`);
    }
    const chunks = [];
    let bytes = 0;
    for await (const chunk of response.body) {
        bytes += chunk.length;
        if (bytes > maxBytes)
            throw new RegistryError(`a registry answer is over ${maxBytes} bytes`);
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
}

// One HTTP/1.1 request over a plain or TLS socket, its answer read into one reused buffer
// (socket-reads.ts) and handed out as views of it by the HTTP/1.1 reader (http-response.ts), a read
// at a time, as the consumer asks, as docker/engine.ts reads the engine's socket. Node's fetch was
// measured first (docs/benchmarks.md): every 64 KiB of a blob came as a fresh buffer and a web-stream
// step, streaming 1 GiB took twice as long, most of it garbage collection over the reader's index, and
// loading fetch alone added 20 MB to the peak memory. One connection per request (Connection: close);
// no HTTP proxy.
const READ_BUFFER_BYTES = 256 * 1024;
async function http1Request(url, request) {
    const reads = new SocketReads(connectTo(url), READ_BUFFER_BYTES);
    const onAbort = () => reads.destroy(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers = Object.entries({
        ...request.headers,
        host: url.host,
        connection: 'close',
        ...(body ? { 'content-length': String(body.length) } : {})
    })
        .filter(([, value]) => !/[\r\n]/.test(value))
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
    reads.write(`${request.method} ${url.pathname}${url.search} HTTP/1.1\r\n${headers}\r\n`);
    if (body)
        reads.write(body);
    const response = new HttpResponse('the server');
    let first = [];
    try {
        while (!response.headRead) {
            const read = await reads.next();
            if (!read) {
                response.end(); // throws: the connection closed without an answer
                break;
            }
            first = response.push(read);
        }
    }
    catch (error) {
        reads.destroy();
        request.signal?.removeEventListener('abort', onAbort);
        throw error;
    }
    // An answer complete with its head (204, an empty body) needs its connection no longer.
    if (response.finished && first.length === 0) {
        reads.destroy();
        request.signal?.removeEventListener('abort', onAbort);
    }
    async function* answer() {
        try {
            for (const piece of first)
                yield piece;
            first = [];
            while (!response.finished) {
                const read = await reads.next();
                if (!read) {
                    response.end();
                    break;
                }
                for (const piece of response.push(read))
                    yield piece;
            }
        }
        finally {
            reads.destroy();
            request.signal?.removeEventListener('abort', onAbort);
        }
    }
    const iterator = answer();
    return {
        status: response.status,
        header: (name) => response.header(name),
        body: iterator,
        cancel: async () => {
            reads.destroy();
            await iterator.return(undefined);
        }
    };
}
function connectTo(url) {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return (onread) => {
        const socket = url.protocol === 'https:'
            ? // tls takes onread since Node 15 (nodejs/node#35753); @types/node does not list it.
                // Loaded here, for https only: importing node:tls (and crypto with it) costs every run ~15 ms.
                process.getBuiltinModule('node:tls').connect({
                    host,
                    port,
                    servername: isIp(host) ? '' : host,
                    ALPNProtocols: ['http/1.1'],
                    onread
                })
            : connect({ host, port, onread });
        socket.setNoDelay(true);
        return socket;
    };
}
function isIp(host) {
    return /^[\d.]+$/.test(host) || host.includes(':');
}

// The OCI distribution API for one repository over HTTP/1.1 (http1.ts; not fetch, see there why):
// manifests and blobs by reference, with the registry's authentication, retries with backoff (429 honouring Retry-After, 5xx,
// connections reset; a blob cut off part-way is resumed with a Range request, or read again from the
// start and the bytes already delivered skipped), redirects followed by hand so that Authorization
// never goes to another origin, and plain HTTP only where allowed. Every failure is one RegistryError
// line naming the registry and the repository.
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    // Asked for so that a schema 1 image is recognised and refused in words, not as a 404.
    'application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.1'
];
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxRetryAfterMs: 60_000 };
/** Every request, redirects left to the caller. */
const transport = (url, request) => http1Request(url, request);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const RESET_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'ECONNABORTED'
]);
class RegistryClient {
    reference;
    options;
    registry;
    retry;
    tokens = new TokenCache();
    origin;
    credential;
    insecure;
    scope;
    constructor(reference, options) {
        this.reference = reference;
        this.options = options;
        this.registry = reference.registry;
        this.retry = options.retry ?? DEFAULT_RETRY;
        this.insecure = new Set((options.insecureRegistries ?? []).map((host) => host.toLowerCase()));
        this.scope = `repository:${reference.repository}:pull`;
    }
    /** Who is asked, for messages: "registry 127.0.0.1:5000, repository app". */
    get name() {
        return `registry ${this.registry}, repository ${this.reference.repository}`;
    }
    /** Whether plain HTTP may be used to a host: loopback, or named with --insecure-registry. */
    plainHttpAllowed = (host) => isLoopback(host) ||
        this.insecure.has(host.toLowerCase()) ||
        this.insecure.has(host.toLowerCase().replace(/:\d+$/, ''));
    /** A manifest or index, whole, refused above `maxBytes` before it is read. */
    async manifest(reference, maxBytes) {
        const what = `manifest ${reference}`;
        const { response } = await this.get(`manifests/${reference}`, what, { accept: MANIFEST_TYPES.join(', ') });
        const bytes = await this.readWhole(response, what, maxBytes);
        const mediaType = (response.header('content-type') ?? '').split(';')[0].trim();
        const header = response.header('docker-content-digest') ?? undefined;
        return { bytes, mediaType, digest: header };
    }
    /** A small blob (a config), whole. */
    async blob(digest, maxBytes, what) {
        const { response } = await this.get(`blobs/${digest}`, `${what} ${digest}`, {});
        return this.readWhole(response, `${what} ${digest}`, maxBytes);
    }
    /**
     * Streams a blob to `write`, which may return a promise to wait for (backpressure): the body is
     * read no faster than it is consumed, so memory stays bounded. Resumed where it stopped when the
     * connection fails part-way. At most `size` bytes, when known.
     */
    async streamBlob(digest, size, write, signal) {
        const what = `blob ${digest}`;
        let delivered = 0;
        for (let attempt = 1;; attempt++) {
            const range = delivered > 0 ? { range: `bytes=${delivered}-` } : {};
            const { response } = await this.get(`blobs/${digest}`, what, range, signal);
            let skip = 0;
            if (delivered > 0) {
                const start = /^bytes (\d+)-/.exec(response.header('content-range') ?? '');
                if (response.status === 206 && start && Number(start[1]) === delivered)
                    skip = 0;
                else if (response.status === 200)
                    skip = delivered;
                else {
                    await response.cancel();
                    throw new RegistryError(`${this.name}: ${what}: the registry answered a resumed read with HTTP ${response.status}`);
                }
            }
            try {
                for await (const piece of response.body) {
                    let chunk = piece;
                    if (skip > 0) {
                        const dropped = Math.min(skip, chunk.length);
                        skip -= dropped;
                        chunk = chunk.subarray(dropped);
                        if (chunk.length === 0)
                            continue;
                    }
                    if (size !== undefined && delivered + chunk.length > size) {
                        throw new RegistryError(`${this.name}: ${what} is longer than the ${size} bytes its descriptor says`);
                    }
                    delivered += chunk.length;
                    const wait = write(chunk);
                    if (wait)
                        await wait;
                    if (signal.aborted)
                        return;
                }
                // The response ended as it said it would (a cut connection is an error from the transport): not this blob.
                if (size !== undefined && delivered < size) {
                    throw new RegistryError(`${this.name}: ${what} is ${delivered} bytes, shorter than the ${size} its descriptor says`);
                }
                return;
            }
            catch (error) {
                await response.cancel().catch(() => undefined);
                if (signal.aborted || error instanceof RegistryError || !isReset(error))
                    throw error;
                if (attempt >= this.retry.attempts) {
                    throw new RegistryError(`${this.name}: ${what}: the connection failed after ${delivered} bytes${attempt > 1 ? ` (${attempt} tries)` : ''}: ${reason(error)}`);
                }
                this.note(`${what}: the connection failed after ${delivered} bytes (${reason(error)}); resuming`);
                await sleep(this.backoff(attempt), signal);
            }
        }
    }
    /** GET a path under /v2/<repository>/, with auth, retries and redirects; an ok response or a RegistryError. */
    async get(path, what, headers, signal) {
        const { base } = await this.originOf();
        const url = new URL(`v2/${this.reference.repository}/${path}`, base);
        let refreshed = false;
        for (let attempt = 1;; attempt++) {
            let fetched;
            try {
                const authorization = await this.authorization(false);
                fetched = await this.send(url, {
                    method: 'GET',
                    headers: {
                        'user-agent': USER_AGENT,
                        ...(headers.accept ? { accept: headers.accept } : {}),
                        ...(headers.range ? { range: headers.range } : {}),
                        ...(authorization ? { authorization } : {})
                    },
                    ...(signal ? { signal } : {})
                });
            }
            catch (error) {
                if (error instanceof RegistryError || signal?.aborted)
                    throw error;
                if (isReset(error) && attempt < this.retry.attempts) {
                    this.note(`${what}: ${reason(error)}; retrying`);
                    await sleep(this.backoff(attempt), signal);
                    continue;
                }
                throw new RegistryError(`cannot reach registry ${this.registry} (${what}): ${reason(error)}`);
            }
            const { response } = fetched;
            if (response.status >= 200 && response.status < 300)
                return fetched;
            const sameOrigin = fetched.url.origin === base.origin;
            if (response.status === 401 && sameOrigin && !refreshed) {
                const challenge = parseChallenges(response.header('www-authenticate')).find((c) => c.scheme === 'bearer');
                const current = (await this.originOf()).challenge;
                if (challenge && current?.scheme === 'bearer') {
                    // The token expired, or the registry wants another scope: ask once more.
                    await response.cancel();
                    refreshed = true;
                    await this.authorization(true);
                    continue;
                }
            }
            if (RETRIED_STATUS.has(response.status) && attempt < this.retry.attempts) {
                const wait = response.status === 429 ? this.retryAfter(response, what) : this.backoff(attempt);
                await response.cancel();
                this.note(`${what}: HTTP ${response.status} from ${fetched.url.host}; retrying in ${(wait / 1000).toFixed(1)} s`);
                await sleep(wait, signal);
                continue;
            }
            await response.cancel();
            throw this.statusError(response.status, what, sameOrigin ? undefined : fetched.url);
        }
    }
    /**
     * One request with redirects followed by hand: Authorization goes only to the registry's own
     * origin, never to blob storage a redirect points at, and a redirect may not downgrade to plain HTTP
     * where that is not allowed.
     */
    async send(start, init) {
        const registryOrigin = start.origin;
        let url = start;
        for (let hop = 0;; hop++) {
            const headers = { ...init.headers };
            if (url.origin !== registryOrigin)
                delete headers.authorization;
            const response = await transport(url, { ...init, headers });
            if (!REDIRECTS.has(response.status))
                return { response, url };
            await response.cancel();
            const location = response.header('location');
            if (!location || hop >= MAX_REDIRECTS) {
                throw new RegistryError(`${this.name}: ${location ? 'too many redirects' : 'a redirect without a Location'}`);
            }
            const next = new URL(location, url);
            if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.plainHttpAllowed(next.host))) {
                throw new RegistryError(`${this.name}: the registry redirected to ${printableName(next.origin, 80)}, not HTTPS; refused`);
            }
            url = next;
        }
    }
    /**
     * The registry's base URL and its challenge, learnt once from GET /v2/: over HTTPS, else plain HTTP
     * where allowed; a loopback host over plain HTTP first (see `schemes`).
     */
    originOf() {
        this.origin ??= this.ping();
        return this.origin;
    }
    /**
     * The schemes GET /v2/ tries, in order. A loopback host is tried over plain HTTP first: local
     * registries mostly speak it, a probe over TLS would load node:tls and OpenSSL's TLS code (megabytes
     * of the peak memory) for nothing, and on loopback no one can strip TLS on the way. A TLS server
     * refuses the plain request (HTTP 400, or no answer), and HTTPS is tried next.
     */
    schemes(host) {
        if (isLoopback(host))
            return ['http', 'https'];
        return this.plainHttpAllowed(host) ? ['https', 'http'] : ['https'];
    }
    async ping() {
        const host = this.reference.apiHost;
        const schemes = this.schemes(host);
        let lastError;
        // Each round asks the schemes still in question in turn. One whose connection was reset, or that
        // answered 429 or 5xx, is asked again next round, after the backoff: a reset may be transient, or a
        // TLS server's answer to plain HTTP, and a later scheme must not wait for its retries.
        let left = schemes;
        for (let attempt = 1; left.length > 0; attempt++) {
            const again = [];
            let wait = 0;
            for (const scheme of left) {
                const base = new URL(`${scheme}://${host}/`);
                try {
                    const { response } = await this.send(new URL('v2/', base), {
                        method: 'GET',
                        headers: { 'user-agent': USER_AGENT }
                    });
                    await response.cancel();
                    if (response.status >= 200 && response.status < 300)
                        return { base, challenge: undefined };
                    if (response.status === 401) {
                        const challenges = parseChallenges(response.header('www-authenticate'));
                        const challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
                        return { base, challenge };
                    }
                    // Some registries answer /v2/ with 404 or 403 and still serve images: proceed anonymously.
                    if (response.status === 403 || response.status === 404)
                        return { base, challenge: undefined };
                    // 400 is what a TLS server says to plain HTTP: not a registry at this scheme.
                    lastError = new Error(`GET /v2/ answered HTTP ${response.status}`);
                    if (RETRIED_STATUS.has(response.status) && attempt < this.retry.attempts) {
                        again.push(scheme);
                        wait = Math.max(wait, response.status === 429 ? this.retryAfter(response, 'GET /v2/') : this.backoff(attempt));
                    }
                }
                catch (error) {
                    if (error instanceof RegistryError)
                        throw error;
                    const certificate = certificateProblem(error);
                    if (certificate) {
                        throw new RegistryError(`the TLS certificate of registry ${this.registry} is not trusted (${certificate}): give its CA in NODE_EXTRA_CA_CERTS`);
                    }
                    lastError = error;
                    if (isReset(error) && attempt < this.retry.attempts) {
                        again.push(scheme);
                        wait = Math.max(wait, this.backoff(attempt));
                    }
                }
            }
            left = again;
            if (left.length > 0)
                await sleep(wait);
        }
        throw new RegistryError(`cannot reach registry ${this.registry} at ${schemes.map((s) => `${s}://${host}`).join(' or ')}: ${reason(lastError)}${schemes.length === 1 && !isLoopback(host)
            ? ' (plain HTTP is used only for loopback hosts and --insecure-registry)'
            : ''}`);
    }
    credentialOf() {
        this.credential ??= this.options.credentials(this.registry);
        return this.credential;
    }
    /** The Authorization header for the registry's origin, per its challenge. */
    async authorization(refresh) {
        const { challenge } = await this.originOf();
        if (!challenge)
            return undefined;
        const credential = await this.credentialOf();
        if (challenge.scheme === 'basic') {
            if (credential?.password === undefined)
                return undefined;
            const { base } = await this.originOf();
            if (base.protocol !== 'https:' && !this.plainHttpAllowed(base.host))
                return undefined;
            return basic(credential);
        }
        if (challenge.scheme !== 'bearer')
            return undefined;
        const token = await this.tokens.token({
            challenge,
            scope: this.scope,
            credential,
            plainHttpAllowed: this.plainHttpAllowed,
            registry: this.registry,
            send: async (url, init) => (await this.send(url, init)).response
        }, refresh);
        return `Bearer ${token}`;
    }
    async readWhole(response, what, maxBytes) {
        const length = Number(response.header('content-length') ?? '-1');
        if (length > maxBytes) {
            await response.cancel();
            throw new RegistryError(`${this.name}: ${what} is ${length} bytes, over the metadata limit of ${maxBytes} (limit --max-metadata-bytes)`);
        }
        const chunks = [];
        let bytes = 0;
        try {
            {
                for await (const chunk of response.body) {
                    bytes += chunk.length;
                    if (bytes > maxBytes) {
                        throw new RegistryError(`${this.name}: ${what} is over the metadata limit of ${maxBytes} bytes (limit --max-metadata-bytes)`);
                    }
                    // A copy: a transport may reuse its buffer.
                    chunks.push(Buffer.from(chunk));
                }
            }
        }
        catch (error) {
            await response.cancel().catch(() => undefined);
            if (error instanceof RegistryError)
                throw error;
            throw new RegistryError(`${this.name}: ${what}: the connection failed: ${reason(error)}`);
        }
        return Buffer.concat(chunks);
    }
    statusError(status, what, elsewhere) {
        const where = elsewhere ? ` (redirected to ${printableName(elsewhere.host, 80)})` : '';
        const repository = `repository ${this.reference.repository} on registry ${this.registry}`;
        if (status === 401) {
            return new RegistryError(`${repository}: not authorized (HTTP 401) for ${what}${where}: log in (docker login ${this.registry}) or check the credentials in the docker config${this.registry === 'ghcr.io' ? ' or the registry-token input' : ''}`);
        }
        if (status === 403) {
            return new RegistryError(`${repository}: access denied (HTTP 403) for ${what}${where}: the credentials are not allowed to pull it (for ghcr.io the token needs read:packages, or the package must grant this repository access)`);
        }
        if (status === 404) {
            return new RegistryError(`${repository}: ${what} not found (HTTP 404)${where}: check the repository name and the tag or digest${this.registry === 'docker.io' ? ' (official images are library/NAME)' : ''}`);
        }
        if (status === 429) {
            return new RegistryError(`${repository}: rate limited (HTTP 429) for ${what}${where} after ${this.retry.attempts} tries: retry later, or log in for a higher limit`);
        }
        return new RegistryError(`${repository}: HTTP ${status} for ${what}${where}${RETRIED_STATUS.has(status) ? ` after ${this.retry.attempts} tries` : ''}`);
    }
    retryAfter(response, what) {
        const header = response.header('retry-after');
        let ms = this.backoff(1);
        if (header) {
            const seconds = Number(header);
            ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
            if (!Number.isFinite(ms) || ms < 0)
                ms = this.backoff(1);
        }
        if (ms > this.retry.maxRetryAfterMs) {
            throw new RegistryError(`repository ${this.reference.repository} on registry ${this.registry}: rate limited (HTTP 429) for ${what}, retry after ${Math.round(ms / 1000)} s: retry later, or log in for a higher limit`);
        }
        return ms;
    }
    backoff(attempt) {
        const delay = this.retry.baseDelayMs * 2 ** (attempt - 1);
        return Math.min(delay, 8000) * (0.75 + Math.random() * 0.5);
    }
    note(line) {
        this.options.log?.(`registry ${this.registry}: ${line}`);
    }
}
/** The code of a TLS certificate failure (self-signed, unknown issuer, wrong name, expired), if it is one. */
function certificateProblem(error) {
    for (let current = error, depth = 0; current && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/.test(code))
            return code;
        current = current.cause;
    }
    return undefined;
}
function isReset(error) {
    for (let current = error, depth = 0; current && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string' && RESET_CODES.has(code))
            return true;
        const message = current.message;
        if (typeof message === 'string' && /^(terminated|other side closed|socket hang up)$/i.test(message))
            return true;
        current = current.cause;
    }
    return false;
}
/** The innermost reason of a fetch failure ("connect ECONNREFUSED 127.0.0.1:5000"), one line. */
function reason(error) {
    let current = error;
    for (let depth = 0; depth < 5; depth++) {
        const cause = current?.cause;
        if (!cause)
            break;
        current = cause;
    }
    const message = current instanceof Error ? current.message : String(current);
    return printableName(message.split('\n')[0], 200);
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });
}

// A registry repository as a blob store for the reader: the manifest (or index) the reference names,
// documents by digest, layer blobs streamed into the reader as they arrive. Never to disk, never whole
// in memory; the reader checks every digest (the transport is not trusted).
/** Layer blobs fetched at once (skopeo fetches 6, crane 4). */
const PARALLEL_LAYERS = 4;
class RegistryStore {
    layout = 'registry';
    untrusted = true;
    parallelLayers = PARALLEL_LAYERS;
    client;
    reference;
    constructor(reference, options) {
        this.reference = typeof reference === 'string' ? parseReference(reference) : reference;
        this.client = new RegistryClient(this.reference, options);
    }
    get name() {
        return this.client.name;
    }
    async root(maxBytes) {
        const { manifestReference, digest } = this.reference;
        const fetched = await this.client.manifest(manifestReference, maxBytes);
        const { createHash } = process.getBuiltinModule('node:crypto');
        const computed = `sha256:${createHash('sha256').update(fetched.bytes).digest('hex')}`;
        // By tag, the registry's Docker-Content-Digest is the only statement of what it meant to send.
        if (!digest && fetched.digest && fetched.digest.startsWith('sha256:') && fetched.digest !== computed) {
            throw new RegistryError(`${this.name}: the manifest of ${printableName(this.reference.full)} has digest ${computed}, but the registry says ${printableName(fetched.digest, 80)}`);
        }
        return {
            bytes: fetched.bytes,
            where: this.reference.full,
            // By digest, the reader checks the bytes against it; by tag, it is what was received.
            digest: digest ?? computed,
            ...(fetched.mediaType ? { mediaType: fetched.mediaType } : {}),
            refs: [this.reference.full]
        };
    }
    document(descriptor, what, maxBytes) {
        // Manifests (an image's, an index's, an attestation manifest) live under /manifests/, the rest under /blobs/.
        if (what === 'manifest' || what === 'attestation manifest') {
            return this.client.manifest(descriptor.digest, maxBytes).then((fetched) => fetched.bytes);
        }
        return this.client.blob(descriptor.digest, maxBytes, what);
    }
    async layer(descriptor, target, signal) {
        await this.client
            .streamBlob(descriptor.digest, descriptor.size, (chunk) => {
            target.write(chunk);
            if (target.hasFailed)
                throw new StopReading();
            return target.drain;
        }, signal)
            .catch((error) => {
            if (!(error instanceof StopReading))
                throw error;
        });
        if (!target.hasFailed)
            target.end();
    }
}
/** The reader gave up on a blob (a limit, corrupt data): its own error says why. */
class StopReading extends Error {
}

// Images read through a blob store rather than an archive: an OCI layout directory (layout.ts), or a
// registry (registry/). A registry chosen by `--source auto` says, when it fails, that the local engine
// did not have the image either.
function openLayout(path) {
    return {
        read: (options) => readStoreImage(new LayoutStore(path), options),
        readEach: (options, visit) => readStoreImages(new LayoutStore(path), options, visit),
        abandon: async () => { }
    };
}
function openRegistryImage(source) {
    const reading = async (options, read) => {
        // The reference names the image: nothing to select inside it by name.
        const { image: _selection, ...fromRegistry } = options;
        try {
            return await read(openRegistry(source.reference, source.registry), fromRegistry);
        }
        catch (error) {
            if (!source.fallback || !(error instanceof ImageReadError))
                throw error;
            // The user may have meant the local image: say that it is not there, then what the registry said.
            const where = source.fallback === 'absent'
                ? 'is not in the local Docker engine (docker/build-push-action puts it there with load: true)'
                : 'is not in a local Docker engine (none is running)';
            throw new RegistryError(`image "${source.reference}" ${where}, and reading it from its registry failed: ${error.message}`);
        }
    };
    return {
        read: (options) => reading(options, readStoreImage),
        readEach: (options, visit) => reading(options, (store, fromRegistry) => readStoreImages(store, fromRegistry, visit)),
        abandon: async () => { }
    };
}
function openRegistry(reference, access = {}) {
    return new RegistryStore(reference, {
        credentials: dockerCredentials(access.credentials ? { explicit: access.credentials } : {}),
        ...(access.insecureRegistries ? { insecureRegistries: access.insecureRegistries } : {}),
        ...(access.log ? { log: access.log } : {})
    });
}

// Opens a source with the module of its kind.
function openSource(source) {
    if (source.kind === 'docker')
        return openDockerImage(source.reference, source.save);
    if (source.kind === 'layout')
        return openLayout(source.path);
    if (source.kind === 'registry')
        return openRegistryImage(source);
    return openArchive(source);
}

// The engine shared by the CLI and the action: source \u2192 image \u2192 policy evaluation. No @actions/*.
/**
 * Reads and evaluates every platform the options select, one after another: each image is evaluated as
 * soon as it is merged, before the next platform's merge starts.
 */
async function scan(options) {
    // `docker save` starts first: the engine spends seconds exporting the image before its first byte,
    // and the policy is parsed and compiled meanwhile. A bad policy still fails before any byte is read.
    const source = openSource(await resolveSource(options.source));
    let policy;
    try {
        policy = options.policy ?? (await loadPolicy(options.policyPath));
    }
    catch (error) {
        await source.abandon();
        throw error;
    }
    const read = { ...readOptions(options, withReportFacts(captureFor(policy))), ...readsFor(policy) };
    const { results, unreadable } = await source.readEach(read, (image) => {
        const baseline = options.baselineFor?.(image);
        const evaluation = evaluate(image, policy, {
            ...(options.now ? { now: options.now } : {}),
            ...(baseline ? { baseline } : {})
        });
        return { image, policy, evaluation };
    });
    return { policy, platforms: results, unreadable };
}
/** What the policy's rules read besides files: the attestations an index attaches to the image. */
function readsFor(policy) {
    return policy.rules.some((rule) => rule.check.attestations) ? { attestations: true } : {};
}
/** Reads an image with the capture that the strict policy needs, so `inspect` can show everything. */
async function inspectImage(options) {
    const everything = await loadPolicy('strict');
    const source = openSource(await resolveSource(options.source));
    return source.read(readOptions(options, captureFor(everything)));
}
/** Reports name the OS whatever rules run, so os-release is always kept. */
function withReportFacts(capture) {
    return (path, size) => OS_RELEASE_PATHS.includes(path) ? Math.max(capture(path, size), 64 * 1024) : capture(path, size);
}
function readOptions(options, capture) {
    return {
        capture,
        verifyDigests: options.verifyDigests ?? false,
        ...(options.image ? { image: options.image } : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {})
    };
}

// A check that compares with a baseline: the baseline image read first when it is one (with the same
// policy, so that its violations are what this run would have said of it), then the image, evaluated
// with the baseline's facts (growth limits), then each violation marked new or existing, platform by
// platform. No @actions/*.
/**
 * Scans `options` (the request's image), compared with `request.baseline` when there is one, platform
 * by platform: each platform with the baseline's same platform (a report's result, or the baseline
 * image's manifest); a platform the baseline lacks is compared with nothing, so all its violations are
 * new. A run of one platform against a baseline of one is compared whatever their platforms, as before.
 * `onBaselineRead` says, once the baseline image is read, each platform read, and whether it had several
 * (the action logs them).
 */
async function scanWithBaseline(request, options, onBaselineRead) {
    const wanted = request.baseline;
    if (!wanted)
        return { results: await scan(options), comparisons: [], warnings: [] };
    const policy = options.policy ?? (await loadPolicy(options.policyPath));
    const baselineImages = new Map();
    let baselines;
    if (wanted.kind === 'image') {
        const read = await scan({
            source: wanted.source,
            policy,
            ...(request.platform ? { platform: request.platform } : {}),
            verifyDigests: request.verifyDigests,
            ...(options.limits ? { limits: options.limits } : {}),
            ...(options.now ? { now: options.now } : {})
        });
        if (read.platforms.length === 0)
            throw new UserError(`the baseline ${wanted.given} has no platform that could be read: ${read.unreadable.map((u) => `${u.platform} (${u.reason})`).join('; ')}`);
        for (const platform of read.platforms) {
            baselineImages.set(platformString(platform.image), platform.image);
            onBaselineRead?.(platform.image, read.platforms.length > 1);
        }
        baselines = read.platforms.map((platform) => baselineOfImage(wanted.given, platform));
    }
    else
        baselines = wanted.baselines;
    // During the scan a platform's baseline is chosen for its growth limits before the run knows how many
    // platforms it has; a lone baseline of another platform is then taken tentatively (see below).
    const chosen = new Map();
    const pick = (platform) => baselines.find((b) => b.platform === platform) ?? (baselines.length === 1 ? baselines[0] : undefined);
    const results = await scan({
        ...options,
        policy,
        baselineFor: (image) => {
            const platform = platformString(image);
            if (!chosen.has(platform))
                chosen.set(platform, pick(platform));
            return chosen.get(platform)?.facts;
        }
    });
    const single = results.platforms.length === 1 && results.unreadable.length === 0;
    const warnings = [];
    const comparisons = [];
    const platforms = results.platforms.map((result) => {
        const platform = platformString(result.image);
        let baseline;
        let evaluation = result.evaluation;
        if (single) {
            // One platform against the baseline: as it always was (another platform's lone report, with a warning).
            baseline = baselineForPlatform(baselines, platform);
        }
        else {
            baseline = baselines.find((b) => b.platform === platform);
            // Evaluated with a lone baseline of another platform: evaluated again with no baseline's facts.
            if (!baseline && chosen.get(platform))
                evaluation = evaluate(result.image, policy, options.now ? { now: options.now } : {});
        }
        warnings.push(...(baseline?.warnings ?? []));
        const against = baseline ?? absentBaseline(wanted.given, platform, baselines);
        const baselineImage = baseline ? baselineImages.get(baseline.platform) : undefined;
        const applied = applyBaseline(evaluation, result.image, against, {
            newOnly: request.newOnly,
            compressedSize: compressedSize(result.image),
            ...(baselineImage ? { diff: diffImages(baselineImage, result.image) } : {})
        });
        comparisons.push(applied.comparison);
        return { ...result, evaluation: applied.evaluation };
    });
    return { results: { ...results, platforms }, comparisons, warnings };
}
/** What a platform the baseline lacks is compared with: nothing, so that every violation of it is new. */
function absentBaseline(given, platform, baselines) {
    return {
        kind: baselines[0].kind,
        given,
        reference: baselines[0].reference,
        platform,
        facts: { size: 0, compressedSize: 0, layers: 0 },
        violations: [],
        warnings: [],
        absent: `the baseline ${given} has no ${platform} (it has ${baselines.map((b) => b.platform).join(', ')}): every violation of ${platform} is new`
    };
}
function baselineOfImage(given, read) {
    const { image, evaluation } = read;
    const diffIds = image.layers.flatMap((layer) => (layer.diffId ? [layer.diffId] : []));
    return {
        kind: 'image',
        given,
        reference: imageName(image),
        platform: platformString(image),
        facts: {
            size: imageSize(image),
            compressedSize: compressedSize(image),
            layers: image.layers.length,
            ...(diffIds.length === image.layers.length ? { diffIds } : {})
        },
        violations: evaluation.violations.map(baselineViolation),
        warnings: []
    };
}

/** The base a multi-stage snippet copies onto, by what the image runs. */
const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12';
const RUNTIME_BASES = [
    [/^node(js)?\d*$/, 'gcr.io/distroless/nodejs22-debian12'],
    [/^python3?(\.\d+)?$/, 'gcr.io/distroless/python3-debian12'],
    [/^java$/, 'gcr.io/distroless/java21-debian12']
];
const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
const LAUNCHERS = new Set(['sh', 'bash', 'ash', 'dash', 'busybox', 'env', 'tini', 'dumb-init']);
function violationFix(violation, input) {
    const advice = violation.fix ?? {
        text: `See ${ruleDocUrl(violation.rule)} for how to fix it.`
    };
    const map = input.dockerfile && !input.dockerfile.mismatch ? input.dockerfile : undefined;
    const sentences = [printable(advice.text)];
    const snippet = (advice.snippet ?? []).map(printable);
    const origin = violation.layer === undefined ? undefined : layerOrigin(violation.layer, input.image, map);
    if (advice.inLayer?.kind === 'leave-out' && origin) {
        const leaveOut = leaveOutAt(origin);
        sentences.push(leaveOut);
        if (origin.kind === 'base')
            snippet.push(...multiStage(input.image, map));
    }
    else if (advice.inLayer?.kind === 'command') {
        const { sentence, lines } = commandAt(advice.inLayer, origin);
        sentences.push(sentence);
        snippet.push(...lines);
    }
    else if (origin) {
        sentences.push(`It comes from ${origin.where}.`);
    }
    else if (map && violation.hiddenBy === undefined && advice.instruction === undefined) {
        // A config setting (an exposed port): the instruction the annotation is placed on.
        const ref = instructionOf(violation, map);
        if (ref)
            sentences.push(ref.fromBaseImage ? `It comes from the base image, ${placed(ref)}.` : `It comes from ${placed(ref)}.`);
    }
    const hiddenBy = advice.hiddenBy;
    if (hiddenBy && hiddenBy.layer !== violation.layer) {
        const at = layerOrigin(hiddenBy.layer, input.image, map);
        const verb = { deleted: 'deleted', overwritten: 'overwritten', opaque: 'hidden' }[hiddenBy.reason];
        const keeps = violation.layer === undefined ? 'the layer that wrote it' : `layer ${violation.layer}`;
        sentences.push(`It is ${verb} by ${at?.kind === 'base' ? `the base image, ${at.where}` : (at?.where ?? `layer ${hiddenBy.layer}`)}, which leaves it in ${keeps}.`);
    }
    if (advice.newBase && !(advice.inLayer?.kind === 'leave-out' && origin?.kind === 'base')) {
        snippet.push(...multiStage(input.image, map));
    }
    if (advice.instruction !== undefined) {
        const { sentence, lines } = instructionAt(advice.instruction, violation, map);
        if (sentence)
            sentences.push(sentence);
        snippet.push(...lines);
    }
    const others = (advice.layers ?? []).filter((layer) => layer !== violation.layer);
    if (others.length > 0) {
        const named = others.map((layer) => {
            const at = layerOrigin(layer, input.image, map);
            return at && !at.where.startsWith('layer ')
                ? `layer ${layer}: ${at.where}`
                : (at?.where ?? `layer ${layer}`);
        });
        sentences.push(`${capitalise(named.join('; '))}.`);
    }
    return {
        text: sentences.join(' '),
        snippet,
        ...(violation.waived || violation.rule === EXPIRED_WAIVER.id
            ? {}
            : { waiver: suggestedWaiver(violation, input.evaluation.evaluatedAt) })
    };
}
/** The fix as one string (JSON `fix`): the text, the snippet indented, the waiver line. */
function fixString(fix) {
    return [
        fix.text,
        ...fix.snippet.map((line) => `  ${line}`),
        ...(fix.waiver ? [`To waive it instead, under waivers: ${fix.waiver}`] : [])
    ].join('\n');
}
/** The waiver a report suggests for a violation: its rule, its exact path, 30 days from the run. */
function suggestedWaiver(violation, now) {
    // Already safe for a terminal (yamlQuoted escapes every character printable would): printableLine is
    // a guard that changes nothing.
    return printableLine(waiverLine({
        rule: violation.rule,
        ...(violation.path === undefined ? {} : { path: globForPath(violation.path) }),
        reason: REASON_PLACEHOLDER,
        expires: suggestedExpiry(now)
    }));
}
function layerOrigin(index, image, map) {
    const ref = map?.locateLayer(index);
    if (ref) {
        const where = placed(ref);
        if (ref.fromBaseImage)
            return { where, kind: 'base', ref };
        return { where, ...kindOf(ref.instruction) };
    }
    const layer = image.layers[index];
    if (layer === undefined)
        return undefined;
    const createdBy = layerCreatedBy(image, layer);
    const where = createdBy ? `layer ${index} (${printable(truncate(createdBy, 80))})` : `layer ${index}`;
    const kind = kindOf(createdBy);
    // Without a Dockerfile the base image's layers cannot be told from the build's own; the first layer
    // that is not a RUN is the base image's root filesystem in every builder's images.
    if (index === 0 && kind.kind !== 'run')
        return { where: 'layer 0', kind: 'base' };
    return { where, ...kind };
}
/** "Dockerfile:3 (RUN apk add bash)": a Dockerfile line may hold a credential, shown redacted as everywhere. */
function placed(ref) {
    return `${printable(ref.location.file)}:${ref.location.line} (${printable(redactCredentials(ref.instruction))})`;
}
function kindOf(instruction) {
    const keyword = /^\s*(\w+)/.exec(instruction)?.[1]?.toUpperCase();
    if (keyword === 'RUN')
        return { kind: 'run' };
    if (keyword === 'COPY' || keyword === 'ADD') {
        const from = /(?:^|\s)--from=("[^"]*"|\S+)/.exec(instruction)?.[1];
        return from ? { kind: 'copy-from', from: printable(from.replace(/^"|"$/g, '')) } : { kind: 'copy' };
    }
    return { kind: 'other' };
}
function leaveOutAt(origin) {
    switch (origin.kind) {
        case 'base':
            return `It comes with the base image, ${origin.where}. Build in a builder stage and copy only your program onto a base without it (for a glibc program, cc-debian12):`;
        case 'run':
            return `It is added by ${origin.where}: remove it in that same RUN, or do that work in a builder stage and copy out only what runs.`;
        case 'copy-from':
            return `It is copied from ${origin.from ?? 'another stage'} by ${origin.where}: copy only the files you need from there.`;
        case 'copy':
            return `It is copied by ${origin.where}: keep it out of that COPY (a narrower source, or .dockerignore).`;
        default:
            return `It is written by ${origin.where}: keep it out of that step.`;
    }
}
function commandAt(inLayer, origin) {
    const command = printable(inLayer.command);
    const run = `RUN ${command}`;
    if (!origin)
        return { sentence: 'Run in the build:', lines: [run] };
    switch (origin.kind) {
        case 'run':
            return { sentence: `Append \`&& ${command}\` to ${origin.where}.`, lines: [] };
        case 'copy':
        case 'copy-from':
            return inLayer.copyFlag
                ? {
                    sentence: `Add \`${printable(inLayer.copyFlag)}\` to ${origin.where}, or a RUN after it:`,
                    lines: [run]
                }
                : { sentence: `Add after ${origin.where}:`, lines: [run] };
        default:
            return { sentence: `Add after ${origin.where}, in a stage that has the command:`, lines: [run] };
    }
}
function instructionAt(instruction, violation, map) {
    const shown = printable(instruction);
    const keyword = /^\s*(\w+)/.exec(instruction)?.[1]?.toUpperCase();
    const at = placed;
    const stage = map?.stage ? `the stage at ${printable(map.file)}:${map.stage.location.line}` : undefined;
    if (keyword === 'USER' && map?.user)
        return { sentence: `Change ${at(map.user)} to:`, lines: [shown] };
    if (keyword === 'LABEL' && map && violation.label !== undefined) {
        const label = map.label(violation.label);
        if (label) {
            const sets = label.instruction.includes(violation.label);
            return {
                sentence: `${sets ? 'Give it a value at' : 'Add it to'} ${at(label)}, or add:`,
                lines: [shown]
            };
        }
    }
    if (stage)
        return { sentence: `Add to ${stage}, after its last RUN:`, lines: [shown] };
    return { sentence: `In the Dockerfile's last stage:`, lines: [shown] };
}
/**
 * A builder stage and a distroless final stage: the build's own FROM renamed `build` (or kept with its
 * name), the base chosen by what the image runs, and the program the entrypoint names copied across.
 */
function multiStage(image, map) {
    const base = map?.locateLayer(0);
    const from = base?.fromBaseImage
        ? /^FROM\s+((?:--\S+\s+)*)(\S+)(?:\s+AS\s+(\S+))?/i.exec(base.instruction)
        : undefined;
    const stageName = from?.[3] ?? 'build';
    const fromLine = from
        ? `FROM ${from[1]}${from[2]} AS ${stageName}`
        : `FROM ${printable(image.config.labels[BASE_NAME_LABEL] ?? image.annotations[BASE_NAME_LABEL] ?? osImage(image) ?? 'your-build-image')} AS build`;
    const command = [...image.config.entrypoint, ...image.config.cmd];
    const launcher = command.find((word) => !LAUNCHERS.has(basename(word)));
    const runtime = launcher === undefined ? undefined : RUNTIME_BASES.find(([name]) => name.test(basename(launcher)));
    const program = !runtime &&
        launcher?.startsWith('/') &&
        !launcher.startsWith('/bin/') &&
        !launcher.startsWith('/usr/bin/')
        ? launcher
        : image.config.workingDir.startsWith('/') && image.config.workingDir !== '/'
            ? image.config.workingDir
            : '/app';
    return [
        printable(fromLine),
        `FROM ${runtime?.[1] ?? DISTROLESS_STATIC}`,
        printable(`COPY --from=${stageName} ${program} ${program}`)
    ];
}
/** The official image of the image's distribution and release, from its os-release: `alpine:3.20`. */
function osImage(image) {
    const release = readOsRelease(image.fs)?.fields;
    const id = release?.ID;
    const version = release?.VERSION_ID;
    if (id === undefined || version === undefined || !/^[\d.]+$/.test(version))
        return undefined;
    if (id === 'alpine')
        return `alpine:${version.split('.').slice(0, 2).join('.')}`;
    if (id === 'debian')
        return `debian:${version.split('.')[0]}`;
    if (id === 'ubuntu')
        return `ubuntu:${version}`;
    return undefined;
}
function basename(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The one input of a run that gated a single image, or undefined when it gated several platforms. */
function singleReport(set) {
    return set.reports.length === 1 && set.unreadable.length === 0 ? set.reports[0] : undefined;
}

// The JSON report: what `check --format json` prints and the action writes to its `report` file.
function buildJsonReport(input) {
    const { image, evaluation, failOn } = input;
    const counts = countViolations(evaluation.violations);
    return {
        image: {
            reference: imageName(image),
            repoTags: image.repoTags,
            ...(image.configDigest ? { digest: image.configDigest } : {}),
            ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
            platform: platformString(image),
            layout: image.layout,
            ...(osName(image) ? { os: osName(image) } : {}),
            user: image.config.user,
            size: imageSize(image),
            compressedSize: compressedSize(image),
            layers: image.layers.length,
            diffIds: image.layers.flatMap((layer) => (layer.diffId ? [layer.diffId] : [])),
            hiddenBytes: image.hiddenBytes
        },
        violations: sortViolations(evaluation.violations).map((v) => ({
            ...baselineViolation(v),
            ...(v.baseline ? { baseline: v.baseline } : {}),
            ...dockerfileField(input, v),
            ...(v.waived
                ? { waived: { reason: v.waived.reason, ...(v.waived.expires ? { expires: v.waived.expires } : {}) } }
                : {}),
            ...fixFields(input, v)
        })),
        summary: {
            result: verdict(evaluation, failOn),
            failOn,
            ...counts,
            rulesEvaluated: evaluation.rulesEvaluated,
            ...(input.baseline ? { baseline: jsonBaseline(input.baseline) } : {})
        }
    };
}
function fixFields(input, violation) {
    const fix = violationFix(violation, input);
    return { fix: fixString(fix), ...(fix.waiver ? { waiver: fix.waiver } : {}) };
}
function jsonBaseline(comparison) {
    const { kind, given, reference, platform, newOnly, fixed, size, compressedSize, layers, diff, absent } = comparison;
    return {
        kind,
        given,
        reference,
        platform,
        newOnly,
        new: comparison.new,
        existing: comparison.existing,
        // What they were about, without the names of their files: a report of a fix stays short.
        fixed: fixed.map(({ names: _names, ...rest }) => rest),
        size,
        compressedSize,
        layers,
        ...(diff ? { diff } : {}),
        ...(absent !== undefined ? { absent } : {})
    };
}
function dockerfileField(input, violation) {
    const located = input.locate(violation);
    if (located.source !== 'dockerfile' || !located.location)
        return {};
    const { file, line } = located.location;
    return { dockerfile: { file, line, instruction: located.instruction ?? '' } };
}
const jsonReporter = {
    format: 'json',
    render: (input) => `${JSON.stringify(buildJsonReport(input), null, 2)}\n`,
    renderAll: (set) => `${JSON.stringify(buildJsonReports(set), null, 2)}\n`
};
/** A single image's report as it always was; several platforms as `results` with one summary. */
function buildJsonReports(set) {
    const single = singleReport(set);
    if (single)
        return buildJsonReport(single);
    const results = set.reports.map(buildJsonReport);
    const totals = countViolations(set.reports.flatMap((input) => input.evaluation.violations));
    return {
        results,
        summary: {
            result: results.some((report) => report.summary.result === 'fail') ? 'fail' : 'pass',
            failOn: set.reports[0]?.failOn ?? 'error',
            platforms: results.map((report) => report.image.platform),
            failed: results
                .filter((report) => report.summary.result === 'fail')
                .map((report) => report.image.platform),
            unreadable: set.unreadable.map((entry) => ({ ...entry })),
            ...totals
        }
    };
}

// Source paths as GitHub wants them: relative to the repository root, forward slashes.
/**
 * `file` relative to `root` with forward slashes, or undefined when it lies outside `root`
 * (e.g. the bundled default policy inside the action's own directory).
 */
function repoRelative(file, root) {
    const absolute = path.resolve(root, file);
    const relative = path.relative(path.resolve(root), absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
        return undefined;
    return relative.split(path.sep).join('/');
}
/**
 * The root of the repository `cwd` is in, which code scanning resolves SARIF paths against: the runner's
 * checkout (GITHUB_WORKSPACE) when `cwd` lies in it, else the nearest directory above `cwd` holding
 * `.git` (a directory, or a file in a worktree), else `cwd` itself.
 */
function repositoryRoot(cwd, env) {
    const workspace = env.GITHUB_WORKSPACE;
    if (workspace && (path.resolve(cwd) === path.resolve(workspace) || repoRelative(cwd, workspace)))
        return path.resolve(workspace);
    for (let dir = path.resolve(cwd);; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, '.git')))
            return dir;
        if (path.dirname(dir) === dir)
            return path.resolve(cwd);
    }
}
/**
 * The running workflow's file relative to the repository root, from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main`), or undefined outside GitHub Actions.
 */
function workflowFile(env) {
    const match = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(env.GITHUB_WORKFLOW_REF ?? '');
    if (!match)
        return undefined;
    const file = path.posix.normalize(match[1]);
    return file.startsWith('.github/workflows/') && !file.includes('\0') ? file : undefined;
}

// Rule documentation pages (docs/rules/<id>.md) as SARIF help text.
/** Markdown of each rule's page under `root/docs/rules`, for the rules whose page exists. */
async function loadRuleHelp(rules, root) {
    const help = {};
    await Promise.all(rules.map(async (rule) => {
        try {
            help[rule.id] = await readFile(path.join(root, 'docs', 'rules', `${rule.id}.md`), 'utf8');
        }
        catch {
            // A missing page falls back to the rule's one-line description and link.
        }
    }));
    return help;
}

// SARIF 2.1.0 for github/codeql-action/upload-sarif: one descriptor per rule with help text,
// one result per violation located in the Dockerfile or the policy file. The tests validate it with
// @microsoft/sarif-multitool and GitHub's rules (zero errors, zero warnings).
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL = { error: 'error', warning: 'warning', notice: 'note' };
// GitHub ranks code-scanning alerts by this property (0.0\u201310.0) when it is present.
const SECURITY_SEVERITY = { error: '7.0', warning: '4.0', notice: '1.0' };
/** A file of the repository for results that have no line of their own, or undefined when there is none. */
function fallbackFile(options, policyPath) {
    const base = options.baseDir ?? options.sourceRoot;
    for (const file of [policyPath, options.dockerfilePath]) {
        const relative = file === undefined ? undefined : repoRelative(path.resolve(base, file), options.sourceRoot);
        if (relative)
            return relative;
    }
    return options.workflowFile;
}
/** Says why a SARIF file cannot be written, or undefined when every result can be located. */
function sarifLocationProblem(options, policyPath) {
    if (fallbackFile(options, policyPath))
        return undefined;
    return ('SARIF results need a file of the repository to sit on, and there is none: give --dockerfile or a ' +
        `--policy file inside the repository (${options.sourceRoot}); in GitHub Actions the workflow file is used`);
}
function buildSarif(input, options) {
    const violations = sortViolations(input.evaluation.violations);
    const descriptors = ruleDescriptors(input.rules, violations, options.ruleHelp ?? {});
    const ruleIndex = new Map(descriptors.map((d, index) => [d.id, index]));
    return {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: TOOL_NAME,
                        informationUri: PROJECT_URL,
                        semanticVersion: input.toolVersion,
                        version: input.toolVersion,
                        rules: descriptors
                    }
                },
                automationDetails: { id: automationId(options) },
                results: violations.map((v) => toResult(v, input, options, ruleIndex))
            }
        ]
    };
}
function ruleDescriptors(rules, violations, help) {
    const known = new Map(rules.map((rule) => [rule.id, rule]));
    // Violations of rules missing from the registry (e.g. a waiver problem) still need a descriptor.
    for (const v of violations) {
        if (!known.has(v.rule)) {
            known.set(v.rule, { id: v.rule, title: v.rule, description: v.rule, defaultSeverity: v.severity });
        }
    }
    return [...known.values()].map((rule) => {
        // A name that is the id again is what SARIF1001 forbids: then there is none.
        const name = pascalCase(rule.title);
        const page = help[rule.id] === undefined ? undefined : absoluteLinks(help[rule.id], ruleDocUrl(rule.id));
        return {
            id: rule.id,
            ...(name.toLowerCase() === rule.id.replace(/[^A-Za-z0-9]/g, '').toLowerCase() ? {} : { name }),
            shortDescription: { text: rule.title },
            fullDescription: { text: rule.description },
            help: {
                text: page ?? `${rule.description}\n\nSee ${ruleDocUrl(rule.id)}`,
                markdown: page ?? `${rule.description}\n\n[Documentation](${ruleDocUrl(rule.id)})`
            },
            helpUri: ruleDocUrl(rule.id),
            defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            properties: {
                tags: ['container', 'image-policy'],
                precision: 'very-high',
                'security-severity': SECURITY_SEVERITY[rule.defaultSeverity]
            }
        };
    });
}
/**
 * Relative links of a docs/rules page (`../../src/\u2026`, `no-shell.md`) made absolute against the page's own
 * URL: an alert view shows the help away from the repository, where a relative link leads nowhere.
 */
function absoluteLinks(markdown, pageUrl) {
    return markdown.replace(/\]\(([^)\s]+)\)/g, (link, target) => /^[a-z][a-z0-9+.-]*:|^#/i.test(target) ? link : `](${new URL(target, pageUrl).href})`);
}
function toResult(violation, input, options, ruleIndex) {
    const located = input.locate(violation);
    const fix = violationFix(violation, input);
    const message = sarifMessage(violation, located.instruction);
    const result = {
        ruleId: violation.rule,
        ruleIndex: ruleIndex.get(violation.rule),
        level: LEVEL[violation.severity],
        // GitHub shows message.text on the alert (its first line as the title); viewers that render Markdown
        // show message.markdown, with the lines to paste as code.
        message: { text: `${message}\n\n${fixString(fix)}`, markdown: fixMarkdown(message, fix) },
        locations: [toLocation(located.location, violation, input, options)],
        // SARIF's own words for a comparison with a baseline run: "new", or "unchanged" for an existing one.
        ...(violation.baseline ? { baselineState: violation.baseline === 'new' ? 'new' : 'unchanged' } : {}),
        properties: {
            image: imageName(input.image),
            ...(options.platform !== undefined ? { platform: options.platform } : {}),
            ...(violation.path !== undefined ? { path: violation.path } : {}),
            ...(violation.layer !== undefined ? { layer: violation.layer } : {}),
            fix: fixString(fix)
        }
    };
    if (violation.waived) {
        result.suppressions = [{ kind: 'external', status: 'accepted', justification: violation.waived.reason }];
    }
    return result;
}
/**
 * The message and its fix as Markdown: prose escaped (names from the image are printable already), the
 * snippet and the waiver in fenced blocks whose fence is longer than any backtick run they hold.
 */
function fixMarkdown(message, fix) {
    const block = (lines, info) => {
        const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
        const fence = '`'.repeat(longest + 1);
        return `${fence}${info}\n${lines.join('\n')}\n${fence}`;
    };
    return [
        markdownText(printableLine(message)),
        `**Fix:** ${markdownText(fix.text)}`,
        ...(fix.snippet.length > 0 ? [block(fix.snippet, 'dockerfile')] : []),
        ...(fix.waiver
            ? ['To waive it instead, under `waivers:` in the policy:', block([fix.waiver], 'yaml')]
            : [])
    ].join('\n\n');
}
/** Text as literal Markdown: every ASCII punctuation character backslash-escaped. */
function markdownText(text) {
    return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
function sarifMessage(violation, instruction) {
    const where = violation.path && !violation.message.includes(violation.path)
        ? ` (${violation.path}${violation.layer !== undefined ? `, layer ${violation.layer}` : ''})`
        : '';
    const from = instruction ? ` Introduced by \`${instruction}\`.` : '';
    return `${violation.message}${where}.${from}`.replace(/\.\.(\s|$)/g, '.$1');
}
/**
 * Where code scanning shows a result: a file of the repository, relative to its root (GitHub rejects
 * absolute `file:` URIs and anything else that is not a path). The violation's own line (the Dockerfile
 * instruction, the rule in the policy file) when it lies in the repository, else line 1 of the user's
 * policy file, the Dockerfile, or the workflow file. Nothing from the image chooses it: the image's path
 * is a logical location only.
 */
function toLocation(location, violation, input, options) {
    const logicalLocations = violation.path
        ? [{ fullyQualifiedName: `${imageName(input.image)}:${violation.path}`, kind: 'resource' }]
        : undefined;
    const base = options.baseDir ?? options.sourceRoot;
    const relative = location ? repoRelative(path.resolve(base, location.file), options.sourceRoot) : undefined;
    const region = location && relative ? { startLine: location.line, startColumn: location.column } : { startLine: 1 };
    const file = relative ?? fallbackFile(options, input.policyPath);
    if (file === undefined)
        throw new UserError(sarifLocationProblem(options, input.policyPath) ?? 'no location');
    return {
        physicalLocation: { artifactLocation: { uri: encodeUriPath(file), uriBaseId: '%SRCROOT%' }, region },
        ...(logicalLocations ? { logicalLocations } : {})
    };
}
/** A relative path as a URI reference: each segment percent-encoded, so ":" or "#" in a name stays a path. */
function encodeUriPath(relative) {
    return relative.split('/').map(encodeURIComponent).join('/');
}
function pascalCase(id) {
    return id
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join('');
}
/** `image-policy-gate/CATEGORY/` (and `PLATFORM/` after it), in characters code scanning keeps. */
function automationId(options) {
    const safe = (text) => text.replace(/[^A-Za-z0-9._:@-]+/g, '_');
    const platform = options.platform === undefined ? '' : `${safe(options.platform)}/`;
    return `${TOOL_NAME}/${safe(options.category)}/${platform}`;
}
/** A single image's log as `buildSarif`; several platforms as one run each, its category naming it. */
function buildSarifAll(set, options) {
    const single = singleReport(set);
    if (single)
        return buildSarif(single, options);
    const runs = set.reports.flatMap((input) => buildSarif(input, { ...options, platform: platformString(input.image) }).runs);
    return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}
function sarifReporter(options) {
    return {
        format: 'sarif',
        render: (input) => `${JSON.stringify(buildSarif(input, options), null, 2)}\n`,
        renderAll: (set) => `${JSON.stringify(buildSarifAll(set, options), null, 2)}\n`
    };
}

const TEXT_LIST = 5;
/** "+1.2 MB", "-3 B", "\u00b10 B". */
function signedSize(delta) {
    if (delta === 0)
        return '\u00b10 B';
    return `${delta > 0 ? '+' : '-'}${formatSize(Math.abs(delta))}`;
}
/** "+14.2%" of the baseline, or "" when the baseline was empty. */
function percent(change) {
    if (change.before === 0)
        return '';
    const share = (change.delta / change.before) * 100;
    return `${share >= 0 ? '+' : ''}${share.toFixed(1)}%`;
}
/** "7.8 MB \u2192 8.9 MB (+1.1 MB, +14.2%)". */
function sizeChange(change) {
    const share = percent(change);
    return `${formatSize(change.before)} \u2192 ${formatSize(change.after)} (${signedSize(change.delta)}${share ? `, ${share}` : ''})`;
}
/**
 * Two bars of `width` cells on one scale, then and now: `\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2591\u2591` reads faster than two numbers.
 * Eighth blocks give the bars' ends, so a change of a few percent still shows.
 */
function sizeBars(change, width = 20) {
    const max = Math.max(change.before, change.after, 1);
    const bar = (value) => {
        const eighths = Math.round((value / max) * width * 8);
        const full = Math.floor(eighths / 8);
        const part = eighths % 8;
        const partial = part > 0 ? '\u258f\u258e\u258d\u258c\u258b\u258a\u2589'[part - 1] : '';
        return `${'\u2588'.repeat(full)}${partial}`.padEnd(width, ' ');
    };
    return [bar(change.before), bar(change.after)];
}
/** "new" or "existing", as the text report writes it beside a violation; "" without a baseline. */
function baselineMark(violation) {
    return violation.baseline === 'new' ? '[new] ' : violation.baseline === 'existing' ? '[existing] ' : '';
}
function renderBaselineText(comparison) {
    // A platform the baseline lacks has nothing to compare with: one line says so.
    if (comparison.absent !== undefined)
        return [`Baseline: ${printable(comparison.absent)}`, ''];
    const [then, now] = sizeBars(comparison.size);
    const lines = [
        `Baseline ${printable(comparison.given)} (${comparison.kind === 'report' ? 'a report' : 'an image'} of ${printable(comparison.reference)}, ${printable(comparison.platform)})`,
        `  size        ${sizeChange(comparison.size)}`,
        `    then      ${then} ${formatSize(comparison.size.before)}`,
        `    now       ${now} ${formatSize(comparison.size.after)}`,
        `  compressed  ${sizeChange(comparison.compressedSize)}`,
        `  layers      ${comparison.layers.before} \u2192 ${comparison.layers.after}`,
        `  violations  ${comparison.new} new, ${comparison.existing} existing, ${comparison.fixed.length} fixed${comparison.newOnly ? ' (only new ones count: --new-only)' : ''}`
    ];
    for (const fixed of comparison.fixed.slice(0, TEXT_LIST))
        lines.push(`    fixed     ${printable(fixed.rule)}: ${printable(truncate(fixed.message, 120))}`);
    if (comparison.fixed.length > TEXT_LIST)
        lines.push(`    \u2026 ${comparison.fixed.length - TEXT_LIST} more fixed (in the JSON report)`);
    if (comparison.diff)
        lines.push(...diffLines(comparison.diff));
    return [...lines, ''];
}
function diffLines(diff) {
    const lines = [
        diff.baseChanged
            ? '  base        changed: no leading layer in common with the baseline'
            : `  base        the same: the first ${diff.sharedLayers === 1 ? 'layer is' : `${diff.sharedLayers} layers are`} the baseline's`
    ];
    for (const layer of diff.layers) {
        if (layer.match === 'same')
            continue;
        const what = printable(truncate(layer.createdBy || '(no history)', 70));
        const where = layer.match === 'removed' ? `baseline layer ${layer.baselineIndex ?? ''}` : `layer ${layer.index ?? ''}`;
        const sizes = layer.match === 'added'
            ? `+${formatSize(layer.after ?? 0)}`
            : layer.match === 'removed'
                ? `-${formatSize(layer.before ?? 0)}`
                : `${formatSize(layer.before ?? 0)} \u2192 ${formatSize(layer.after ?? 0)}`;
        lines.push(`  ${layer.match.padEnd(11)} ${where}: ${sizes}  ${what}`);
    }
    const files = (title, list, show) => {
        if (list.total === 0)
            return;
        const shown = list.items.slice(0, TEXT_LIST).map(show).join(', ');
        const more = list.total > TEXT_LIST ? `, \u2026 ${list.total} in all` : '';
        lines.push(`  ${title.padEnd(11)} ${shown}${more}`);
    };
    files('added', diff.files.added, (f) => `${printable(f.path)} ${formatSize(f.after ?? 0)}`);
    files('grown', diff.files.grown, (f) => `${printable(f.path)} ${signedSize((f.after ?? 0) - (f.before ?? 0))}`);
    files('removed', diff.files.removed, (f) => `${printable(f.path)} ${formatSize(f.before ?? 0)}`);
    const paths = (title, list) => {
        if (list.total === 0)
            return;
        const more = list.total > TEXT_LIST ? `, \u2026 ${list.total} in all` : '';
        lines.push(`  ${title.padEnd(11)} ${list.items.slice(0, TEXT_LIST).map(printable).join(', ')}${more}`);
    };
    paths('new shell', diff.newShells);
    paths('new pkg mgr', diff.newPackageManagers);
    paths('new setid', diff.newSetuid);
    paths('new exec', diff.newExecutables);
    return lines;
}

const ANSI = {
    reset: '\x1b[0m',
    bold: '\x1b[1m',
    dim: '\x1b[2m',
    red: '\x1b[31m',
    yellow: '\x1b[33m',
    cyan: '\x1b[36m',
    green: '\x1b[32m'
};
const SEVERITY_STYLE = { error: 'red', warning: 'yellow', notice: 'cyan' };
/**
 * Marks in front of a violation: \u2717 when it fails the gate; otherwise its severity (!! error, ! warning,
 * \u00b7 notice), so that `fail-on: never` or a violation below `fail-on` shows how severe it is without
 * reading as a failure; ~ when waived. Two columns wide.
 */
const MARKS = { fails: '\u2717 ', error: '!!', warning: '! ', notice: '\u00b7 ', waived: '~ ' };
function renderText(input, options) {
    const paint = (style, text) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
    const { image, evaluation, failOn } = input;
    const lines = [];
    const os = osName(image);
    const facts = [
        printable(platformString(image)),
        os === undefined ? undefined : printable(os),
        `${formatSize(imageSize(image))} in ${plural$1(image.layers.length, 'layer')}`,
        `user ${printable(userDescription(image))}`
    ].filter(Boolean);
    lines.push(`${paint('bold', printable(imageName(image)))}  ${facts.join(' \u00b7 ')}`, '');
    const mismatch = input.dockerfile?.mismatch;
    if (mismatch)
        lines.push(paint('yellow', `Dockerfile: ${printable(mismatch.message)}`), '');
    for (const group of groupByRule(evaluation.violations)) {
        const active = group.violations.filter((v) => !v.waived);
        const waived = group.violations.length - active.length;
        const count = [
            active.length > 0 ? plural$1(active.length, 'violation') : '',
            waived > 0 ? `${waived} waived` : ''
        ]
            .filter(Boolean)
            .join(', ');
        const label = active.length > 0 ? paint(SEVERITY_STYLE[group.worst], group.worst) : paint('dim', 'waived');
        lines.push(`${paint('bold', printable(group.rule))}  ${label}  (${count})`);
        for (const violation of group.violations)
            lines.push(...renderViolation(violation, input, paint));
        lines.push('');
    }
    if (input.baseline)
        lines.push(...renderBaselineText(input.baseline));
    const counts = countViolations(evaluation.violations);
    const result = verdict(evaluation, failOn);
    const tally = `${plural$1(counts.errors, 'error')}, ${plural$1(counts.warnings, 'warning')}, ${plural$1(counts.notices, 'notice')}`;
    const waivedNote = counts.waived > 0 ? `, ${counts.waived} waived` : '';
    const fresh = evaluation.newOnly ? 'a new ' : '';
    const threshold = failOn === 'never' ? 'never failing' : `failing on ${fresh}${failOn} or worse`;
    const verdictWord = result === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
    if (evaluation.violations.length === 0)
        lines.push(`No violations of ${plural$1(evaluation.rulesEvaluated.length, 'rule')}.`);
    lines.push(`${paint('bold', verdictWord)}: ${tally}${waivedNote} (${threshold})`);
    return `${lines.join('\n')}\n`;
}
function renderViolation(violation, input, paint) {
    const marker = violation.waived
        ? paint('dim', MARKS.waived)
        : paint(SEVERITY_STYLE[violation.severity], failsGate(violation, input.failOn, input.evaluation.newOnly) ? MARKS.fails : MARKS[violation.severity]);
    const message = conciseMessage(violation);
    const path = violation.path !== undefined && !message.startsWith(violation.path) ? violation.path : undefined;
    const where = [
        path === undefined ? undefined : printable(path),
        violation.layer !== undefined ? `layer ${violation.layer}` : undefined
    ]
        .filter(Boolean)
        .join('  ');
    const out = [`  ${marker} ${baselineMark(violation)}${where ? `${where}: ` : ''}${printable(message)}`];
    const located = input.locate(violation);
    if (located.location && located.source === 'dockerfile') {
        const instruction = located.instruction === undefined ? '' : printable(located.instruction);
        out.push(paint('dim', `       at ${printable(located.location.file)}:${located.location.line}  ${instruction}`.trimEnd()));
    }
    if (violation.waived) {
        const expires = violation.waived.expires ? ` (until ${printable(violation.waived.expires)})` : '';
        out.push(paint('dim', `       waived: ${printable(violation.waived.reason)}${expires}`));
    }
    else {
        // Under the violation: the remedy, lines to paste, the waiver; all printable already (fix.ts).
        const fix = violationFix(violation, input);
        out.push(`       fix: ${printableLine(fix.text)}`);
        for (const line of fix.snippet)
            out.push(`         ${printableLine(line)}`);
        if (fix.waiver)
            out.push(paint('dim', `       waive: ${fix.waiver}`));
    }
    return out;
}
const textReporter = { format: 'text', render: renderText, renderAll: renderTextAll };
/**
 * A run's text: a single image as `renderText`; several platforms as a section each (headed by its
 * platform), the platforms that could not be read, and one last line with the verdict of them all.
 */
function renderTextAll(set, options) {
    const single = singleReport(set);
    if (single)
        return renderText(single, options);
    const paint = (style, text) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
    const sections = set.reports.map((input, index) => {
        const heading = `\u2500\u2500 ${printable(platformString(input.image))} (platform ${index + 1} of ${set.reports.length}) \u2500\u2500`;
        return `${paint('bold', heading)}\n\n${renderText(input, options)}`;
    });
    const lines = [];
    for (const entry of set.unreadable)
        lines.push(paint('yellow', `Not read: ${printable(entry.platform)}: ${printable(entry.reason)}`));
    const verdicts = set.reports.map((input) => {
        const result = verdict(input.evaluation, input.failOn);
        const counts = countViolations(input.evaluation.violations);
        const word = result === 'pass' ? paint('green', 'pass') : paint('red', 'fail');
        const errors = counts.errors > 0 ? ` (${plural$1(counts.errors, 'error')})` : '';
        return `${printable(platformString(input.image))} ${word}${errors}`;
    });
    const failed = set.reports.some((input) => verdict(input.evaluation, input.failOn) === 'fail');
    const word = failed ? paint('red', 'FAIL') : paint('green', 'PASS');
    lines.push(`${paint('bold', word)}: ${plural$1(set.reports.length, 'platform')}: ${verdicts.join(', ')}`);
    return `${sections.join('\n')}\n${lines.join('\n')}\n`;
}

function describeProgress(progress) {
    const layers = progress.layersDone === 1 ? '1 layer' : `${progress.layersDone} layers`;
    return `read ${formatSize(progress.bytes)} of the archive, ${layers} indexed`;
}
function progressReporter(options) {
    const now = options.now ?? Date.now;
    const started = now();
    let lastShown = -Infinity;
    let shown = false;
    return {
        update(progress) {
            const at = now();
            if (at - started < options.quietMs || at - lastShown < options.intervalMs)
                return;
            lastShown = at;
            shown = true;
            options.show(describeProgress(progress));
        },
        done() {
            if (shown)
                options.clear?.();
        }
    };
}

export { userDescription as A, violationFix as B, hiddenBytesByLayer as C, DEFAULT_LIMITS as D, buildJsonReports as E, buildSarifAll as F, renderTextAll as G, forAnnotations as H, TOOL_NAME as T, scan as a, prepareReports as b, sarifReporter as c, loadRuleHelp as d, scanWithBaseline as e, layerCreatedBy as f, compressedSize as g, imageSize as h, installRoot as i, jsonReporter as j, platformString as k, limitFlag as l, imageName as m, inspectImage as n, TOOL_VERSION as o, progressReporter as p, repoRelative as q, repositoryRoot as r, sarifLocationProblem as s, textReporter as t, sizeBars as u, percent as v, workflowFile as w, signedSize as x, singleReport as y, osName as z };
