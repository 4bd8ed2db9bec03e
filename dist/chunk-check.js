import { s as setOutput, a as setFailed, i as info, g as group, w as warning, b as summary, e as error, n as notice } from './chunk-main.js';
import { randomBytes } from 'node:crypto';
import { S as SEVERITIES, D as compareViolations, E as severityRank, h as byCodeUnit, q as printable, x as truncate, u as formatSize, G as verdict, v as plural, H as countViolations, I as sortViolations, J as failsGate, j as printableName, y as redactCredentials, K as conciseMessage, L as capPrintable, R as RULES, w as worstVerdict, p as printableLine, e as errorMessage } from './chunk-request.js';
import { q as repoRelative, u as sizeBars, v as percent, x as signedSize, y as singleReport, m as imageName, T as TOOL_NAME, k as platformString, z as osName, A as userDescription, h as imageSize, g as compressedSize, B as violationFix, C as hiddenBytesByLayer, f as layerCreatedBy, E as buildJsonReports, w as workflowFile, F as buildSarifAll, d as loadRuleHelp, i as installRoot, G as renderTextAll, H as forAnnotations, p as progressReporter, e as scanWithBaseline, b as prepareReports, a as scan } from './chunk-scan.js';
import { mkdir, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import './chunk-load.js';
import 'os';
import 'crypto';
import 'fs';
import 'path';
import 'string_decoder';
import 'events';
import 'child_process';
import 'assert';
import 'timers';
import 'node:fs';
import 'node:net';
import 'node:url';
import 'node:buffer';
import './chunk-parallelism.js';

// Chooses the annotations a step emits. GitHub shows at most 10 errors, 10 warnings and 10 notices
// per step, so violations at the same place for the same rule become one annotation, the worst come
// first, and one last annotation says how many more there are. Pure: the action emits them with
// @actions/core, which escapes `% \r \n : ,` in properties and `% \r \n` in messages.
const ANNOTATIONS_PER_LEVEL = 10;
const PATHS_LISTED = 10;
const MESSAGE_MAX = 1000;
/**
 * @param moreIn where the omitted violations can be read ("the job summary")
 */
function selectAnnotations(violations, locate, sourceRoot, moreIn, fixOf) {
    const found = violations
        .filter((v) => !v.waived)
        .map((violation) => ({ violation, locate, ...(fixOf ? { fixOf } : {}) }));
    return chooseAnnotations(groupByPlace(found, sourceRoot), moreIn);
}
/**
 * Annotations for a run that gated several platforms: a violation found identically on several (same
 * rule, severity, message, path and place) is one, whose title lists them; then as for one image,
 * within the same per-level caps.
 */
function selectPlatformAnnotations(platforms, sourceRoot, moreIn) {
    if (platforms.length === 1) {
        const [only] = platforms;
        return selectAnnotations(only.violations, only.locate, sourceRoot, moreIn, only.fixOf);
    }
    const found = new Map();
    for (const { platform, violations, locate, fixOf } of platforms) {
        for (const violation of violations) {
            if (violation.waived)
                continue;
            const { file, line } = placeOf(violation, locate, sourceRoot);
            const key = JSON.stringify([
                violation.rule,
                violation.severity,
                violation.message,
                violation.path,
                file,
                line
            ]);
            const same = found.get(key);
            if (same)
                same.platforms?.push(platform);
            else
                found.set(key, { violation, locate, platforms: [platform], ...(fixOf ? { fixOf } : {}) });
        }
    }
    return chooseAnnotations(groupByPlace([...found.values()], sourceRoot), moreIn);
}
function chooseAnnotations(groups, moreIn) {
    const shown = [];
    const used = { error: 0, warning: 0, notice: 0 };
    let omitted = 0;
    for (const group of groups) {
        if (used[group.severity] < ANNOTATIONS_PER_LEVEL) {
            used[group.severity]++;
            shown.push(group);
        }
        else
            omitted += group.violations.length;
    }
    let moreLevel;
    if (omitted > 0) {
        moreLevel = [...SEVERITIES].reverse().find((level) => used[level] < ANNOTATIONS_PER_LEVEL);
        if (!moreLevel) {
            // Every level is full: give up the last notice to make room for the pointer to the rest.
            const lastNotice = shown.map((g) => g.severity).lastIndexOf('notice');
            omitted += shown[lastNotice].violations.length;
            shown.splice(lastNotice, 1);
            moreLevel = 'notice';
        }
    }
    const annotations = shown.map((group) => toAnnotation(group));
    if (moreLevel) {
        annotations.push({
            level: moreLevel,
            title: `${omitted} more ${omitted === 1 ? 'violation' : 'violations'} not annotated`,
            message: `GitHub shows at most ${ANNOTATIONS_PER_LEVEL} errors, ${ANNOTATIONS_PER_LEVEL} warnings and ${ANNOTATIONS_PER_LEVEL} notices per step: ${omitted} more ${omitted === 1 ? 'violation is' : 'violations are'} listed in ${moreIn}.`
        });
    }
    return { annotations, omitted };
}
function placeOf(violation, locate, sourceRoot) {
    const located = locate(violation);
    const file = located.location ? repoRelative(located.location.file, sourceRoot) : undefined;
    if (!file)
        return { instruction: located.instruction };
    return {
        file,
        line: located.location?.line,
        column: located.location?.column,
        instruction: located.instruction
    };
}
function groupByPlace(found, sourceRoot) {
    const groups = new Map();
    for (const { violation, locate, platforms, fixOf } of found) {
        const { file, line, column, instruction } = placeOf(violation, locate, sourceRoot);
        const key = JSON.stringify([violation.rule, violation.severity, file, line, platforms]);
        let group = groups.get(key);
        if (!group) {
            group = {
                rule: violation.rule,
                severity: violation.severity,
                violations: [],
                ...(platforms ? { platforms } : {}),
                ...(fixOf ? { fixOf } : {}),
                file,
                line,
                column,
                instruction
            };
            groups.set(key, group);
        }
        group.violations.push(violation);
    }
    for (const group of groups.values())
        group.violations.sort(compareViolations);
    return [...groups.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) ||
        b.violations.length - a.violations.length ||
        byCodeUnit(a.rule, b.rule) ||
        byCodeUnit(a.file ?? '', b.file ?? '') ||
        (a.line ?? 0) - (b.line ?? 0));
}
function toAnnotation(group) {
    const { fixOf } = group;
    const [first] = group.violations;
    const count = group.violations.length;
    // Messages and paths quote the image: printable, as in the log (the runner shows annotations there too).
    const firstMessage = printable(first.message);
    let message;
    if (count === 1) {
        // Rules usually name the path in their message already; add it only when they do not.
        message =
            first.path && !first.message.includes(first.path)
                ? `${firstMessage} (${printable(first.path)}${layerNote(first)})`
                : `${firstMessage}${layerNote(first, true)}`;
    }
    else {
        const paths = group.violations.flatMap((v) => (v.path ? [printable(v.path)] : []));
        const listed = paths.slice(0, PATHS_LISTED).join(', ');
        const more = paths.length > PATHS_LISTED ? ` and ${paths.length - PATHS_LISTED} more` : '';
        message = `${count} violations. ${firstMessage}${paths.length > 0 ? `. Paths: ${listed}${more}` : ''}`;
    }
    if (group.instruction)
        message += `\nIntroduced by: ${printable(group.instruction)}`;
    if (fixOf) {
        // Compact: the remedy and its lines; the waiver to paste is in the summary, the text and JSON reports.
        const fix = fixOf(first);
        const what = count > 1 && first.path ? ` (${printable(first.path)}; the others alike)` : '';
        message += `\nFix${what}: ${fix.text}${fix.snippet.map((line) => `\n    ${line}`).join('')}`;
    }
    const on = group.platforms ? ` on ${group.platforms.map((platform) => printable(platform)).join(', ')}` : '';
    return {
        level: group.severity,
        title: `${count === 1 ? group.rule : `${group.rule} (${count})`}${on}`,
        message: truncateMultiline(message, MESSAGE_MAX),
        ...(group.file ? { file: group.file, startLine: group.line, startColumn: group.column } : {})
    };
}
function layerNote(violation, standalone = false) {
    if (violation.layer === undefined)
        return '';
    return standalone ? ` (layer ${violation.layer})` : `, layer ${violation.layer}`;
}
function truncateMultiline(text, max) {
    return text
        .split('\n')
        .map((line) => truncate(line, max))
        .join('\n');
}

const FIXED_ROWS = 20;
const LIST_ROWS = 10;
function baselineSection(comparison, md, code) {
    if (comparison.absent !== undefined)
        return `### Compared with the baseline\n\n${md(comparison.absent)}\n`;
    const row = (name, change, bytes) => {
        const show = bytes ? formatSize : String;
        const [then, now] = sizeBars(change, 16);
        const share = percent(change);
        const delta = bytes ? signedSize(change.delta) : `${change.delta > 0 ? '+' : ''}${change.delta}`;
        return `| ${name} | ${show(change.before)} | ${show(change.after)} | ${delta}${share ? ` (${share})` : ''} | <code>${then.trimEnd()}</code><br><code>${now.trimEnd()}</code> |`;
    };
    const parts = [
        `### Compared with the baseline`,
        '',
        `${code(comparison.given)}: ${comparison.kind === 'report' ? 'a report' : 'an image'} of **${md(comparison.reference)}** (${md(comparison.platform)}). **${comparison.new} new**, ${comparison.existing} existing, ${comparison.fixed.length} fixed${comparison.newOnly ? '; only new violations count toward the gate (new-only)' : ''}.`,
        '',
        '| | Baseline | Now | Change | Then / now |',
        '|---|---|---|---|---|',
        row('Size', comparison.size, true),
        row('Compressed', comparison.compressedSize, true),
        row('Layers', comparison.layers, false),
        ''
    ];
    if (comparison.fixed.length > 0) {
        parts.push(`#### Fixed (${comparison.fixed.length})`, '', '| Rule | Path | Message |', '|---|---|---|', ...comparison.fixed
            .slice(0, FIXED_ROWS)
            .map((v) => `| ${md(v.rule)} | ${v.path ? code(truncate(v.path, 200)) : ''} | ${md(truncate(v.message, 200))} |`), comparison.fixed.length > FIXED_ROWS
            ? `\n${comparison.fixed.length - FIXED_ROWS} more in the JSON report.\n`
            : '');
    }
    if (comparison.diff)
        parts.push(diffSection(comparison.diff, code));
    return parts.join('\n');
}
function diffSection(diff, code) {
    const parts = [
        diff.baseChanged
            ? '**Base image changed**: no leading layer is the same as the baseline\u2019s.'
            : `Base image unchanged: the first ${diff.sharedLayers} ${diff.sharedLayers === 1 ? 'layer is' : 'layers are'} the baseline\u2019s (same diff IDs).`,
        ''
    ];
    const changed = diff.layers.filter((layer) => layer.match !== 'same');
    if (changed.length > 0) {
        parts.push('| Layer | Change | Baseline | Now | Created by |', '|---|---|---|---|---|', ...changed
            .slice(0, 50)
            .map((l) => `| ${l.index ?? `(was ${l.baselineIndex ?? ''})`} | ${l.match === 'instruction' ? 'rebuilt' : l.match} | ${l.before !== undefined ? formatSize(l.before) : ''} | ${l.after !== undefined ? formatSize(l.after) : ''} | ${code(truncate(l.createdBy || '(no history)', 100))} |`), '');
    }
    const files = (title, list, size) => {
        if (list.total === 0)
            return;
        parts.push(`| ${title} (${list.total}) | Size |`, '|---|---|', ...list.items.slice(0, LIST_ROWS).map((f) => `| ${code(truncate(f.path, 200))} | ${size(f)} |`), '');
    };
    files('Largest files added', diff.files.added, (f) => formatSize(f.after ?? 0));
    files('Files grown most', diff.files.grown, (f) => `${formatSize(f.before ?? 0)} \u2192 ${formatSize(f.after ?? 0)} (${signedSize((f.after ?? 0) - (f.before ?? 0))})`);
    files('Largest files removed', diff.files.removed, (f) => formatSize(f.before ?? 0));
    const paths = (title, list) => {
        if (list.total === 0)
            return;
        const shown = list.items.slice(0, LIST_ROWS).map((p) => code(truncate(p, 200)));
        const more = list.total > LIST_ROWS ? `, and ${list.total - LIST_ROWS} more` : '';
        parts.push(`- **${title}** (${list.total}): ${shown.join(', ')}${more}`);
    };
    paths('New shells', diff.newShells);
    paths('New package managers', diff.newPackageManagers);
    paths('New setuid/setgid files', diff.newSetuid);
    paths('New executables', diff.newExecutables);
    parts.push('');
    return parts.join('\n');
}

// The job summary (Markdown): verdict, image facts, violations, layers, waste, waivers.
// GitHub refuses step summaries over 1 MiB, so the violations table stops at a byte budget with a note.
// Every value from the image, the policy or the Dockerfile goes through md() or code(): shown printable,
// with every Markdown punctuation character escaped, so that no heading, row, link, image or HTML can be
// forged by a file name, a label or a `created_by`.
/** GitHub's limit for one step's summary. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const LAYER_ROWS = 50;
const HIDDEN_FILE_ROWS = 10;
const WAIVER_ROWS = 50;
function renderSummary(input, options = {}) {
    const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES - 24 * 1024;
    const { image } = input;
    const head = [
        verdictSection(input, options.section ?? false),
        ...(input.baseline ? [baselineSection(input.baseline, md, code)] : []),
        factsSection(image)
    ].join('\n');
    const tail = [
        suggestedWaiversSection(input),
        layersSection(input),
        wasteSection(image),
        waiversSection(input)
    ]
        .filter(Boolean)
        .join('\n');
    const reserved = bytes(head) + bytes(tail) + 1024;
    const violations = violationsSection(input, maxBytes - reserved);
    return [head, violations, tail].filter(Boolean).join('\n');
}
function verdictSection(input, section) {
    const { image, evaluation, failOn } = input;
    const result = verdict(evaluation, failOn);
    const c = countViolations(evaluation.violations);
    const icon = result === 'pass' ? '\u2705' : '\u274c';
    const threshold = failOn === 'never' ? 'never fails' : `fails on ${failOn} or worse`;
    const waived = c.waived > 0 ? `, ${c.waived} waived` : '';
    return [
        ...(section ? [] : [`## ${icon} ${TOOL_NAME}: ${result === 'pass' ? 'passed' : 'failed'}`, '']),
        `**${md(imageName(image))}**: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.notices, 'notice')}${waived} against ${plural(evaluation.rulesEvaluated.length, 'rule')} (the gate ${threshold}).`,
        ''
    ].join('\n');
}
function factsSection(image) {
    const rows = [
        ['Image ID', image.configDigest ? code(image.configDigest) : 'unknown'],
        ...(image.manifestDigest ? [['Manifest digest', code(image.manifestDigest)]] : []),
        ['Platform', md(platformString(image))],
        ['OS', md(osName(image) ?? 'no os-release (scratch or distroless)')],
        ['User', md(userDescription(image))],
        [
            'Size',
            `${formatSize(imageSize(image))} (${formatSize(compressedSize(image))} as stored in the archive)`
        ],
        ['Layers', String(image.layers.length)]
    ];
    // The reference heads the table: GitHub's tables need a header row, and an empty one shows as a blank bar.
    return [
        '### Image',
        '',
        `| Reference | ${md(imageName(image))} |`,
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        ''
    ].join('\n');
}
function violationsSection(input, budget) {
    const violations = sortViolations(input.evaluation.violations);
    if (violations.length === 0)
        return '### Violations\n\nNone.\n';
    const header = [
        `### Violations (${violations.length})`,
        '',
        '| Rule | Severity | Path | Layer | Dockerfile | Message | Fix |',
        '|---|---|---|---|---|---|---|'
    ].join('\n');
    const rows = [];
    let used = bytes(header) + 512;
    for (const violation of violations) {
        const row = violationRow(violation, input);
        if (used + bytes(row) + 1 > budget)
            break;
        rows.push(row);
        used += bytes(row) + 1;
    }
    const missing = violations.length - rows.length;
    const note = missing > 0
        ? `\n> [!NOTE]\n> ${missing} more ${missing === 1 ? 'violation is' : 'violations are'} not shown: GitHub limits a job summary to 1 MiB. The JSON report (\`report\` output) and the SARIF file list them all.\n`
        : '';
    return `${header}\n${rows.join('\n')}\n${note}`;
}
function violationRow(violation, input) {
    const located = input.locate(violation);
    const link = located.source === 'dockerfile' && located.location ? input.sourceLink?.(located.location) : undefined;
    const place = located.location ? `${md(located.location.file)}:${located.location.line}` : '';
    const dockerfile = located.source === 'dockerfile' && located.location
        ? `${link ? `[${place}](${link})` : place}${located.instruction ? ` ${code(truncate(located.instruction, 60))}` : ''}`
        : '';
    const state = violation.baseline ? ` (${violation.baseline})` : '';
    const severity = violation.waived ? `~~${violation.severity}~~ waived` : `${violation.severity}${state}`;
    const layer = violation.layer !== undefined ? String(violation.layer) : '';
    const message = conciseMessage(violation, { dropLeadingPath: true });
    return `| ${md(violation.rule)} | ${severity} | ${violation.path ? code(violation.path) : ''} | ${layer} | ${dockerfile} | ${mdCapped(message, 300)} | ${fixCell(violation, input)} |`;
}
/** The fix in a table cell: its text (printable already, escaped here), then each line to paste as code. */
function fixCell(violation, input) {
    if (violation.waived)
        return '';
    const fix = violationFix(violation, input);
    return [
        escapePunctuation(capPrintable(fix.text, 400)),
        ...fix.snippet.map((line) => `<code>${escapePunctuation(capPrintable(line, 200))}</code>`)
    ].join('<br>');
}
/**
 * Every suggested waiver in one block to copy, under the violations: a fenced block shows its text as it
 * is, and the lines are printable YAML with no line break, so none can end the block.
 */
function suggestedWaiversSection(input) {
    const lines = sortViolations(input.evaluation.violations).flatMap((violation) => {
        const waiver = violation.waived ? undefined : violationFix(violation, input).waiver;
        return waiver ? [waiver] : [];
    });
    if (lines.length === 0)
        return '';
    const shown = [...new Set(lines)].slice(0, WAIVER_ROWS);
    const longest = Math.max(2, ...shown.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
    const fence = '`'.repeat(longest + 1);
    return [
        '<details><summary>Waivers to paste under <code>waivers:</code> in the policy (each expires in 30 days)</summary>',
        '',
        `${fence}yaml`,
        ...shown,
        fence,
        '',
        '</details>',
        ''
    ].join('\n');
}
function layersSection(input) {
    const { image } = input;
    if (image.layers.length === 0)
        return '';
    // With a matching Dockerfile, the instruction as written ("COPY app.txt /srv/"), not as recorded
    // ("COPY file:9a4b\u2026 in /srv/"); base layers keep their history (their FROM line says little).
    const map = input.dockerfile?.mismatch ? undefined : input.dockerfile;
    const createdBy = (layer) => {
        const ref = map?.locateLayer(layer.index);
        return ref && !ref.fromBaseImage ? redactCredentials(ref.instruction) : layerCreatedBy(image, layer);
    };
    const sorted = [...image.layers].sort((a, b) => b.contentSize - a.contentSize);
    const rows = sorted
        .slice(0, LAYER_ROWS)
        .map((l) => `| ${l.index} | ${formatSize(l.contentSize)} | ${formatSize(l.compressedSize)} ${l.compression === 'none' ? '(uncompressed tar)' : l.compression} | ${code(truncate(createdBy(l) || '(no history)', 120))} |`);
    const more = sorted.length > LAYER_ROWS ? `\n${sorted.length - LAYER_ROWS} smaller layers not shown.\n` : '';
    return [
        '### Layers by size',
        '',
        // The archive may store a layer as a plain tar (graphdriver) or as pulled (gzip, zstd): say which.
        '| Layer | Size | In the archive | Created by |',
        '|---|---|---|---|',
        ...rows,
        more
    ].join('\n');
}
function wasteSection(image) {
    if (image.hiddenBytes === 0)
        return '### Wasted bytes\n\nNo bytes are hidden by later layers.\n';
    const byLayer = [...hiddenBytesByLayer(image)].sort((a, b) => b[1] - a[1]);
    const files = [...image.hidden].sort((a, b) => b.size - a.size).slice(0, HIDDEN_FILE_ROWS);
    return [
        `### Wasted bytes: ${formatSize(image.hiddenBytes)}`,
        '',
        `${formatSize(image.hiddenBytes)} written by ${plural(byLayer.length, 'layer')} are deleted or overwritten by later layers, yet still shipped.`,
        '',
        '| Layer | Hidden bytes |',
        '|---|---|',
        ...byLayer.slice(0, LAYER_ROWS).map(([layer, size]) => `| ${layer} | ${formatSize(size)} |`),
        '',
        '| Largest hidden files | Layer | Size | Why |',
        '|---|---|---|---|',
        ...files.map((f) => `| ${code(f.path)} | ${f.layerIndex} | ${formatSize(f.size)} | ${f.reason} |`),
        ''
    ].join('\n');
}
function waiversSection(input) {
    const waived = input.evaluation.violations.filter((v) => v.waived);
    const expiring = input.evaluation.expiringWaivers;
    if (waived.length === 0 && expiring.length === 0)
        return '';
    const parts = ['### Waivers', ''];
    if (waived.length > 0) {
        parts.push(`${plural(waived.length, 'violation')} waived:`, '', '| Rule | Path | Reason | Expires |', '|---|---|---|---|', ...waived
            .slice(0, WAIVER_ROWS)
            .map((v) => `| ${md(v.rule)} | ${v.path ? code(v.path) : ''} | ${md(truncate(v.waived?.reason ?? '', 200))} | ${md(v.waived?.expires ?? 'never')} |`), waived.length > WAIVER_ROWS ? `\n${waived.length - WAIVER_ROWS} more waived violations not shown.` : '', '');
    }
    if (expiring.length > 0) {
        parts.push('> [!WARNING]', `> ${plural(expiring.length, 'waiver')} expire${expiring.length === 1 ? 's' : ''} within 30 days:`, ...expiring.map((w) => `> - ${md(w.rule)}${w.path ? ` ${code(w.path)}` : ''}: ${md(w.expires)} (${md(truncate(w.reason, 200))})`), '');
    }
    return parts.join('\n');
}
/**
 * Untrusted text as literal Markdown inside a table cell or a line: printable (no line break, `\r`
 * included, no control character), then every ASCII punctuation character backslash-escaped, which
 * CommonMark renders as the character itself. That covers links and images (`[`, `]`, `(`, `)`, `!`),
 * headings (`#`), emphasis, code spans, HTML and entities (`<`, `&`), table cells (`|`) and autolinks
 * (`.`, `:`).
 */
function md(text) {
    return escapePunctuation(printable(text));
}
const escapePunctuation = (printed) => printed.replace(/[!-/:-@[-`{-~]/g, '\\$&');
/**
 * Like md(), capped at `max` characters without cutting an escape in half. Unlike md(truncate(\u2026)),
 * a line break inside a name the message quotes stays visible as `\n` instead of becoming a space.
 */
function mdCapped(text, max) {
    return escapePunctuation(printableName(text, max));
}
/** Inline code that survives backticks and pipes in paths. */
function code(text) {
    return `<code>${md(text)}</code>`;
}
function bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
/**
 * A run's summary: a single image as `renderSummary`; several platforms as the verdict of each, a
 * rule \u00d7 platform matrix, the platforms that could not be read, then each platform's own summary
 * (open when it failed), all within the byte budget.
 */
function renderSummaryAll(set, options = {}) {
    const single = singleReport(set);
    if (single)
        return renderSummary(single, options);
    const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES - 24 * 1024;
    const results = set.reports.map((input) => verdict(input.evaluation, input.failOn));
    const failed = results.filter((result) => result === 'fail').length;
    const failOn = set.reports[0]?.failOn ?? 'error';
    const threshold = failOn === 'never' ? 'never fails' : `fails on ${failOn} or worse`;
    const name = set.reports[0] ? md(imageName(set.reports[0].image)) : '';
    const head = [
        `## ${failed > 0 ? '\u274c' : '\u2705'} ${TOOL_NAME}: ${failed > 0 ? `failed on ${failed} of ${set.reports.length} platforms` : `passed on ${plural(set.reports.length, 'platform')}`}`,
        '',
        `**${name}**, ${plural(set.reports.length, 'platform')} gated (the gate ${threshold}).`,
        '',
        matrixSection(set, results),
        unreadableSection(set)
    ].join('\n');
    const share = Math.floor((maxBytes - bytes(head) - 1024) / set.reports.length);
    const sections = set.reports.map((input, index) => {
        const platform = md(platformString(input.image));
        const word = results[index] === 'pass' ? '\u2705 passed' : '\u274c failed';
        const body = renderSummary(input, { maxBytes: share, section: true });
        return `<details${results[index] === 'fail' ? ' open' : ''}><summary><b>${platform}</b>: ${word}</summary>\n\n${body}\n</details>\n`;
    });
    return [head, ...sections].join('\n');
}
/** One row per rule the policy ran, one column per platform: what each rule found on each. */
function matrixSection(set, results) {
    const rules = [];
    for (const input of set.reports) {
        for (const rule of [
            ...input.evaluation.rulesEvaluated,
            ...input.evaluation.violations.map((v) => v.rule)
        ])
            if (!rules.includes(rule))
                rules.push(rule);
    }
    const cell = (input, rule) => {
        const found = input.evaluation.violations.filter((violation) => violation.rule === rule);
        if (found.length === 0)
            return '\u2705';
        const counts = countViolations(found);
        const parts = [
            counts.errors > 0 ? plural(counts.errors, 'error') : '',
            counts.warnings > 0 ? plural(counts.warnings, 'warning') : '',
            counts.notices > 0 ? plural(counts.notices, 'notice') : '',
            counts.waived > 0 ? `${counts.waived} waived` : ''
        ].filter(Boolean);
        const fails = found.some((violation) => failsGate(violation, input.failOn));
        return `${fails ? '\u274c' : counts.violations > 0 ? '\u26a0\ufe0f' : '\u3030\ufe0f'} ${parts.join(', ')}`;
    };
    return [
        `| Rule | ${set.reports.map((input) => md(platformString(input.image))).join(' | ')} |`,
        `|---|${set.reports.map(() => '---|').join('')}`,
        ...rules.map((rule) => `| ${md(rule)} | ${set.reports.map((input) => cell(input, rule)).join(' | ')} |`),
        `| **Result** | ${results.map((result) => (result === 'pass' ? '\u2705 passed' : '\u274c failed')).join(' | ')} |`,
        ''
    ].join('\n');
}
function unreadableSection(set) {
    if (set.unreadable.length === 0)
        return '';
    return [
        '> [!WARNING]',
        `> ${plural(set.unreadable.length, 'platform')} of the image could not be read, and ${set.unreadable.length === 1 ? 'was' : 'were'} not gated:`,
        ...set.unreadable.map((entry) => `> - ${md(entry.platform)}: ${mdCapped(entry.reason, 300)}`),
        ''
    ].join('\n');
}

// The action's outputs, as action.yml declares them: the JSON report and SARIF files with their paths,
// the verdict and its counts, and the step's failure when the image fails the gate.
/** Writes the JSON report (and the SARIF file when asked for) and sets their outputs; returns the report's path. */
async function writeReportFiles(set, inputs, workspace) {
    const reportPath = await writeReport(`${JSON.stringify(buildJsonReports(set), null, 2)}\n`);
    setOutput('report', reportPath);
    if (inputs.sarif) {
        const sarifPath = path.resolve(workspace, inputs.sarif);
        const workflow = workflowFile(process.env);
        const log = buildSarifAll(set, {
            sourceRoot: workspace,
            baseDir: workspace,
            ruleHelp: await loadRuleHelp(RULES, installRoot()),
            ...(inputs.dockerfile ? { dockerfilePath: inputs.dockerfile } : {}),
            ...(workflow ? { workflowFile: workflow } : {}),
            category: inputs.image ?? inputs.archive ?? 'image'
        });
        await mkdir(path.dirname(sarifPath), { recursive: true });
        await writeFile(sarifPath, `${JSON.stringify(log, null, 2)}\n`);
        setOutput('sarif', sarifPath);
    }
    return reportPath;
}
/**
 * The verdict and its counts; the step fails when the image fails the gate. Several platforms: `result`
 * is the worst, the counts are their sums, `size` the largest platform's; the report has each one's.
 */
function setResultOutputs(set, failOn) {
    const counts = countViolations(set.reports.flatMap((input) => input.evaluation.violations));
    const outcome = worstVerdict(set.reports);
    setOutput('result', outcome);
    setOutput('violations', counts.violations);
    setOutput('errors', counts.errors);
    setOutput('warnings', counts.warnings);
    setOutput('size', Math.max(...set.reports.map((input) => imageSize(input.image))));
    if (outcome !== 'fail')
        return;
    const single = singleReport(set) ?? (set.reports.length === 1 ? set.reports[0] : undefined);
    if (single) {
        // With new-only, the step fails on the new ones: the message counts those.
        const { newOnly } = single.evaluation;
        const failing = newOnly
            ? countViolations(single.evaluation.violations.filter((v) => v.baseline !== 'existing'))
            : counts;
        const fresh = newOnly ? 'new ' : '';
        setFailed(`${printable(imageName(single.image))} violates the policy: ${plural(failing.errors, `${fresh}error`)}, ${plural(failing.warnings, `${fresh}warning`)}, ${plural(failing.notices, `${fresh}notice`)} (fail-on: ${failOn})`);
        return;
    }
    const failed = set.reports
        .filter((input) => verdict(input.evaluation, input.failOn) === 'fail')
        .map((input) => printable(platformString(input.image)));
    setFailed(`${printable(imageName(set.reports[0].image))} violates the policy on ${plural(failed.length, 'platform')} of ${set.reports.length} (${failed.join(', ')}): ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')} (fail-on: ${failOn})`);
}
/** The JSON report goes under RUNNER_TEMP (cleaned by the runner), in a directory of its own. */
async function writeReport(text) {
    const base = process.env.RUNNER_TEMP || tmpdir();
    await mkdir(base, { recursive: true });
    const dir = await mkdtemp(path.join(base, 'image-policy-gate-'));
    const file = path.join(dir, 'report.json');
    await writeFile(file, text);
    return file;
}

// The action's check once the engine has been asked for the image: read and evaluate it in a log group,
// then report to the runner: the log, the Dockerfile's mismatch, the job summary, annotations, and the
// outputs and files (outputs.ts). Loaded by main.ts after it has asked the engine for the image.
async function check(request, inputs, context) {
    const { workspace } = context;
    const what = request.source.kind === 'registry'
        ? `${inputs.image ?? ''} from its registry`
        : (inputs.archive ?? `docker save ${inputs.image ?? ''}`);
    const prepared = await readImages(request, what, context);
    const link = blobLinks(workspace);
    const set = link
        ? { ...prepared.set, reports: prepared.set.reports.map((input) => ({ ...input, sourceLink: link })) }
        : prepared.set;
    logReport(prepared, set);
    if (inputs.annotations)
        warnOnMismatch(prepared, workspace);
    const reportPath = await writeReportFiles(set, inputs, workspace);
    if (inputs.summary)
        await writeSummary(set);
    if (inputs.annotations) {
        const moreIn = inputs.summary ? 'the job summary' : `the JSON report (${reportPath})`;
        annotate(set, workspace, moreIn);
    }
    setResultOutputs(set, request.failOn);
}
async function readImages(request, what, { policy }) {
    return group(`Reading ${printable(what)}`, async () => {
        // Long reads log where they are every 10 s; short ones stay quiet.
        const progress = progressReporter({
            show: (message) => info(message),
            quietMs: 10_000,
            intervalMs: 10_000
        });
        const options = { ...request, ...(policy ? { policy } : {}), onProgress: progress.update.bind(progress) };
        if (request.baseline) {
            // Compared with the baseline platform by platform (pipeline/baseline.ts).
            const compared = await scanWithBaseline(request, options, (baseline, several) => {
                const platform = several ? ` (${printable(platformString(baseline))})` : '';
                info(`Read the baseline ${describeRead(baseline)}${platform}`);
            });
            logRead(compared.results);
            const prepared = await prepareReports(compared.results, request.failOn, request.dockerfile, compared.comparisons);
            return { ...prepared, warnings: [...compared.warnings, ...prepared.warnings] };
        }
        const scanned = await scan(options);
        logRead(scanned);
        return prepareReports(scanned, request.failOn, request.dockerfile);
    });
}
function logRead(scanned) {
    const several = scanned.platforms.length > 1 || scanned.unreadable.length > 0;
    for (const { image } of scanned.platforms) {
        const platform = several ? ` (${printable(platformString(image))})` : '';
        info(`Read ${describeRead(image)}${platform}`);
    }
    for (const entry of scanned.unreadable)
        info(`Not read: ${printable(entry.platform)}: ${printable(entry.reason)}`);
}
function describeRead(image) {
    return `${printable(imageName(image))}: ${image.layers.length} layers, ${image.fs.entryCount} entries`;
}
/** The reader's notes and the text report, in the log. */
function logReport({ warnings }, set) {
    // The notes and the report quote the image: escaped, and inside a block where the runner runs no command.
    logWithoutCommands([
        ...warnings.map((warning) => `Note: ${warning}`),
        ...renderTextAll(set, { color: false }).trimEnd().split('\n')
    ]);
}
/**
 * Warnings go to the log, not to annotations (GitHub shows 10 warnings per step, violations need them),
 * with one exception: a Dockerfile that is not the image's, said once on that Dockerfile (the text
 * report says it in the log), since no violation will be placed on it.
 */
function warnOnMismatch({ dockerfileMismatch }, workspace) {
    if (!dockerfileMismatch)
        return;
    const { location, message } = dockerfileMismatch;
    warning(printableLine(message), {
        title: 'The Dockerfile does not match the image',
        file: repoRelative(location.file, workspace),
        startLine: location.line
    });
}
async function writeSummary(set) {
    try {
        await summary.addRaw(renderSummaryAll(set)).write();
    }
    catch (error) {
        // Outside a runner (no GITHUB_STEP_SUMMARY) the summary has nowhere to go; the log has it all.
        info(`Job summary not written: ${printableLine(errorMessage(error))}`);
    }
}
function annotate(set, workspace, moreIn) {
    const platforms = set.reports.map((input) => ({
        platform: platformString(input.image),
        violations: forAnnotations(input.evaluation.violations, input.evaluation.newOnly ?? false),
        locate: input.locate,
        fixOf: (violation) => violationFix(violation, input)
    }));
    const { annotations } = selectPlatformAnnotations(platforms, workspace, moreIn);
    for (const { level, message, ...properties } of annotations) {
        const emit = level === 'error' ? error : level === 'warning' ? warning : notice;
        emit(message, properties);
    }
}
/**
 * Writes lines that quote the image between `::stop-commands::TOKEN` and `::TOKEN::` (GitHub's way to
 * pause workflow commands), with a fresh random token per block: even a line that escaping missed could
 * not run a command. Each line is still made printable (no line break, no control character, no `::`
 * start).
 */
function logWithoutCommands(lines) {
    const token = `ipg-${randomBytes(16).toString('hex')}`;
    info(`::stop-commands::${token}`);
    for (const line of lines)
        info(printableLine(line));
    info(`::${token}::`);
}
/**
 * Links to a line of the checked-out commit on GitHub (`\u2026/blob/<sha>/<path>#L<line>`), for files inside
 * the workspace; undefined outside a runner that names its repository and commit.
 */
function blobLinks(workspace) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env;
    if (!server ||
        !repository ||
        !sha ||
        !/^[\w.-]+\/[\w.-]+$/.test(repository) ||
        !/^[0-9a-f]{7,64}$/.test(sha))
        return undefined;
    return (location) => {
        const relative = repoRelative(location.file, workspace);
        if (!relative)
            return undefined;
        const encoded = relative.split('/').map(encodeURIComponent).join('/');
        return `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}/${encoded}#L${location.line}`;
    };
}

export { check, logWithoutCommands };
