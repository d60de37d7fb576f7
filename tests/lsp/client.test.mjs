// client.test.mjs - drives `slimfile lsp` with a real LSP client library
// (vscode-languageserver-protocol over vscode-jsonrpc) and checks what an editor would see.
//
// The oracle for diagnostics is the slimfile CLI itself: `slimfile --format=json` gives each
// finding's byte offsets, which this test turns into LSP positions on its own (JavaScript strings
// are UTF-16; Buffer gives bytes; the string iterator gives code points). The server must agree
// exactly, in each negotiated position encoding.
//
// Environment: SLIMFILE (the binary; default ../../$B/slimfile), B (build dir, default build),
// LSP_WRAPPER (e.g. "valgrind --leak-check=full --error-exitcode=99"), LSP_TIMEOUT_MS.
// Prints one line per check and ends with "lsp: N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import proto from 'vscode-languageserver-protocol/node.js';

const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification, PublishDiagnosticsNotification, CodeActionRequest,
  ShutdownRequest, ExitNotification, TextDocumentSyncKind,
} = proto;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const B = process.env.B || 'build';
const SLIMFILE = path.resolve(repo, process.env.SLIMFILE || path.join(B, 'slimfile'));
const WRAP = (process.env.LSP_WRAPPER || '').split(/\s+/).filter(Boolean);
const TIMEOUT = Number(process.env.LSP_TIMEOUT_MS || 10000);

let passed = 0;
let failed = 0;
function check(name, cond, detail) {
  if (cond) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? `: ${detail}` : ''}`);
  }
  return cond;
}

// ------------------------------------------------------------------ positions (client side)

function unitsOf(s, enc) {
  if (enc === 'utf-8') return Buffer.byteLength(s, 'utf8');
  if (enc === 'utf-32') return [...s].length;
  return s.length;
}

// UTF-16 indices of line starts, with LSP's line ends (\n, \r\n, \r).
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

function idxToPos(text, idx, enc) {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= idx) line++;
  return { line, character: unitsOf(text.slice(starts[line], idx), enc) };
}

function posToIdx(text, pos, enc) {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  let i = starts[pos.line];
  let units = 0;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
    const cp = text.codePointAt(i);
    const ch = String.fromCodePoint(cp);
    const u = unitsOf(ch, enc);
    if (units + u > pos.character) break;
    units += u;
    i += ch.length;
  }
  return i;
}

function byteToIdx(text, off) {
  return Buffer.from(text, 'utf8').subarray(0, off).toString('utf8').length;
}

function applyEdits(text, edits, enc) {
  const spans = edits.map((e) => ({
    s: posToIdx(text, e.range.start, enc), e: posToIdx(text, e.range.end, enc), t: e.newText,
  }));
  spans.sort((a, b) => b.s - a.s);
  for (const sp of spans) text = text.slice(0, sp.s) + sp.t + text.slice(sp.e);
  return text;
}

// ------------------------------------------------------------------ oracle (the CLI)

const SEVERITY = { error: 1, warning: 2, info: 3, style: 4 };

function oracleFindings(file, text, extraArgs = []) {
  fs.writeFileSync(file, text);
  const r = spawnSync(SLIMFILE, ['--format=json', ...extraArgs, file], { encoding: 'utf8' });
  let all;
  try {
    all = JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`oracle: cannot parse CLI output (status ${r.status}): ${r.stdout}${r.stderr}`);
  }
  return all.filter((f) => f.file === file);
}

function expectedDiagnostics(file, text, enc, extraArgs) {
  return oracleFindings(file, text, extraArgs).map((f) => ({
    range: {
      start: idxToPos(text, byteToIdx(text, f.offset), enc),
      end: idxToPos(text, byteToIdx(text, f.end_offset), enc),
    },
    severity: SEVERITY[f.severity],
    code: f.rule,
    message: f.message,
    href: f.url || undefined,
  }));
}

function oracleFix(file, text, extraArgs = []) {
  fs.writeFileSync(file, text);
  spawnSync(SLIMFILE, ['--fix', ...extraArgs, file], { encoding: 'utf8' });
  return fs.readFileSync(file, 'utf8');
}

function norm(diags) {
  return diags
    .map((d) => JSON.stringify({
      range: d.range, severity: d.severity, code: d.code, message: d.message,
      href: d.href !== undefined ? d.href : d.codeDescription ? d.codeDescription.href : undefined,
    }))
    .sort();
}

function sameDiagnostics(name, got, want) {
  const g = norm(got);
  const w = norm(want);
  const same = g.length === w.length && g.every((x, i) => x === w[i]);
  return check(name, same, same ? undefined
    : `\n  got:  ${g.join('\n        ')}\n  want: ${w.join('\n        ')}`);
}

// ------------------------------------------------------------------ sessions

function startServer() {
  const cmd = [...WRAP, SLIMFILE, 'lsp', '--stdio'];
  const proc = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdin.on('error', () => {});
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, exited, stderr: () => stderr };
}

function withTimeout(p, what) {
  let t;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`timeout: ${what}`)), TIMEOUT); }),
  ]);
}

// A client session through the library's protocol connection.
function startClient() {
  const srv = startServer();
  const conn = createProtocolConnection(new StreamMessageReader(srv.proc.stdout),
    new StreamMessageWriter(srv.proc.stdin));
  const queues = new Map();
  const waiters = new Map();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const w = waiters.get(p.uri);
    if (w && w.length) w.shift()(p);
    else {
      if (!queues.has(p.uri)) queues.set(p.uri, []);
      queues.get(p.uri).push(p);
    }
  });
  const logs = [];
  conn.onNotification('window/logMessage', (p) => logs.push(p));
  conn.onNotification('window/showMessage', (p) => logs.push(p));
  conn.listen();
  const nextDiagnostics = (uri) => {
    const q = queues.get(uri);
    if (q && q.length) return Promise.resolve(q.shift());
    return withTimeout(new Promise((resolve) => {
      if (!waiters.has(uri)) waiters.set(uri, []);
      waiters.get(uri).push(resolve);
    }), `publishDiagnostics for ${uri}`);
  };
  const pending = () => [...queues.values()].reduce((n, q) => n + q.length, 0);
  return { ...srv, conn, nextDiagnostics, logs, pending };
}

async function initialize(c, encodings, rootDir) {
  const caps = encodings ? { general: { positionEncodings: encodings } } : {};
  const res = await withTimeout(c.conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(rootDir).href, capabilities: caps,
    workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'ws' }],
  }), 'initialize');
  await c.conn.sendNotification(InitializedNotification.type, {});
  return res;
}

async function shutdownAndExit(c, label) {
  const r = await withTimeout(c.conn.sendRequest(ShutdownRequest.type), 'shutdown');
  check(`${label}: shutdown answers null`, r === null || r === undefined, JSON.stringify(r));
  await c.conn.sendNotification(ExitNotification.type);
  const ex = await withTimeout(c.exited, 'exit');
  check(`${label}: exit status 0 after shutdown`, ex.code === 0,
    `code ${ex.code} signal ${ex.signal}; stderr: ${c.stderr().slice(-2000)}`);
  c.conn.dispose();
}

// ------------------------------------------------------------------ the workspace

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slimfile-lsp-'));
const ws = path.join(tmp, 'ws');
// A config above the workspace folder: the server must not use it (the workspace is the top).
fs.writeFileSync(path.join(tmp, '.slimfile.yaml'), 'select: [dockerignore-missing]\n');
for (const d of ['app', 'cfg', 'noignore']) fs.mkdirSync(path.join(ws, d), { recursive: true });
fs.writeFileSync(path.join(ws, 'app', '.dockerignore'), '.git\n');
fs.writeFileSync(path.join(ws, 'cfg', '.dockerignore'), '.git\n');
fs.writeFileSync(path.join(ws, 'cfg', '.slimfile.yaml'), 'ignore: [chmod-after-copy]\n');
fs.writeFileSync(path.join(ws, 'noignore', '.env'), 'SECRET=1\n');
fs.writeFileSync(path.join(ws, 'noignore', 'app.py'), 'print(1)\n');

const appFile = path.join(ws, 'app', 'Dockerfile');
const cfgFile = path.join(ws, 'cfg', 'Dockerfile');
const noiFile = path.join(ws, 'noignore', 'Dockerfile');
const crFile = path.join(ws, 'app', 'Dockerfile.cr');
for (const f of [appFile, cfgFile, noiFile, crFile]) fs.writeFileSync(f, '');
const crUri = pathToFileURL(crFile).href;
const appUri = pathToFileURL(appFile).href;
const cfgUri = pathToFileURL(cfgFile).href;
const noiUri = pathToFileURL(noiFile).href;

// Non-ASCII before the findings on the same line: é (2 bytes, 1 UTF-16 unit), 😀 (4 bytes, 2 units).
// Line 3 holds chmod-after-copy (after both) and `apk add` (apk-no-cache, when that rule exists);
// lines 3-4 are consecutive RUNs (a safe fix).
const NONASCII_LINE = 3;
const T0 = [
  'FROM alpine:3.19',
  'COPY app /app',
  '# café 😀 comment',
  'RUN echo "café 😀" && apk add curl && chmod -R 755 /app',
  'RUN echo done',
  '',
].join('\n');
const NOCFG = ['--no-config'];

async function mainSession() {
  const c = startClient();
  const init = await initialize(c, undefined, ws);
  const caps = init.capabilities || {};
  check('initialize: positionEncoding defaults to utf-16', caps.positionEncoding === 'utf-16',
    caps.positionEncoding);
  check('initialize: textDocumentSync openClose + incremental',
    caps.textDocumentSync && caps.textDocumentSync.openClose === true
    && caps.textDocumentSync.change === TextDocumentSyncKind.Incremental,
    JSON.stringify(caps.textDocumentSync));
  const kinds = (caps.codeActionProvider && caps.codeActionProvider.codeActionKinds) || [];
  check('initialize: codeActionKinds quickfix + source.fixAll',
    kinds.includes('quickfix') && kinds.includes('source.fixAll'), JSON.stringify(kinds));
  check('initialize: serverInfo', init.serverInfo && init.serverInfo.name === 'slimfile'
    && /^\d+\.\d+\.\d+/.test(init.serverInfo.version), JSON.stringify(init.serverInfo));

  // --- open, with non-ASCII text before a finding on the same line
  let text = T0;
  let version = 1;
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: appUri, languageId: 'dockerfile', version, text },
  });
  let pub = await c.nextDiagnostics(appUri);
  check('didOpen: publishDiagnostics carries the version', pub.version === version, pub.version);
  sameDiagnostics('didOpen: diagnostics equal the CLI findings (UTF-16 positions)', pub.diagnostics,
    expectedDiagnostics(appFile, text, 'utf-16', NOCFG));
  const line = text.split('\n')[NONASCII_LINE];
  const chm = pub.diagnostics.find((d) => d.code === 'chmod-after-copy');
  if (check('didOpen: chmod-after-copy reported', chm !== undefined, JSON.stringify(pub.diagnostics))) {
    const covered = line.slice(chm.range.start.character, chm.range.end.character);
    const byteCol = Buffer.byteLength(line.slice(0, chm.range.start.character));
    check('didOpen: chmod-after-copy on 0-based line 3, severity 2 (warning), source slimfile',
      chm.range.start.line === NONASCII_LINE && chm.range.end.line === NONASCII_LINE
      && chm.severity === 2 && chm.source === 'slimfile', JSON.stringify(chm));
    check('didOpen: its character counts UTF-16 units after é and 😀 (byte column - 3)',
      covered.startsWith('chmod') && chm.range.start.character === line.indexOf('chmod')
      && byteCol === chm.range.start.character + 3,
      `character ${chm.range.start.character}, covers "${covered}"`);
    check('didOpen: codeDescription.href is the rule URL',
      chm.codeDescription && chm.codeDescription.href.endsWith('/chmod-after-copy'),
      JSON.stringify(chm));
  }
  const apk = pub.diagnostics.find((d) => d.code === 'apk-no-cache');
  if (check('didOpen: apk-no-cache reported', apk !== undefined, JSON.stringify(pub.diagnostics))) {
    const covered = line.slice(apk.range.start.character, apk.range.end.character);
    check('didOpen: apk-no-cache on line 3 after é and 😀, UTF-16 exact, severity 2',
      apk.range.start.line === NONASCII_LINE && covered.startsWith('apk')
      && apk.range.start.character === line.indexOf('apk')
      && Buffer.byteLength(line.slice(0, apk.range.start.character)) === apk.range.start.character + 3
      && apk.severity === 2, JSON.stringify(apk));
  }
  const cr = pub.diagnostics.find((d) => d.code === 'consecutive-run');
  if (check('didOpen: consecutive-run reported', cr !== undefined, JSON.stringify(pub.diagnostics))) {
    check('didOpen: consecutive-run lines 3-4, severity 3 (info)',
      cr.range.start.line === 3 && cr.range.end.line === 4 && cr.severity === 3, JSON.stringify(cr));
    const e0 = cr.data && cr.data.fix && cr.data.fix.edits && cr.data.fix.edits[0];
    check('didOpen: data.fix carries the edits, positioned in UTF-16 (end of the non-ASCII line)',
      cr.data.fix.safety === 'safe' && e0 && e0.range.start.line === NONASCII_LINE
      && e0.range.start.character === line.length, JSON.stringify(cr.data));
  }
  check('didOpen: a .slimfile.yaml above the workspace folder is not used',
    chm !== undefined && cr !== undefined);

  // --- other documents: .slimfile.yaml of their folder, build context of their folder
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: cfgUri, languageId: 'dockerfile', version: 1, text: T0 },
  });
  pub = await c.nextDiagnostics(cfgUri);
  check('config: .slimfile.yaml in the folder ignores chmod-after-copy',
    !pub.diagnostics.some((d) => d.code === 'chmod-after-copy')
    && pub.diagnostics.some((d) => d.code === 'consecutive-run'), JSON.stringify(pub.diagnostics));
  sameDiagnostics('config: diagnostics equal the CLI findings', pub.diagnostics,
    expectedDiagnostics(cfgFile, T0, 'utf-16'));

  const noiText = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n';
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: noiUri, languageId: 'dockerfile', version: 1, text: noiText },
  });
  pub = await c.nextDiagnostics(noiUri);
  check('context: dockerignore-missing without a .dockerignore',
    pub.diagnostics.some((d) => d.code === 'dockerignore-missing'), JSON.stringify(pub.diagnostics));
  sameDiagnostics('context: diagnostics equal the CLI findings (listing of the folder)',
    pub.diagnostics, expectedDiagnostics(noiFile, noiText, 'utf-16', NOCFG));
  fs.writeFileSync(path.join(ws, 'noignore', '.dockerignore'), '.env\n.git\n');
  await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(path.join(ws, 'noignore', '.dockerignore')).href, type: 1 }],
  });
  const after = new Map();
  for (const u of [appUri, cfgUri, noiUri]) after.set(u, await c.nextDiagnostics(u));
  check('context: .dockerignore created -> dockerignore-missing gone',
    !after.get(noiUri).diagnostics.some((d) => d.code === 'dockerignore-missing'),
    JSON.stringify(after.get(noiUri).diagnostics));
  sameDiagnostics('context: diagnostics equal the CLI findings after the change',
    after.get(noiUri).diagnostics, expectedDiagnostics(noiFile, noiText, 'utf-16', NOCFG));

  // --- incremental changes: two in one notification (the second in coordinates after the first)
  const afterEmoji = line.indexOf('😀') + 2;
  const changeA = { range: { start: { line: NONASCII_LINE, character: afterEmoji }, end: { line: NONASCII_LINE, character: afterEmoji } }, text: ' ñ' };
  let t1 = applyEdits(text, [{ range: changeA.range, newText: changeA.text }], 'utf-16');
  const curl = t1.split('\n')[NONASCII_LINE].indexOf('curl');
  const changeB = { range: { start: { line: NONASCII_LINE, character: curl }, end: { line: NONASCII_LINE, character: curl + 4 } }, text: 'curl wget' };
  t1 = applyEdits(t1, [{ range: changeB.range, newText: changeB.text }], 'utf-16');
  version++;
  await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: appUri, version }, contentChanges: [changeA, changeB],
  });
  pub = await c.nextDiagnostics(appUri);
  const shifted = pub.diagnostics.find((d) => d.code === 'chmod-after-copy');
  text = t1;
  check('didChange incremental: version updated', pub.version === version, pub.version);
  check('didChange incremental: chmod-after-copy moved by 2 + 5 UTF-16 units',
    shifted && chm && shifted.range.start.character === chm.range.start.character + 7,
    JSON.stringify(shifted));
  sameDiagnostics('didChange incremental (2 edits after 😀): diagnostics follow the edited text',
    pub.diagnostics, expectedDiagnostics(appFile, text, 'utf-16', NOCFG));

  // a multi-line insertion: a new RUN line before line 4
  const changeD = { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'RUN apk add git\n' };
  text = applyEdits(text, [{ range: changeD.range, newText: changeD.text }], 'utf-16');
  version++;
  await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: appUri, version }, contentChanges: [changeD],
  });
  pub = await c.nextDiagnostics(appUri);
  const cr3 = pub.diagnostics.find((d) => d.code === 'consecutive-run');
  check('didChange multi-line: consecutive-run now spans lines 3-5',
    cr3 && cr3.range.start.line === 3 && cr3.range.end.line === 5, JSON.stringify(pub.diagnostics));
  sameDiagnostics('didChange multi-line: diagnostics follow the edited text', pub.diagnostics,
    expectedDiagnostics(appFile, text, 'utf-16', NOCFG));

  // --- configuration: ignore consecutive-run, then back to the defaults
  await c.conn.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { slimfile: { ignore: ['consecutive-run'] } },
  });
  for (const u of [appUri, cfgUri, noiUri]) after.set(u, await c.nextDiagnostics(u));
  check('didChangeConfiguration ignore: consecutive-run dropped from every open document',
    ![...after.values()].some((p) => p.diagnostics.some((d) => d.code === 'consecutive-run')),
    JSON.stringify([...after.values()]));
  sameDiagnostics('didChangeConfiguration ignore: equal the CLI with --ignore',
    after.get(appUri).diagnostics,
    expectedDiagnostics(appFile, text, 'utf-16', [...NOCFG, '--ignore=consecutive-run']));
  await c.conn.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { slimfile: { ignore: ['no-such-rule'] } },
  });
  for (const u of [appUri, cfgUri, noiUri]) after.set(u, await c.nextDiagnostics(u));
  check('didChangeConfiguration reset: consecutive-run back; unknown id reported',
    after.get(appUri).diagnostics.some((d) => d.code === 'consecutive-run')
    && c.logs.some((l) => /no-such-rule/.test(l.message)), JSON.stringify(c.logs));
  await c.conn.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { slimfile: { select: ['chmod-after-copy'] } },
  });
  for (const u of [appUri, cfgUri, noiUri]) after.set(u, await c.nextDiagnostics(u));
  check('didChangeConfiguration select: only chmod-after-copy',
    after.get(appUri).diagnostics.length > 0
    && after.get(appUri).diagnostics.every((d) => d.code === 'chmod-after-copy'),
    JSON.stringify(after.get(appUri).diagnostics));
  await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { slimfile: {} } });
  for (const u of [appUri, cfgUri, noiUri]) after.set(u, await c.nextDiagnostics(u));
  pub = after.get(appUri);

  // --- quick fix for apk-no-cache on the non-ASCII line: apply it, send the text in full
  const apkDiag = pub.diagnostics.find((d) => d.code === 'apk-no-cache' && d.range.start.line === NONASCII_LINE);
  if (check('apk-no-cache on line 3 before the quickfix', apkDiag !== undefined, JSON.stringify(pub.diagnostics))) {
    const acts = await withTimeout(c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: appUri }, range: apkDiag.range,
      context: { diagnostics: [apkDiag], only: ['quickfix'] },
    }), 'codeAction apk');
    const aq = (acts || []).find((a) => a.kind === 'quickfix'
      && a.diagnostics.some((d) => d.code === 'apk-no-cache' && d.range.start.line === NONASCII_LINE));
    if (check('codeAction: a quickfix for apk-no-cache, marked preferred', aq !== undefined && aq.isPreferred === true,
      JSON.stringify(acts))) {
      check('codeAction: its diagnostic is the published one',
        JSON.stringify(aq.diagnostics[0]) === JSON.stringify(apkDiag), JSON.stringify(aq.diagnostics));
      text = applyEdits(text, aq.edit.changes[appUri], 'utf-16');
      version++;
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: appUri, version }, contentChanges: [{ text }],
      });
      pub = await c.nextDiagnostics(appUri);
      check('didChange full after the apk quickfix: gone on line 3, still on line 4',
        !pub.diagnostics.some((d) => d.code === 'apk-no-cache' && d.range.start.line === NONASCII_LINE)
        && pub.diagnostics.some((d) => d.code === 'apk-no-cache' && d.range.start.line === 4),
        JSON.stringify(pub.diagnostics));
      sameDiagnostics('didChange full after the apk quickfix: equal the CLI findings', pub.diagnostics,
        expectedDiagnostics(appFile, text, 'utf-16', NOCFG));
    }
  }

  // --- fix all (computed on the current text; applied at the end)
  const fa = await withTimeout(c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: appUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  }), 'codeAction fixAll');
  let fixedAll;
  if (check('codeAction only=source.fixAll: exactly one fix-all action',
    Array.isArray(fa) && fa.length === 1 && fa[0].kind === 'source.fixAll'
    && fa[0].title === 'Fix all slimfile problems', JSON.stringify(fa))) {
    fixedAll = applyEdits(text, fa[0].edit.changes[appUri], 'utf-16');
    const want = oracleFix(appFile, text, NOCFG);
    check('fix-all: edited text equals `slimfile --fix` output', fixedAll === want,
      `\n--- got\n${fixedAll}\n--- want\n${want}`);
  }

  // --- quick fix for consecutive-run, asked for at a cursor on line 4
  const cursor = { start: { line: 4, character: 2 }, end: { line: 4, character: 2 } };
  const actions = await withTimeout(c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: appUri }, range: cursor,
    context: { diagnostics: pub.diagnostics.filter((d) => d.range.start.line <= 4 && d.range.end.line >= 4) },
  }), 'codeAction');
  const qf = (actions || []).find((a) => a.kind === 'quickfix' && a.diagnostics
    && a.diagnostics.some((d) => d.code === 'consecutive-run'));
  check('codeAction: a quickfix for consecutive-run', qf !== undefined, JSON.stringify(actions));
  check('codeAction: quickfixes only for diagnostics touching the range',
    (actions || []).filter((a) => a.kind === 'quickfix')
      .every((a) => a.diagnostics.every((d) => d.range.start.line <= 4 && d.range.end.line >= 4)),
    JSON.stringify(actions));
  const none = await withTimeout(c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: appUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    context: { diagnostics: [], only: ['quickfix'] },
  }), 'codeAction line 0');
  check('codeAction: no quickfix on a line without findings', Array.isArray(none) && none.length === 0,
    JSON.stringify(none));
  if (qf) {
    const edits = qf.edit && qf.edit.changes && qf.edit.changes[appUri];
    check('codeAction: WorkspaceEdit changes[uri] has TextEdits',
      Array.isArray(edits) && edits.length > 0, JSON.stringify(qf.edit));
    const fixed = applyEdits(text, edits || [], 'utf-16');
    check('codeAction: applied quickfix merges the RUNs, keeps the non-ASCII text',
      fixed.split('\n').filter((l) => l.startsWith('RUN')).length === 1 && fixed.includes('"café 😀 ñ"'),
      JSON.stringify(fixed));
    text = fixed;
    version++;
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: appUri, version }, contentChanges: [{ text }],
    });
    pub = await c.nextDiagnostics(appUri);
    check('didChange full after quickfix: consecutive-run gone, chmod-after-copy kept',
      !pub.diagnostics.some((d) => d.code === 'consecutive-run')
      && pub.diagnostics.some((d) => d.code === 'chmod-after-copy'), JSON.stringify(pub.diagnostics));
    sameDiagnostics('didChange full: diagnostics equal the CLI findings', pub.diagnostics,
      expectedDiagnostics(appFile, text, 'utf-16', NOCFG));
  }

  if (fixedAll !== undefined) {
    text = fixedAll;
    version++;
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: appUri, version }, contentChanges: [{ text }],
    });
    pub = await c.nextDiagnostics(appUri);
    check('fix-all applied: no safe fix left',
      !pub.diagnostics.some((d) => d.data && d.data.fix && d.data.fix.safety === 'safe'),
      JSON.stringify(pub.diagnostics));
    sameDiagnostics('fix-all applied: diagnostics equal the CLI findings', pub.diagnostics,
      expectedDiagnostics(appFile, text, 'utf-16', NOCFG));
  }

  // --- close
  await c.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: appUri } });
  pub = await c.nextDiagnostics(appUri);
  check('didClose: empty diagnostics published', Array.isArray(pub.diagnostics) && pub.diagnostics.length === 0,
    JSON.stringify(pub));
  await shutdownAndExit(c, 'main session');
}

// Sessions that negotiate other encodings: positions both ways in that unit.
async function encodingSession(offer, want) {
  const c = startClient();
  const init = await initialize(c, offer, ws);
  check(`encoding ${JSON.stringify(offer)}: server picks ${want}`,
    init.capabilities.positionEncoding === want, init.capabilities.positionEncoding);
  let text = T0;
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: appUri, languageId: 'dockerfile', version: 1, text },
  });
  let pub = await c.nextDiagnostics(appUri);
  sameDiagnostics(`encoding ${want}: diagnostics in ${want} units`, pub.diagnostics,
    expectedDiagnostics(appFile, text, want, NOCFG));
  const l3 = text.split('\n')[NONASCII_LINE];
  const idx = l3.indexOf('😀') + 2;
  const ch = unitsOf(l3.slice(0, idx), want);
  const change = { range: { start: { line: NONASCII_LINE, character: ch }, end: { line: NONASCII_LINE, character: ch } }, text: ' ñ' };
  text = applyEdits(text, [{ range: change.range, newText: change.text }], want);
  check(`encoding ${want}: client-side edit lands after 😀`, text.split('\n')[NONASCII_LINE].includes('😀 ñ'));
  await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: appUri, version: 2 }, contentChanges: [change],
  });
  pub = await c.nextDiagnostics(appUri);
  sameDiagnostics(`encoding ${want}: incremental edit in ${want} units`, pub.diagnostics,
    expectedDiagnostics(appFile, text, want, NOCFG));
  const fa = await withTimeout(c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: appUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source'] },
  }), 'codeAction');
  if (check(`encoding ${want}: fix-all offered under only=[source]`,
    Array.isArray(fa) && fa.length === 1 && fa[0].kind === 'source.fixAll', JSON.stringify(fa))) {
    const got = applyEdits(text, fa[0].edit.changes[appUri], want);
    check(`encoding ${want}: fix-all edit in ${want} units equals \`slimfile --fix\``,
      got === oracleFix(appFile, text, NOCFG), got);
  }
  // a lone CR is a line end for LSP (not for Dockerfiles): positions must still agree
  const crText = 'FROM alpine:3.19\nRUN echo x\rRUN echo "é😀" && apk add curl\r\nRUN echo y\n';
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: crUri, languageId: 'dockerfile', version: 1, text: crText },
  });
  pub = await c.nextDiagnostics(crUri);
  sameDiagnostics(`encoding ${want}: lone CR and CRLF line ends, positions by LSP's line rules`,
    pub.diagnostics, expectedDiagnostics(crFile, crText, want, NOCFG));
  await shutdownAndExit(c, `encoding ${want} session`);
}

// ------------------------------------------------------------------ raw frames (robustness)

function frame(body) {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
}

function startRaw() {
  const srv = startServer();
  const reader = new StreamMessageReader(srv.proc.stdout);
  const got = [];
  const waiters = [];
  reader.listen((m) => {
    if (waiters.length) waiters.shift()(m);
    else got.push(m);
  });
  const next = () => (got.length ? Promise.resolve(got.shift())
    : withTimeout(new Promise((r) => waiters.push(r)), 'raw response'));
  const send = (b) => srv.proc.stdin.write(typeof b === 'string' ? frame(b) : b);
  return { ...srv, next, send, reader };
}

async function rawSession() {
  const r = startRaw();
  const expectError = async (name, code, id) => {
    const m = await r.next();
    check(name, m && m.error && m.error.code === code && (id === undefined || m.id === id),
      JSON.stringify(m));
  };
  r.send('{"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}');
  await expectError('raw: request before initialize -> -32002', -32002, 1);
  r.send('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}');  // dropped
  r.send('{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-16","utf-8"]}}}}');
  let m = await r.next();
  check('raw: notification before initialize dropped; initialize answered, utf-16 first wins',
    m && m.id === 2 && m.result && m.result.capabilities.positionEncoding === 'utf-16', JSON.stringify(m));
  r.send('{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"capabilities":{}}}');
  await expectError('raw: second initialize -> -32600', -32600, 3);
  r.send('{"jsonrpc":"2.0","id":4,"method":');
  await expectError('raw: truncated JSON -> -32700 with id null', -32700, null);
  r.send(Buffer.from('Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0"}\r\n', 'ascii'));
  await expectError('raw: frame without Content-Length -> -32700', -32700, null);
  r.send(Buffer.from('Content-Length: 12x\r\n\r\n', 'ascii'));
  await expectError('raw: bad Content-Length -> -32700', -32700, null);
  r.send('[]');
  await expectError('raw: batch array -> -32600', -32600, null);
  r.send('42');
  await expectError('raw: scalar body -> -32600', -32600, null);
  r.send('{"jsonrpc":"1.0","id":5,"method":"shutdown"}');
  await expectError('raw: jsonrpc 1.0 -> -32600', -32600, 5);
  r.send('{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}');
  await expectError('raw: object id -> -32600', -32600, null);
  r.send('{"jsonrpc":"2.0","id":6}');
  await expectError('raw: request without method -> -32600', -32600, 6);
  r.send('{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}');
  await expectError('raw: unknown request -> -32601', -32601, 7);
  r.send('{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}');
  r.send('{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}');
  r.send('{"jsonrpc":"2.0","method":"custom/unknownNotification","params":{}}');
  r.send('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere"},"contentChanges":[{"text":1}]}}');
  r.send('{"jsonrpc":"2.0","id":"s8","method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nowhere"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}');
  m = await r.next();
  check('raw: $/ and unknown notifications ignored (next message answers the next request)',
    m && m.id === 's8' && Array.isArray(m.result) && m.result.length === 0, JSON.stringify(m));
  r.send('{"jsonrpc":"2.0","id":8,"method":"textDocument/codeAction","params":7}');
  await expectError('raw: non-structured params -> -32600', -32600, 8);
  // a document with hostile positions: past the end, inside a surrogate pair, negative
  r.send(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:x', languageId: 'dockerfile', version: 1, text: 'FROM a\nRUN echo 😀\u0000\n' } } }));
  m = await r.next();
  check('raw: untitled document with NUL linted', m && m.method === 'textDocument/publishDiagnostics'
    && m.params.uri === 'untitled:x', JSON.stringify(m));
  r.send(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'untitled:x', version: 2 }, contentChanges: [
    { range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, text: 'X' },
    { range: { start: { line: 99, character: 5 }, end: { line: -1, character: -4 } }, text: 'Y' },
    { range: { start: { line: 0, character: 9999 }, end: { line: 0, character: 9999 } }, text: 'Z' },
  ] } }));
  m = await r.next();
  check('raw: hostile incremental positions clamp, no crash', m && m.method === 'textDocument/publishDiagnostics'
    && m.params.version === 2, JSON.stringify(m));
  r.send('{"jsonrpc":"2.0","id":9,"method":"shutdown"}');
  m = await r.next();
  check('raw: shutdown -> null', m && m.id === 9 && m.result === null, JSON.stringify(m));
  r.send('{"jsonrpc":"2.0","id":10,"method":"textDocument/codeAction","params":{}}');
  await expectError('raw: request after shutdown -> -32600', -32600, 10);
  r.send('{"jsonrpc":"2.0","method":"exit"}');
  const ex = await withTimeout(r.exited, 'exit');
  check('raw: exit after shutdown -> status 0', ex.code === 0, `code ${ex.code} signal ${ex.signal} ${r.stderr().slice(-2000)}`);

  // exit without shutdown -> 1
  const r2 = startRaw();
  r2.send('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}');
  await r2.next();
  r2.send('{"jsonrpc":"2.0","method":"exit"}');
  const ex2 = await withTimeout(r2.exited, 'exit');
  check('raw: exit without shutdown -> status 1', ex2.code === 1, `code ${ex2.code} signal ${ex2.signal}`);

  // the client goes away in the middle of a frame -> status 1, no crash
  const r3 = startRaw();
  r3.send('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}');
  await r3.next();
  r3.proc.stdin.end(Buffer.from('Content-Length: 100\r\n\r\n{"jsonrpc"', 'ascii'));
  const ex3 = await withTimeout(r3.exited, 'exit');
  check('raw: EOF inside a frame -> status 1, no signal', ex3.code === 1 && ex3.signal === null,
    `code ${ex3.code} signal ${ex3.signal} ${r3.stderr().slice(-2000)}`);
}

// ------------------------------------------------------------------ main

async function main() {
  if (!fs.existsSync(SLIMFILE)) {
    check(`server binary exists (${SLIMFILE})`, false, 'build it first: make');
    return;
  }
  const steps = [
    ['main session', mainSession],
    ['utf-8 session', () => encodingSession(['utf-8', 'utf-16'], 'utf-8')],
    ['utf-32 session', () => encodingSession(['utf-32'], 'utf-32')],
    ['unsupported-only offer', () => encodingSession(['ucs-2'], 'utf-16')],
    ['raw session', rawSession],
  ];
  for (const [name, fn] of steps) {
    try {
      await fn();
    } catch (e) {
      check(`${name} completed`, false, e && e.stack ? e.stack : String(e));
    }
  }
}

try {
  await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`lsp: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
