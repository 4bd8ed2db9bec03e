import { U as UserError, p as printableLine, b as didYouMean, e as errorMessage, f as fileErrorReason, g as parseSize, c as checkRequest, a as isBundledPolicy, R as RULES, w as worstVerdict, F as FAIL_ON_VALUES, h as byCodeUnit, j as printableName, k as readOsRelease, l as findExecutables, s as shellMatcher, m as packageManagerMatcher, n as expandManagers, o as describeOs, q as printable, t as printableJson, u as formatSize, v as plural, x as truncate, y as redactCredentials, z as describeMultiCall, A as describeCapabilities, B as compileGlob, C as imageRequest } from './chunk-request.js';
import { D as DEFAULT_LIMITS, l as limitFlag, p as progressReporter, s as sarifLocationProblem, a as scan, b as prepareReports, c as sarifReporter, d as loadRuleHelp, i as installRoot, j as jsonReporter, t as textReporter, w as workflowFile, r as repositoryRoot, e as scanWithBaseline, f as layerCreatedBy, g as compressedSize, h as imageSize, k as platformString, m as imageName, n as inspectImage, T as TOOL_NAME, o as TOOL_VERSION } from './chunk-scan.js';
import { constants } from 'node:fs';
import { stat, access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import './chunk-load.js';
import 'node:os';
import 'node:net';
import 'node:url';
import 'node:buffer';
import './chunk-parallelism.js';

// Command-line arguments: node:util's parseArgs with one-line usage errors, and what both commands read
// the same way (choices, the report file).
class UsageError extends UserError {
}
function parse(args, options) {
    return parseWithPositionals(args, options, false).values;
}
function parseWithPositionals(args, options, allowPositionals) {
    try {
        return parseArgs({ args: [...args], options, strict: true, allowPositionals });
    }
    catch (error) {
        // node:util's messages carry a second sentence of advice; keep the first.
        const first = messageOf(error).split('. ')[0].replace(/\.$/, '');
        const unknown = /^Unknown option '(--?[^'=]*)'$/.exec(first);
        if (!unknown)
            throw new UsageError(first);
        const flags = Object.keys(options ?? {}).map((name) => `--${name}`);
        throw new UsageError(`${first}${didYouMean(unknown[1], flags)}; try --help`);
    }
}
function oneOf(option, value, allowed) {
    if (allowed.includes(value))
        return value;
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}
/** An --output that cannot be written fails now, not after the whole read (nothing is created). */
async function checkWritable(output, cwd) {
    const file = path.resolve(cwd, output);
    try {
        const info = await stat(file).catch((error) => {
            if (error.code === 'ENOENT')
                return undefined;
            throw error;
        });
        if (info?.isDirectory())
            throw Object.assign(new Error('directory'), { code: 'EISDIR' });
        await access(info ? file : path.dirname(file), constants.W_OK);
    }
    catch (error) {
        throw new UsageError(`cannot write the report to ${output}: ${outputErrorReason(error)}`);
    }
}
/** The report on stdout, or in the --output file. */
async function emit(text, output, io) {
    if (output === undefined) {
        io.stdout.write(text);
        return;
    }
    try {
        await writeFile(path.resolve(io.cwd, output), text);
    }
    catch (error) {
        throw new UsageError(`cannot write the report to ${output}: ${outputErrorReason(error)}`);
    }
}
function outputErrorReason(error) {
    // The file may well not exist yet: ENOENT here means its directory does not.
    return error.code === 'ENOENT'
        ? 'its directory does not exist'
        : fileErrorReason(error);
}
/** The message of any thrown value, also for errors from another realm (node:util's under Jest's VM). */
function messageOf(error) {
    const message = typeof error === 'object' && error !== null ? error.message : undefined;
    return typeof message === 'string' ? message : errorMessage(error);
}
/** Where --image REF is read from: both commands take these. */
const SOURCE_OPTIONS = {
    source: { type: 'string', default: 'auto' },
    'insecure-registry': { type: 'string', multiple: true, default: [] }
};
const SOURCES = ['auto', 'daemon', 'registry'];
/** --source and --insecure-registry as request settings; registry notes go to stderr. */
function sourceSettings(values, io) {
    const source = oneOf('source', values.source, SOURCES);
    if (values.archive !== undefined && source !== 'auto')
        throw new UsageError('--source chooses where --image REF is read from; it does not go with --archive');
    const insecure = values['insecure-registry'];
    return {
        source,
        registry: {
            log: (line) => io.stderr.write(`note: ${printableLine(line)}\n`),
            ...(insecure.length > 0 ? { insecureRegistries: insecure } : {})
        }
    };
}

// What a CLI run writes to and reads from, so tests can run it in-process; and its exit codes.
const EXIT = { pass: 0, fail: 1, error: 2 };
function processIo() {
    return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

// Command-line flags that raise the reader's limits: one per ReadLimits field (--max-entries, ...).
const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS);
/** parseArgs option specs for every limit flag. */
const LIMIT_OPTIONS = Object.fromEntries(LIMIT_NAMES.map((name) => [limitFlag(name).slice(2), { type: 'string' }]));
/** Usage lines for --help: each flag with its default. */
function limitUsage() {
    return LIMIT_NAMES.map((name) => `  ${limitFlag(name).padEnd(26)} default ${DEFAULT_LIMITS[name]}`).join('\n');
}
/** The limits the user raised (or lowered); sizes accept units (64GiB), counts are whole numbers. */
function parseLimitOptions(values) {
    const limits = {};
    for (const name of LIMIT_NAMES) {
        const flag = limitFlag(name);
        // parseArgs gives each limit flag (type 'string') as text.
        const text = values[flag.slice(2)];
        if (typeof text !== 'string')
            continue;
        const value = name.endsWith('Bytes') ? parseSize(text) : /^\d+$/.test(text) ? Number(text) : undefined;
        if (value === undefined || !Number.isSafeInteger(value) || value <= 0) {
            throw new UserError(`${flag} must be a positive ${name.endsWith('Bytes') ? 'size (e.g. 64GiB)' : 'whole number'} (got "${text}")`);
        }
        limits[name] = value;
    }
    return limits;
}

// The CLI's progress: a line on an interactive terminal, redrawn in place on stderr.
function terminalProgress(write) {
    return progressReporter({
        show: (message) => write(`\r\x1b[K${message}`),
        clear: () => write('\r\x1b[K'),
        quietMs: 1000,
        intervalMs: 200
    });
}

const CHECK_OPTIONS = {
    archive: { type: 'string' },
    image: { type: 'string' },
    ...SOURCE_OPTIONS,
    policy: { type: 'string' },
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    'fail-on': { type: 'string', default: 'error' },
    platform: { type: 'string' },
    dockerfile: { type: 'string' },
    'verify-digests': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'new-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    ...LIMIT_OPTIONS
};
/** How the flags are named in the messages of the pipeline's checks. */
const FLAG_NAMES = {
    noSource: 'give --archive FILE|DIR (or - for stdin), or --image REF to read it from Docker or its registry',
    platform: '--platform',
    dockerfile: (_given, resolved) => `the Dockerfile ${resolved}`,
    stdin: true,
    baseline: '--baseline REPORT.json|ARCHIVE|DIR|REF',
    newOnly: '--new-only'
};
async function check(args, io, usage) {
    const values = parse(args, CHECK_OPTIONS);
    if (values.help) {
        io.stdout.write(usage);
        return EXIT.pass;
    }
    const format = oneOf('format', values.format, ['text', 'json', 'sarif']);
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON_VALUES);
    const where = sourceSettings(values, io);
    if (values.output !== undefined)
        await checkWritable(values.output, io.cwd);
    const request = await checkRequest({ ...values, ...where, verifyDigests: values['verify-digests'], failOn, newOnly: values['new-only'] }, io.cwd, FLAG_NAMES);
    const sarif = format === 'sarif' ? sarifOptions(values, io) : undefined;
    // Before minutes of reading: a SARIF file needs a file of the repository to put its results on.
    const userPolicy = values.policy && !isBundledPolicy(values.policy) ? values.policy : undefined;
    const locationProblem = sarif ? sarifLocationProblem(sarif, userPolicy) : undefined;
    if (locationProblem)
        throw new UsageError(locationProblem);
    const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined;
    const scanOptions = {
        ...request,
        ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
        limits: parseLimitOptions(values)
    };
    const prepared = await (request.baseline
        ? checkWithBaseline(request, scanOptions, failOn)
        : scan(scanOptions).then((results) => prepareReports(results, failOn, request.dockerfile))).finally(() => progress?.done());
    for (const warning of prepared.warnings)
        io.stderr.write(`warning: ${printableLine(warning)}\n`);
    const toTerminal = values.output === undefined;
    // Said once: the text report on stdout carries it; other formats and files get it on stderr.
    if (prepared.dockerfileMismatch && !(format === 'text' && toTerminal))
        io.stderr.write(`warning: ${printableLine(prepared.dockerfileMismatch.message)}\n`);
    const color = toTerminal && Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined;
    const reporter = sarif
        ? sarifReporter({ ...sarif, ruleHelp: await loadRuleHelp(RULES, installRoot()) })
        : format === 'json'
            ? jsonReporter
            : textReporter;
    await emit(reporter.renderAll(prepared.set, { color }), values.output, io);
    return worstVerdict(prepared.set.reports) === 'fail' ? EXIT.fail : EXIT.pass;
}
function sarifOptions(values, io) {
    const workflow = workflowFile(io.env);
    return {
        sourceRoot: repositoryRoot(io.cwd, io.env),
        baseDir: io.cwd,
        ...(values.dockerfile ? { dockerfilePath: values.dockerfile } : {}),
        ...(workflow ? { workflowFile: workflow } : {}),
        category: values.image ?? values.archive ?? 'image'
    };
}
/** Compared with a baseline platform by platform: the reports, their comparisons and the warnings. */
async function checkWithBaseline(request, options, failOn) {
    const { results, comparisons, warnings } = await scanWithBaseline(request, options);
    const prepared = await prepareReports(results, failOn, request.dockerfile, comparisons);
    return { ...prepared, warnings: [...warnings, ...prepared.warnings] };
}

// What the reader sees in an image, for people writing a policy (`inspect`): text or JSON.
function buildInspectReport(image) {
    const release = readOsRelease(image.fs);
    const shells = findExecutables(image.fs, shellMatcher);
    const managers = findExecutables(image.fs, packageManagerMatcher(expandManagers(['os', 'language'])));
    return {
        reference: imageName(image),
        repoTags: image.repoTags,
        layout: image.layout,
        ...(image.configDigest ? { digest: image.configDigest } : {}),
        ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
        platform: platformString(image),
        ...(release ? { os: { name: describeOs(release), path: release.path, fields: release.fields } } : {}),
        user: image.config.user,
        entrypoint: image.config.entrypoint,
        cmd: image.config.cmd,
        workingDir: image.config.workingDir,
        labels: image.config.labels,
        size: imageSize(image),
        compressedSize: compressedSize(image),
        mergedSize: image.fs.totalFileBytes,
        entries: image.fs.entryCount,
        hiddenBytes: image.hiddenBytes,
        layers: image.layers.map((layer) => ({
            index: layer.index,
            size: layer.contentSize,
            compressedSize: layer.compressedSize,
            tarSize: layer.uncompressedSize,
            compression: layer.compression,
            entries: layer.entryCount,
            createdBy: layerCreatedBy(image, layer),
            ...(layer.digest ? { digest: layer.digest } : {})
        })),
        multiCallBinaries: multiCallBinaries(image),
        shells: shells.map(toExecutable),
        packageManagers: managers.map(toExecutable),
        warnings: image.warnings
    };
}
function multiCallBinaries(image) {
    const found = [];
    for (const entry of image.fs.files()) {
        const info = entry.inode.exec?.multiCall;
        if (!info)
            continue;
        const names = image.fs.namesReaching(entry.inode);
        // Name it as people know it ("/bin/busybox"), not by whichever hard link sorts first ("/bin/[").
        const known = image.fs.hardLinks(entry.inode).find((name) => name.endsWith(`/${info.kind}`));
        found.push({
            path: known ?? entry.path,
            kind: info.kind,
            version: info.version,
            applets: info.applets.length,
            names
        });
    }
    return found;
}
function toExecutable(hit) {
    return {
        path: hit.path,
        layer: hit.layer,
        names: hit.names,
        matched: [...new Set([...hit.matchedNames, ...hit.matchedApplets])].sort()
    };
}
const NAMES_SHOWN = 8;
function names(list, except) {
    const others = list.filter((name) => name !== except);
    if (others.length === 0)
        return '';
    const more = others.length > NAMES_SHOWN ? `, \u2026 ${others.length} names in all` : '';
    return ` reached as ${others.slice(0, NAMES_SHOWN).map(printable).join(', ')}${more}`;
}
function renderInspectText(report) {
    const out = [];
    // Every value here comes from the image: printable() on each, as in the text report.
    const field = (label, value) => out.push(`${label.padEnd(12)}${value}`);
    field('Reference', printable(report.reference) +
        (report.repoTags.length > 0 ? ` (tags: ${report.repoTags.map(printable).join(', ')})` : ''));
    field('Layout', report.layout);
    if (report.digest)
        field('Image ID', printable(report.digest));
    if (report.manifestDigest)
        field('Manifest', printable(report.manifestDigest));
    field('Platform', printable(report.platform));
    field('OS', report.os ? `${printable(report.os.name)} (${printable(report.os.path)})` : 'no os-release');
    field('User', report.user === '' ? 'root (no USER set)' : printable(report.user));
    if (report.entrypoint.length > 0)
        field('Entrypoint', printableJson(report.entrypoint));
    if (report.cmd.length > 0)
        field('Cmd', printableJson(report.cmd));
    if (report.workingDir)
        field('Workdir', printable(report.workingDir));
    field('Size', `${formatSize(report.size)} in ${plural(report.layers.length, 'layer')}, ${formatSize(report.compressedSize)} in the archive`);
    field('Merged', `${formatSize(report.mergedSize)} in ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'} of the final filesystem`);
    field('Hidden', `${formatSize(report.hiddenBytes)} written by a layer and deleted or overwritten by a later one`);
    out.push('', 'Layers');
    for (const layer of report.layers) {
        out.push(`  ${String(layer.index).padStart(3)}  ${formatSize(layer.size).padStart(8)}  ${formatSize(layer.compressedSize).padStart(8)} ${layer.compression.padEnd(4)}  ${layer.createdBy ? printable(truncate(redactCredentials(layer.createdBy), 100)) : '(no history)'}`);
    }
    out.push('', `Multi-call binaries${report.multiCallBinaries.length === 0 ? ': none' : ''}`);
    for (const binary of report.multiCallBinaries) {
        const kind = describeMultiCall({
            kind: binary.kind === 'toybox' ? 'toybox' : 'busybox',
            version: binary.version});
        out.push(`  ${printable(binary.path)}: ${printableLine(kind)}, ${plural(binary.applets, 'applet')}${names(binary.names, binary.path)}`);
    }
    for (const [title, list] of [
        ['Shells', report.shells],
        ['Package managers', report.packageManagers]
    ]) {
        out.push('', `${title}${list.length === 0 ? ': none' : ''}`);
        for (const hit of list)
            out.push(`  ${printable(hit.path)} (${hit.matched.map(printable).join(', ')}, layer ${hit.layer})${names(hit.names, hit.path)}`);
    }
    if (report.warnings.length > 0)
        out.push('', 'Warnings', ...report.warnings.map((w) => `  ${printableLine(w)}`));
    return `${out.join('\n')}\n`;
}
function renderInspectJson(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}
/**
 * The final filesystem path by path (parents before children, siblings in code-unit order), then the
 * hidden copies (by path); with globs, only the paths one of them matches.
 */
function* listFiles(image, globs = []) {
    const wanted = (path) => globs.length === 0 || globs.some((glob) => glob.matches(path));
    for (const entry of image.fs.entries()) {
        if (!wanted(entry.path))
            continue;
        const { inode } = entry;
        yield {
            path: entry.path,
            type: inode.type,
            mode: octalMode(inode.mode),
            uid: inode.uid,
            gid: inode.gid,
            size: inode.size,
            ...(inode.linkTarget !== undefined ? { linkTarget: inode.linkTarget } : {}),
            ...(image.fs.linkCount(inode) > 1 ? { linkGroup: inode.id } : {}),
            layer: entry.layerIndex,
            ...capabilitiesOf(inode)
        };
    }
    const hidden = image.hidden
        .filter((copy) => wanted(copy.path))
        .sort((a, b) => byCodeUnit(a.path, b.path) || a.layerIndex - b.layerIndex);
    for (const copy of hidden) {
        yield {
            path: copy.path,
            type: copy.inode.type,
            mode: octalMode(copy.inode.mode),
            uid: copy.inode.uid,
            gid: copy.inode.gid,
            size: copy.inode.size,
            layer: copy.layerIndex,
            hidden: { by: copy.hiddenBy, reason: copy.reason },
            ...capabilitiesOf(copy.inode)
        };
    }
}
function capabilitiesOf(inode) {
    return inode.capability === undefined ? {} : { capabilities: describeCapabilities(inode.capability) };
}
function octalMode(mode) {
    return mode.toString(8).padStart(4, '0');
}
/** One JSON object per line. */
function renderFilesJson(listing) {
    const lines = [];
    for (const file of listing)
        lines.push(JSON.stringify(file));
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
const TYPE_LETTERS = {
    file: '-',
    dir: 'd',
    symlink: 'l',
    char: 'c',
    block: 'b',
    fifo: 'p'
};
/** `ls -l` style: type and permissions, owner, size, layer, path (-> target), hidden copies marked. */
function renderFilesText(listing) {
    const lines = ['mode        uid:gid          size  layer  path'];
    for (const file of listing) {
        const owner = `${file.uid}:${file.gid}`;
        const link = file.linkTarget !== undefined ? ` -> ${printableName(file.linkTarget, 4096)}` : '';
        const group = file.linkGroup !== undefined ? `  [hard link group ${file.linkGroup}]` : '';
        const hidden = file.hidden
            ? `  [hidden: ${file.hidden.reason} by layer ${file.hidden.by}, still shipped in layer ${file.layer}]`
            : '';
        const capabilities = file.capabilities === undefined ? '' : `  [capabilities ${file.capabilities}]`;
        lines.push(`${permissions(file.type, Number.parseInt(file.mode, 8))}  ${owner.padEnd(11)} ${String(file.size).padStart(12)}  ${String(file.layer).padStart(5)}  ${printableName(file.path, 4096)}${link}${group}${hidden}${capabilities}`);
    }
    return `${lines.join('\n')}\n`;
}
function permissions(type, mode) {
    const bit = (mask, letter) => (mode & mask ? letter : '-');
    const special = (execMask, specialMask, set) => mode & specialMask ? (mode & execMask ? set : set.toUpperCase()) : bit(execMask, 'x');
    return (TYPE_LETTERS[type] +
        bit(0o400, 'r') +
        bit(0o200, 'w') +
        special(0o100, 0o4000, 's') +
        bit(0o40, 'r') +
        bit(0o20, 'w') +
        special(0o10, 0o2000, 's') +
        bit(0o4, 'r') +
        bit(0o2, 'w') +
        special(0o1, 0o1000, 't'));
}

const INSPECT_OPTIONS = {
    archive: { type: 'string' },
    image: { type: 'string' },
    ...SOURCE_OPTIONS,
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    platform: { type: 'string' },
    files: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    ...LIMIT_OPTIONS
};
async function inspect(args, io, usage) {
    const { values, positionals } = parseWithPositionals(args, INSPECT_OPTIONS, true);
    if (values.help) {
        io.stdout.write(usage);
        return EXIT.pass;
    }
    const format = oneOf('format', values.format, ['text', 'json']);
    const where = sourceSettings(values, io);
    if (values.output !== undefined)
        await checkWritable(values.output, io.cwd);
    if (positionals.length > 0 && !values.files)
        throw new UsageError(`Unexpected argument '${positionals[0]}': globs go after --files`);
    const globs = positionals.map((pattern) => {
        const glob = compileGlob(pattern);
        if (typeof glob === 'string')
            throw new UsageError(`--files: ${glob}`);
        return glob;
    });
    const request = await imageRequest({ ...values, ...where }, io.cwd, FLAG_NAMES);
    const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined;
    const image = await inspectImage({
        ...request,
        ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
        limits: parseLimitOptions(values)
    }).finally(() => progress?.done());
    if (values.files) {
        const listing = listFiles(image, globs);
        await emit(format === 'json' ? renderFilesJson(listing) : renderFilesText(listing), values.output, io);
        return EXIT.pass;
    }
    const report = buildInspectReport(image);
    await emit(format === 'json' ? renderInspectJson(report) : renderInspectText(report), values.output, io);
    return EXIT.pass;
}

// The command line: `check` and `inspect`. Exit 0 = pass, 1 = a violation at or above --fail-on,
// 2 = usage, input or policy error (one line on stderr; the stack only with DEBUG=1). The process entry
// point is index.ts (dist/cli.js), which loads this module once it knows it will do the work.
const USAGE = `Usage:
  ${TOOL_NAME} check --archive FILE|DIR|- [--image REF] [--policy FILE] [--format text|json|sarif]
                     [--output FILE] [--fail-on error|warning|notice|never]
                     [--platform all|OS/ARCH[,OS/ARCH...]] [--dockerfile FILE] [--verify-digests]
                     [--baseline PATH|REF [--new-only]]
  ${TOOL_NAME} check --image REF [--source auto|daemon|registry] [--insecure-registry HOST]... [options]
  ${TOOL_NAME} inspect --archive FILE|DIR|- | --image REF [--source ...] [--image REF] [--platform OS/ARCH]
                     [--format text|json] [--output FILE]
                     [--files [GLOB...]]   list the final filesystem (and hidden copies), or the paths GLOBs match
  ${TOOL_NAME} --help | --version

  A multi-platform image (an index) is gated on every platform unless --platform names some.
  --archive DIR reads an OCI image layout directory (skopeo copy \u2026 oci:DIR, buildx type=oci,tar=false).
  --image REF alone reads the image from the local Docker engine when it has it (docker save), else
  from its registry (--source auto); --source daemon or registry chooses. Registry credentials come from
  the docker config (docker login); plain HTTP only for loopback hosts and --insecure-registry HOST.
  --baseline compares with an earlier JSON report (--format json), an archive, a layout or an image
  reference: violations are marked new or existing, growth limits are checked, an image shows the diff;
  --new-only fails on new violations only.

Limits against hostile archives (check and inspect; sizes take units such as 64GiB):
${limitUsage()}

Exit status: 0 nothing at or above --fail-on (default error), 1 something is, 2 usage, input or policy error.
`;
/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
async function runCli(argv, io = processIo()) {
    try {
        const [command, ...rest] = argv;
        if (command === undefined)
            throw new UsageError(`missing command: try \`${TOOL_NAME} --help\``);
        if (command === '--help' || command === '-h' || command === 'help') {
            io.stdout.write(USAGE);
            return EXIT.pass;
        }
        if (command === '--version' || command === '-v') {
            io.stdout.write(`${TOOL_VERSION}\n`);
            return EXIT.pass;
        }
        if (command === 'check')
            return await check(rest, io, USAGE);
        if (command === 'inspect')
            return await inspect(rest, io, USAGE);
        throw new UsageError(`unknown command "${command}": expected check or inspect`);
    }
    catch (error) {
        return reportError(error, io);
    }
}
function reportError(error, io) {
    // Messages quote archive members, manifest fields and references: one printable line.
    const message = printableLine(messageOf(error).split('\n')[0]);
    if (error instanceof UserError) {
        io.stderr.write(`${TOOL_NAME}: ${message}\n`);
    }
    else {
        io.stderr.write(`${TOOL_NAME}: unexpected error: ${message}${io.env.DEBUG ? '' : ' (set DEBUG=1 for details)'}\n`);
    }
    const stack = typeof error === 'object' && error !== null ? error.stack : undefined;
    if (io.env.DEBUG && typeof stack === 'string')
        io.stderr.write(`${stack.split('\n').map(printableLine).join('\n')}\n`);
    return EXIT.error;
}

export { runCli };
