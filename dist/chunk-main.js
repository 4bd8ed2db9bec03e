import * as os from 'os';
import os__default, { EOL } from 'os';
import * as crypto from 'crypto';
import * as fs from 'fs';
import { promises, constants } from 'fs';
import 'path';
import 'string_decoder';
import 'events';
import 'child_process';
import 'assert';
import 'timers';
import { mkdir as mkdir$1, writeFile as writeFile$1, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { U as UserError, E as isFailOn, F as FAIL_ON_VALUES, S as SEVERITIES, G as repoRelative, H as severityRank, t as truncate, z as verdict, I as countViolations, T as TOOL_NAME, h as imageName, k as plural, g as platformString, J as osName, K as userDescription, j as formatBytes, i as imageSize, c as compressedSize, b as layerCreatedBy, L as hiddenBytesByLayer, M as sortViolations, N as progressReporter, q as scan, u as prepareReport, O as renderText, P as buildJsonReport, Q as buildSarif, x as loadRuleHelp, R as RULES, B as errorMessage, C as BUNDLED_POLICY_NAMES } from './chunk-scan.js';
import 'node:fs';
import 'node:net';
import 'process';
import 'buffer';

// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}

/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}

// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!fs.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    fs.appendFileSync(filePath, `${toCommandValue(message)}${os.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${os.EOL}${convertedValue}${os.EOL}${delimiter}`;
}

var __awaiter$1 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
const { access, appendFile, writeFile } = promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter$1(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, constants.R_OK | constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter$1(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter$1(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
const summary = _summary;

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs.promises;
// export const {open} = 'fs'
process.platform === 'win32';
fs.constants.O_RDONLY;

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/* eslint-disable @typescript-eslint/unbound-method */
process.platform === 'win32';

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
os__default.platform();
os__default.arch();

var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    return val.trim();
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write(os.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + os.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return __awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}

// The action's inputs: the only file that reads them. Everything after this works on typed values.
function getInputs() {
    const image = optional('image');
    const archive = optional('archive');
    if (!image && !archive)
        throw new UserError('set either the `image` input (a local image) or the `archive` input');
    const failOn = optional('fail-on') ?? 'error';
    if (!isFailOn(failOn)) {
        throw new UserError(`the \`fail-on\` input must be one of ${FAIL_ON_VALUES.join(', ')} (got "${failOn}")`);
    }
    return {
        ...(image ? { image } : {}),
        ...(archive ? { archive } : {}),
        ...optionalField('policy'),
        ...optionalField('dockerfile'),
        ...optionalField('platform'),
        ...optionalField('sarif'),
        failOn,
        summary: booleanInput('summary', true),
        annotations: booleanInput('annotations', true),
        verifyDigests: booleanInput('verify-digests', false)
    };
}
function optional(name) {
    const value = getInput(name).trim();
    return value === '' ? undefined : value;
}
function optionalField(name) {
    const value = optional(name);
    return value === undefined ? {} : { [name]: value };
}
/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts, with a one-line error. */
function booleanInput(name, fallback) {
    const value = optional(name);
    if (value === undefined)
        return fallback;
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new UserError(`the \`${name}\` input must be true or false (got "${value}")`);
}

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
function selectAnnotations(violations, locate, sourceRoot, moreIn) {
    const groups = groupByPlace(violations.filter((v) => !v.waived), locate, sourceRoot);
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
    const annotations = shown.map(toAnnotation);
    if (moreLevel) {
        annotations.push({
            level: moreLevel,
            title: `${omitted} more ${omitted === 1 ? 'violation' : 'violations'} not annotated`,
            message: `GitHub shows at most ${ANNOTATIONS_PER_LEVEL} errors, ${ANNOTATIONS_PER_LEVEL} warnings and ${ANNOTATIONS_PER_LEVEL} notices per step: ${omitted} more ${omitted === 1 ? 'violation is' : 'violations are'} listed in ${moreIn}.`
        });
    }
    return { annotations, omitted };
}
function groupByPlace(violations, locate, sourceRoot) {
    const groups = new Map();
    for (const violation of violations) {
        const located = locate(violation);
        const file = located.location ? repoRelative(located.location.file, sourceRoot) : undefined;
        const line = file ? located.location?.line : undefined;
        const key = JSON.stringify([violation.rule, violation.severity, file, line]);
        let group = groups.get(key);
        if (!group) {
            group = {
                rule: violation.rule,
                severity: violation.severity,
                violations: [],
                file,
                line,
                column: file ? located.location?.column : undefined,
                instruction: located.instruction
            };
            groups.set(key, group);
        }
        group.violations.push(violation);
    }
    for (const group of groups.values())
        group.violations.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
    return [...groups.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) ||
        b.violations.length - a.violations.length ||
        a.rule.localeCompare(b.rule) ||
        (a.file ?? '').localeCompare(b.file ?? '') ||
        (a.line ?? 0) - (b.line ?? 0));
}
function toAnnotation(group) {
    const [first] = group.violations;
    const count = group.violations.length;
    let message;
    if (count === 1) {
        // Rules usually name the path in their message already; add it only when they do not.
        message =
            first.path && !first.message.includes(first.path)
                ? `${first.message} (${first.path}${layerNote(first)})`
                : `${first.message}${layerNote(first, true)}`;
    }
    else {
        const paths = group.violations.flatMap((v) => (v.path ? [v.path] : []));
        const listed = paths.slice(0, PATHS_LISTED).join(', ');
        const more = paths.length > PATHS_LISTED ? ` and ${paths.length - PATHS_LISTED} more` : '';
        message = `${count} violations. ${first.message}${paths.length > 0 ? `. Paths: ${listed}${more}` : ''}`;
    }
    if (group.instruction)
        message += `\nIntroduced by: ${group.instruction}`;
    return {
        level: group.severity,
        title: count === 1 ? group.rule : `${group.rule} (${count})`,
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

/** GitHub's limit for one step's summary. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const LAYER_ROWS = 50;
const HIDDEN_FILE_ROWS = 10;
const WAIVER_ROWS = 50;
function renderSummary(input, options = {}) {
    const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES - 24 * 1024;
    const { image } = input;
    const head = [verdictSection(input), factsSection(image)].join('\n');
    const tail = [layersSection(image), wasteSection(image), waiversSection(input)].filter(Boolean).join('\n');
    const reserved = bytes(head) + bytes(tail) + 1024;
    const violations = violationsSection(input, maxBytes - reserved);
    return [head, violations, tail].filter(Boolean).join('\n');
}
function verdictSection(input) {
    const { image, evaluation, failOn } = input;
    const result = verdict(evaluation, failOn);
    const c = countViolations(evaluation.violations);
    const icon = result === 'pass' ? '\u2705' : '\u274c';
    const threshold = failOn === 'never' ? 'never fails' : `fails on ${failOn} or worse`;
    const waived = c.waived > 0 ? `, ${c.waived} waived` : '';
    return [
        `## ${icon} ${TOOL_NAME}: ${result === 'pass' ? 'passed' : 'failed'}`,
        '',
        `**${md(imageName(image))}**: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.notices, 'notice')}${waived} against ${plural(evaluation.summary.rulesEvaluated.length, 'rule')} (the gate ${threshold}).`,
        ''
    ].join('\n');
}
function factsSection(image) {
    const rows = [
        ['Reference', md(imageName(image))],
        ['Image ID', image.configDigest ? code(image.configDigest) : 'unknown'],
        ...(image.manifestDigest ? [['Manifest digest', code(image.manifestDigest)]] : []),
        ['Platform', md(platformString(image))],
        ['OS', md(osName(image) ?? 'no os-release (scratch or distroless)')],
        ['User', md(userDescription(image))],
        [
            'Size',
            `${formatBytes(imageSize(image))} (${formatBytes(compressedSize(image))} as stored in the archive)`
        ],
        ['Layers', String(image.layers.length)]
    ];
    return ['### Image', '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
}
function violationsSection(input, budget) {
    const violations = sortViolations(input.evaluation.violations);
    if (violations.length === 0)
        return '### Violations\n\nNone.\n';
    const header = [
        `### Violations (${violations.length})`,
        '',
        '| Rule | Severity | Path | Layer | Dockerfile | Message |',
        '|---|---|---|---|---|---|'
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
    const dockerfile = located.source === 'dockerfile' && located.location
        ? `${md(located.location.file)}:${located.location.line}${located.instruction ? ` ${code(truncate(located.instruction, 60))}` : ''}`
        : '';
    const severity = violation.waived ? `~~${violation.severity}~~ waived` : violation.severity;
    const layer = violation.layer !== undefined ? String(violation.layer) : '';
    return `| ${md(violation.rule)} | ${severity} | ${violation.path ? code(violation.path) : ''} | ${layer} | ${dockerfile} | ${md(truncate(violation.message, 300))} |`;
}
function layersSection(image) {
    if (image.layers.length === 0)
        return '';
    const sorted = [...image.layers].sort((a, b) => b.contentSize - a.contentSize);
    const rows = sorted
        .slice(0, LAYER_ROWS)
        .map((l) => `| ${l.index} | ${formatBytes(l.contentSize)} | ${formatBytes(l.compressedSize)} ${l.compression === 'none' ? '(uncompressed tar)' : l.compression} | ${code(truncate(layerCreatedBy(image, l) || '(no history)', 120))} |`);
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
        `### Wasted bytes: ${formatBytes(image.hiddenBytes)}`,
        '',
        `${formatBytes(image.hiddenBytes)} written by ${plural(byLayer.length, 'layer')} are deleted or overwritten by later layers, yet still shipped.`,
        '',
        '| Layer | Hidden bytes |',
        '|---|---|',
        ...byLayer.slice(0, LAYER_ROWS).map(([layer, size]) => `| ${layer} | ${formatBytes(size)} |`),
        '',
        '| Largest hidden files | Layer | Size | Why |',
        '|---|---|---|---|',
        ...files.map((f) => `| ${code(f.path)} | ${f.layerIndex} | ${formatBytes(f.size)} | ${f.reason} |`),
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
/** Text safe inside a Markdown table cell. */
function md(text) {
    return text
        .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
        .replace(/\|/g, '&#124;')
        .replace(/\r?\n/g, ' ');
}
/** Inline code that survives backticks and pipes in paths. */
function code(text) {
    return `<code>${md(text)}</code>`;
}
function bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}

// The action: inputs \u2192 scan \u2192 reporters \u2192 outputs. The only place that drives @actions/core.
async function run() {
    try {
        const inputs = getInputs();
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        // Read the Dockerfile first: a wrong path should fail before minutes of `docker save`.
        const dockerfile = inputs.dockerfile ? await readDockerfile(inputs.dockerfile, workspace) : undefined;
        const options = scanOptions(inputs, workspace);
        const what = inputs.archive ? inputs.archive : `docker save ${inputs.image}`;
        const result = await group(`Reading ${what}`, async () => {
            // Long reads log where they are every 10 s; short ones stay quiet.
            const progress = progressReporter({
                show: (message) => info(message),
                quietMs: 10_000,
                intervalMs: 10_000
            });
            const scanned = await scan({ ...options, onProgress: (p) => progress.update(p) });
            info(`${imageName(scanned.image)}: ${scanned.image.layers.length} layers, ${scanned.image.fs.entryCount} entries`);
            return scanned;
        });
        const { input, warnings } = await prepareReport(result, inputs.failOn, dockerfile);
        // Log lines, not warning annotations: GitHub shows only 10 warnings per step and violations need them.
        for (const warning of warnings)
            info(`Note: ${warning}`);
        info(renderText(input, { color: false }));
        const reportPath = await writeReport(`${JSON.stringify(buildJsonReport(input), null, 2)}\n`);
        setOutput('report', reportPath);
        if (inputs.sarif) {
            const sarifPath = path.resolve(workspace, inputs.sarif);
            const log = buildSarif(input, {
                sourceRoot: workspace,
                ruleHelp: await loadRuleHelp(RULES, actionRoot())
            });
            await mkdir$1(path.dirname(sarifPath), { recursive: true });
            await writeFile$1(sarifPath, `${JSON.stringify(log, null, 2)}\n`);
            setOutput('sarif', sarifPath);
        }
        if (inputs.summary) {
            try {
                await summary.addRaw(renderSummary(input)).write();
            }
            catch (error) {
                // Outside a runner (no GITHUB_STEP_SUMMARY) the summary has nowhere to go; the log has it all.
                info(`Job summary not written: ${errorMessage(error)}`);
            }
        }
        if (inputs.annotations) {
            const moreIn = inputs.summary ? 'the job summary' : `the JSON report (${reportPath})`;
            const { annotations } = selectAnnotations(result.evaluation.violations, input.locate, workspace, moreIn);
            for (const { level, message, ...properties } of annotations) {
                const emit = level === 'error' ? error : level === 'warning' ? warning : notice;
                emit(message, properties);
            }
        }
        const counts = countViolations(result.evaluation.violations);
        const outcome = verdict(result.evaluation, inputs.failOn);
        setOutput('result', outcome);
        setOutput('violations', counts.violations);
        setOutput('errors', counts.errors);
        setOutput('warnings', counts.warnings);
        setOutput('size', imageSize(result.image));
        if (outcome === 'fail') {
            setFailed(`${imageName(result.image)} violates the policy: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')} (fail-on: ${inputs.failOn})`);
        }
    }
    catch (error) {
        // Never a pass on error, and one line: user errors say what to fix; anything else keeps its message.
        setFailed(error instanceof UserError ? error.message : errorMessage(error));
    }
}
function scanOptions(inputs, workspace) {
    const policy = inputs.policy;
    return {
        source: inputs.archive
            ? { kind: 'file', path: path.resolve(workspace, inputs.archive) }
            : { kind: 'docker', reference: inputs.image ?? '' },
        ...(inputs.archive && inputs.image ? { image: inputs.image } : {}),
        ...(inputs.platform ? { platform: inputs.platform } : {}),
        verifyDigests: inputs.verifyDigests,
        ...(policy
            ? { policyPath: BUNDLED_POLICY_NAMES.includes(policy) ? policy : path.resolve(workspace, policy) }
            : {})
    };
}
async function readDockerfile(file, workspace) {
    try {
        return { path: file, content: await readFile(path.resolve(workspace, file), 'utf8') };
    }
    catch (error) {
        throw new UserError(`cannot read the dockerfile input ${file}: ${errorMessage(error)}`);
    }
}
/** The JSON report goes under RUNNER_TEMP (cleaned by the runner), in a directory of its own. */
async function writeReport(text) {
    const base = process.env.RUNNER_TEMP || tmpdir();
    await mkdir$1(base, { recursive: true });
    const dir = await mkdtemp(path.join(base, 'image-policy-gate-'));
    const file = path.join(dir, 'report.json');
    await writeFile$1(file, text);
    return file;
}
/** The action's checkout: dist/index.js and src/main.ts both sit one level below it. */
function actionRoot() {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

export { run };
