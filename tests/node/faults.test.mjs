// The fault matrix in Node: every case of tests/faults/cases.json (format in that folder's README)
// through the public `Flow` API (the wasm core over Node's fetch) against the `flow-mock` binary
// over loopback sockets. The mock misbehaves as each case's `faults` say; the runner checks the
// outcome, the attempts the mock logged, that no write was processed twice, and that the secret
// shows in no error text, inspect form or console line. The counts go to target/faults/node.json
// for scripts/faults-summary.sh.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { format } from 'node:util';

import * as api from 'flow-api';

import { startMock } from './mock-server.mjs';
import { CLASSES, OPERATIONS, secretForms, shownTexts } from './runner-support.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const CASES = JSON.parse(readFileSync(`${ROOT}tests/faults/cases.json`, 'utf8'));
const MIN_CASES = 24;
// The mock's and the client's secret: distinctive, so any echo of it is found.
const SECRET = 'fault-matrix-s3cret-7c1e';
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 10_000;
const WRITES = new Set(['registrants.create', 'events.create', 'sso.login_link']);

const KEYS = {
  case: ['name', 'operation', 'input', 'client', 'faults', 'expect'],
  client: ['max_retries', 'timeout_ms', 'max_response_bytes'],
  expect: ['result', 'columns', 'rows', 'error', 'status', 'may_have_been_processed', 'message', 'request_id',
    'attempts', 'processed_at_most', 'min_elapsed_ms', 'max_elapsed_ms'],
};


function unknownKeys(object, allowed, where) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return [`${where} is not an object`];
  return Object.keys(object).filter((k) => !allowed.includes(k)).map((k) => `unknown key ${where}.${k}`);
}

/** What is wrong with a case before it runs; an empty list when nothing is. */
function validate(c) {
  const problems = unknownKeys(c, KEYS.case, '$');
  if (problems.length) return problems;
  for (const key of ['name', 'operation', 'input', 'faults', 'expect']) if (!(key in c)) problems.push(`no ${key}`);
  const operation = OPERATIONS[c.operation];
  if (!operation) problems.push(`unknown operation ${c.operation}`);
  else if (operation[0]) problems.push(...unknownKeys(c.input, operation[0], '$.input'));
  if ('client' in c) problems.push(...unknownKeys(c.client, KEYS.client, '$.client'));
  const e = c.expect ?? {};
  problems.push(...unknownKeys(e, KEYS.expect, '$.expect'));
  if (!('attempts' in e)) problems.push('expect.attempts is required');
  if (('result' in e) === ('error' in e)) problems.push('expect needs exactly one of result and error');
  if ('result' in e && e.result !== 'ok') problems.push(`expect.result must be "ok", not ${JSON.stringify(e.result)}`);
  if ('result' in e && ['status', 'may_have_been_processed', 'message', 'request_id'].some((k) => k in e)) {
    problems.push('status, may_have_been_processed, message and request_id belong to an expected error');
  }
  if ('error' in e && ('columns' in e || 'rows' in e)) problems.push('columns and rows belong to an expected result');
  if ('error' in e && !CLASSES[e.error]) problems.push(`unknown error kind ${e.error}`);
  if (WRITES.has(c.operation) && !('processed_at_most' in e)) {
    problems.push(`${c.operation} is a write: expect.processed_at_most is required`);
  }
  if (!Array.isArray(c.faults) || !c.faults.every((f) => f !== null && typeof f === 'object' && !Array.isArray(f))) {
    problems.push('faults is a list of rule objects');
  }
  return problems;
}

/** `{"$repeat": s, "times": n}` becomes s n times, `{"$join": [...]}` its parts joined. */
function expand(value) {
  if (Array.isArray(value)) return value.map(expand);
  if (value === null || typeof value !== 'object') return value;
  if ('$repeat' in value) {
    const keys = Object.keys(value).sort().join(',');
    if (keys !== '$repeat,times') throw new Error(`$repeat takes exactly $repeat and times, got ${keys}`);
    if (typeof value.$repeat !== 'string' || !Number.isInteger(value.times)) throw new Error('$repeat is text, times a whole number');
    return value.$repeat.repeat(value.times);
  }
  if ('$join' in value) {
    if (Object.keys(value).length !== 1 || !Array.isArray(value.$join)) throw new Error('$join takes one list and no other key');
    const parts = value.$join.map(expand);
    if (!parts.every((p) => typeof p === 'string')) throw new Error('every $join part is text');
    return parts.join('');
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
}

/** Keys sent that the mock's echo of the rule lacks: the mock ignored them (a misspelling). */
function missingInEcho(sent, echo, path) {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(sent) || !isObject(echo)) return [];
  return Object.entries(sent).flatMap(([k, v]) => (k in echo ? missingInEcho(v, echo[k], `${path}.${k}`) : [`${path}.${k}`]));
}

/** A JS report (`rows` as objects) as columns and rows of arrays in column order. */
function table(report) {
  return { columns: report.columns, rows: report.rows.map((row) => report.columns.map((c) => row[c])) };
}


/** Runs `fn` with every console method recorded (and still printed afterwards). */
async function capturingConsole(fn) {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const saved = Object.fromEntries(methods.map((m) => [m, console[m]]));
  const lines = [];
  for (const m of methods) console[m] = (...args) => lines.push([m, format(...args)]);
  try {
    return { outcome: await fn(), lines: lines.map(([, line]) => line) };
  } finally {
    Object.assign(console, saved);
    for (const [m, line] of lines) saved[m](line);
  }
}

async function runCase(mock, c) {
  const problems = validate(c);
  if (problems.length) return problems;
  await mock.control('POST', '/reset');
  for (const [i, raw] of c.faults.entries()) {
    const rule = expand(raw);
    const echo = await mock.control('POST', '/faults', rule);
    const missing = missingInEcho(rule, echo, `faults[${i}]`);
    if (missing.length) return [`the mock ignored ${missing.join(', ')}`];
  }
  const options = c.client ?? {};
  const settings = {
    apiSecret: SECRET,
    baseURL: mock.baseURL,
    maxRetries: options.max_retries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeout_ms ?? DEFAULT_TIMEOUT_MS,
  };
  if ('max_response_bytes' in options) settings.maxResponseBytes = options.max_response_bytes;
  let elapsed = 0;
  const { outcome, lines } = await capturingConsole(async () => {
    const start = performance.now();
    try {
      const flow = new api.Flow(settings);
      return { result: await OPERATIONS[c.operation][1](flow, c.input) };
    } catch (error) {
      return { error };
    } finally {
      elapsed = performance.now() - start;
    }
  });

  const e = c.expect;
  if (elapsed < (e.min_elapsed_ms ?? 0) || elapsed > (e.max_elapsed_ms ?? Infinity)) {
    problems.push(`the call took ${elapsed.toFixed(0)} ms, expected ${e.min_elapsed_ms ?? 0} to ${e.max_elapsed_ms ?? 'any'} ms`);
  }
  if ('result' in e) {
    if (outcome.error) {
      problems.push(`expected a result, got ${outcome.error?.name}: ${outcome.error?.message}`);
    } else if ('columns' in e || 'rows' in e) {
      const got = table(outcome.result);
      for (const key of ['columns', 'rows']) {
        if (key in e && JSON.stringify(got[key]) !== JSON.stringify(e[key])) {
          problems.push(`${key}: expected ${JSON.stringify(e[key])}, got ${JSON.stringify(got[key])}`);
        }
      }
    }
  } else if (!outcome.error) {
    problems.push(`expected a ${e.error} error, got a result`);
  } else {
    const { error } = outcome;
    const Class = CLASSES[e.error];
    if (!(error instanceof Class)) problems.push(`${error?.name}: ${error?.message} is not a ${Class.name}`);
    if (error?.kind !== e.error) problems.push(`kind ${error?.kind} != ${e.error}`);
    const fields = { status: 'status', message: 'serverMessage', request_id: 'requestId',
      may_have_been_processed: 'mayHaveBeenProcessed' };
    for (const [key, property] of Object.entries(fields)) {
      if (key in e && error?.[property] !== e[key]) {
        problems.push(`${property}: ${JSON.stringify(error?.[property])} != ${JSON.stringify(e[key])}`);
      }
    }
  }
  const shown = [...lines, ...(outcome.error ? shownTexts(outcome.error) : [])];
  const forms = secretForms(SECRET);
  if (shown.some((text) => forms.some((form) => text.includes(form)))) {
    problems.push('the secret (plain, \\u-escaped or %-encoded) shows in an error text or console line');
  }

  const log = await mock.control('GET', '/requests');
  if (log.length !== e.attempts) {
    const seen = log.map((r) => `${r.method} ${r.path} -> ${r.status} (${r.fault})`);
    problems.push(`attempts: expected ${e.attempts}, the mock logged ${log.length}: ${JSON.stringify(seen)}`);
  }
  if ('processed_at_most' in e) {
    const processed = log.filter((r) => r.processed === true).length;
    if (processed > e.processed_at_most) problems.push(`processed ${processed} times, at most ${e.processed_at_most} allowed`);
  }
  return problems;
}

let mock;
const results = new Map();
const started = performance.now();

before(async () => {
  mock = await startMock({ apiSecret: SECRET });
});

after(async () => {
  await mock?.stop();
  const passed = [...results.values()].filter((problems) => !problems.length).length;
  const failed = CASES.length - passed;
  const notRun = CASES.length - results.size;
  mkdirSync(`${ROOT}target/faults`, { recursive: true });
  writeFileSync(`${ROOT}target/faults/node.json`, `${JSON.stringify({ cases: CASES.length, passed, failed })}\n`);
  const note = notRun ? ` (${notRun} not run, counted as failed)` : '';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`faults[node]: ${CASES.length} cases, ${passed} passed, ${failed} failed${note} (${seconds} s)`);
  for (const [name, problems] of results) if (problems.length) console.log(`  FAILED ${name}\n    ${problems.join('\n    ')}`);
});

const names = new Set();
for (const [i, c] of CASES.entries()) {
  const name = typeof c?.name === 'string' ? c.name : `cases[${i}]`;
  test(`fault ${name}`, async () => {
    let problems;
    if (names.has(name)) problems = ['the name is used twice'];
    else {
      names.add(name);
      try {
        problems = await runCase(mock, c);
      } catch (error) {
        problems = [`cannot run: ${error?.stack ?? error}`];
      }
    }
    results.set(results.has(name) ? `${name} (again)` : name, problems);
    if (problems.length) assert.fail(`${name}\n  ${problems.join('\n  ')}`);
  });
}

test(`the fault matrix has at least ${MIN_CASES} cases`, () => {
  assert.ok(CASES.length >= MIN_CASES, `only ${CASES.length} cases in tests/faults/cases.json`);
});
