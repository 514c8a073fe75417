// Runs every conformance vector (tests/conformance/, format in its README) through the public
// `Flow` API and the wasm core: a fake `fetch` serves the canned responses and checks every
// request, the `_sleep` seam records retry sleeps instead of waiting, `_jitter` fixes the jitter.
// Transport failures are what Node's fetch produces: a `TypeError` whose cause carries
// ECONNREFUSED from the `connect` syscall (connect) or UND_ERR_SOCKET (io), and a `TimeoutError`
// for an attempt timeout (the real per-attempt timer is exercised by the end-to-end suite).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';

import * as api from 'flow-api';

import { CLASSES, OPERATIONS, secretForms, shownTexts } from './runner-support.mjs';

const DIR = new URL('../conformance/', import.meta.url);
const MIN_VECTORS = 70;

const KEYS = {
  vector: ['name', 'operation', 'input', 'config', 'expect_request', 'responses', 'expect_result',
    'expect_error', 'expect_attempts', 'expect_sleeps_ms'],
  config: ['api_secret', 'base_url', 'max_retries', 'timeout_ms', 'jitter', 'max_response_bytes'],
  request: ['method', 'path', 'query', 'headers_present', 'headers_absent', 'body_json'],
  response: ['status', 'headers', 'body_json', 'body_text', 'body_base64'],
  error: ['kind', 'status', 'message', 'request_id', 'field', 'may_have_been_processed', 'body_contains'],
};

const REPORT_OPERATIONS = new Set(['reports.registrants', 'reports.attendee_chat', 'reports.operator_chat', 'reports.survey']);


function unknownKeys(object, allowed, where) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return [`${where} is not an object`];
  return Object.keys(object).filter((k) => !allowed.includes(k)).map((k) => `unknown key ${where}.${k}`);
}

/** Structural equality, numbers by value; returns the differences with their paths. */
function diff(actual, expected, path = '$') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return actual === expected ? [] : [`${path}: ${actual} != ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${path}: length ${actual.length} != ${expected.length}`];
    return expected.flatMap((e, i) => diff(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      !(k in expected) ? [`${path}.${k}: unexpected`] : !(k in actual) ? [`${path}.${k}: missing`] : diff(actual[k], expected[k], `${path}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
}

/** A JS report (`rows` as objects) in the vectors' form (`rows` as arrays in column order). */
function normaliseReport(report, path, problems) {
  const rows = report.rows.map((row, i) => {
    if (Object.keys(row).length !== report.columns.length) problems.push(`${path}.rows[${i}] is not as wide as columns`);
    return report.columns.map((c) => row[c]);
  });
  if (typeof report.text !== 'string') problems.push(`${path}.text is not a string`);
  return { columns: report.columns, rows };
}

function normalise(operation, result, problems) {
  if (REPORT_OPERATIONS.has(operation)) return normaliseReport(result, '$', problems);
  if (operation === 'reports.summary') {
    return Object.fromEntries(Object.entries(result).map(([k, r]) => [k, normaliseReport(r, `$.${k}`, problems)]));
  }
  return result;
}

function rawPath(url) {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const rest = start < 0 ? '/' : url.slice(start);
  const q = rest.indexOf('?');
  return q < 0 ? [rest, null] : [rest.slice(0, q), rest.slice(q + 1)];
}

function checkRequest(expect, url, init, attempt, problems) {
  const at = `attempt ${attempt}`;
  if (!expect) return problems.push(`${at}: sent, but the vector has no expect_request`);
  if (init.method !== expect.method) problems.push(`${at}: method ${init.method} != ${expect.method}`);
  const [path, query] = rawPath(url);
  if (path !== expect.path) problems.push(`${at}: path ${path} != ${expect.path}`);
  const sent = {};
  for (const pair of query === null ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = decodeURIComponent(k);
    if (key in sent) problems.push(`${at}: query parameter ${key} repeated`);
    sent[key] = decodeURIComponent(v);
  }
  if (query === '') problems.push(`${at}: empty query string sent`);
  problems.push(...diff(sent, expect.query ?? {}, `${at} query`));
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(expect.headers_present ?? {})) {
    if (headers.get(name) !== value) problems.push(`${at}: header ${name} is ${JSON.stringify(headers.get(name))}, expected ${JSON.stringify(value)}`);
  }
  for (const name of expect.headers_absent ?? []) {
    if (headers.has(name)) problems.push(`${at}: header ${name} was sent`);
  }
  const hasBody = init.body !== undefined && init.body !== null;
  if (!('body_json' in expect)) {
    if (hasBody) problems.push(`${at}: a body was sent: ${init.body}`);
  } else if (!hasBody) {
    problems.push(`${at}: no body was sent`);
  } else {
    let body;
    try {
      body = JSON.parse(init.body);
    } catch {
      return problems.push(`${at}: the body is not JSON: ${init.body}`);
    }
    problems.push(...diff(body, expect.body_json, `${at} body`));
  }
}

/** What Node's fetch returns or throws for a canned answer. */
function answer(canned) {
  if ('error' in canned) {
    if (Object.keys(canned).length !== 1) throw new Error('a transport failure has no other fields');
    const cause = (message, fields) => Object.assign(new Error(message), fields);
    switch (canned.error) {
      case 'connect':
        throw new TypeError('fetch failed', {
          cause: cause('connect ECONNREFUSED 192.0.2.1:443', {
            code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '192.0.2.1', port: 443,
          }),
        });
      case 'io':
        throw new TypeError('fetch failed', { cause: cause('other side closed', { code: 'UND_ERR_SOCKET' }) });
      case 'timeout':
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      default:
        throw new Error(`unknown transport error ${JSON.stringify(canned.error)}`);
    }
  }
  const bodies = ['body_json', 'body_text', 'body_base64'].filter((k) => k in canned);
  if (bodies.length > 1) throw new Error('more than one body form');
  const headers = new Headers(canned.headers ?? {});
  let body = null;
  if ('body_json' in canned) {
    body = JSON.stringify(canned.body_json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if ('body_text' in canned) {
    body = canned.body_text;
  } else if ('body_base64' in canned) {
    body = Buffer.from(canned.body_base64, 'base64');
  }
  return new Response(body, { status: canned.status, headers });
}

async function runVector(file) {
  const problems = [];
  const vector = JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
  problems.push(...unknownKeys(vector, KEYS.vector, '$'));
  problems.push(...unknownKeys(vector.config, KEYS.config, '$.config'));
  if (vector.expect_request) problems.push(...unknownKeys(vector.expect_request, KEYS.request, '$.expect_request'));
  if (vector.expect_error) problems.push(...unknownKeys(vector.expect_error, KEYS.error, '$.expect_error'));
  const responses = vector.responses ?? [];
  responses.forEach((r, i) => 'error' in r || problems.push(...unknownKeys(r, KEYS.response, `$.responses[${i}]`)));
  if (('expect_result' in vector) === ('expect_error' in vector)) problems.push('exactly one of expect_result and expect_error');
  const operation = OPERATIONS[vector.operation];
  if (!operation) problems.push(`unknown operation ${vector.operation}`);
  if (!('api_secret' in (vector.config ?? {}))) problems.push('config.api_secret is required');
  if (operation) problems.push(...unknownKeys(vector.input, operation[0], '$.input'));
  if (problems.length) return { vector, problems };

  const { config } = vector;
  const sleeps = [];
  const controller = new AbortController();
  let attempts = 0;
  const fakeFetch = async (url, init) => {
    attempts += 1;
    checkRequest(vector.expect_request, url, init, attempts, problems);
    if (attempts > responses.length) {
      problems.push(`transport called ${attempts} times, only ${responses.length} responses`);
      controller.abort();
      return new Promise(() => {});
    }
    return answer(responses[attempts - 1]);
  };

  let outcome;
  try {
    const flow = new api.Flow({
      apiSecret: config.api_secret,
      baseURL: config.base_url,
      maxRetries: config.max_retries,
      timeout: config.timeout_ms,
      maxResponseBytes: config.max_response_bytes,
      fetch: fakeFetch,
      _sleep: (ms) => void sleeps.push(ms),
      _jitter: config.jitter ?? 0,
    });
    outcome = { result: await operation[1](flow, vector.input, { signal: controller.signal }) };
  } catch (error) {
    outcome = { error };
  }

  if ('expect_result' in vector) {
    if (outcome.error) {
      problems.push(`expected a result, got ${outcome.error?.name}: ${outcome.error?.message}`);
    } else {
      const normalised = normalise(vector.operation, outcome.result, problems);
      problems.push(...diff(normalised, vector.expect_result, 'result'));
    }
  } else if (!outcome.error) {
    problems.push(`expected a ${vector.expect_error.kind} error, got ${JSON.stringify(outcome.result)}`);
  } else {
    const { error } = outcome;
    const want = vector.expect_error;
    const Class = CLASSES[want.kind];
    if (!Class) problems.push(`unknown error kind ${want.kind}`);
    else if (!(error instanceof Class)) problems.push(`${error?.name} is not a ${Class.name}`);
    if (error?.kind !== want.kind) problems.push(`kind ${error?.kind} != ${want.kind}`);
    const fields = { status: 'status', message: 'serverMessage', request_id: 'requestId', field: 'field',
      may_have_been_processed: 'mayHaveBeenProcessed' };
    for (const [key, property] of Object.entries(fields)) {
      if (key in want && error?.[property] !== want[key]) {
        problems.push(`${key}: ${JSON.stringify(error?.[property])} != ${JSON.stringify(want[key])}`);
      }
    }
    if (typeof error?.mayHaveBeenProcessed !== 'boolean') problems.push('mayHaveBeenProcessed is not a boolean');
    if ('body_contains' in want && !(typeof error?.body === 'string' && error.body.includes(want.body_contains))) {
      problems.push(`body ${JSON.stringify(error?.body)} does not contain ${JSON.stringify(want.body_contains)}`);
    }
  }
  const secret = typeof config.api_secret === 'string' ? config.api_secret.trim() : '';
  if (outcome.error && secret) {
    const forms = secretForms(secret);
    const shown = shownTexts(outcome.error);
    const leaks = shown.filter((text) => forms.some((form) => text.includes(form))).length;
    if (leaks) problems.push(`${leaks} of the error's ${shown.length} texts show the api_secret (plain, \\u-escaped or %-encoded)`);
  }
  const expectedAttempts = vector.expect_attempts ?? responses.length;
  if (attempts !== expectedAttempts) problems.push(`attempts ${attempts} != ${expectedAttempts}`);
  if (attempts < responses.length) problems.push(`${responses.length - attempts} responses left unconsumed`);
  const rounded = sleeps.map((ms) => Math.floor(ms + 0.5));
  problems.push(...diff(rounded, vector.expect_sleeps_ms ?? [], 'sleeps_ms'));
  return { vector, problems };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const failures = [];
const names = new Map();

for (const file of files) {
  test(`conformance ${file}`, async () => {
    const { vector, problems } = await runVector(file);
    if (names.has(vector.name)) problems.push(`name also used by ${names.get(vector.name)}`);
    names.set(vector.name, file);
    if (problems.length) {
      failures.push({ file, problems });
      assert.fail(`${vector.name}\n  ${problems.join('\n  ')}`);
    }
  });
}

test(`conformance finds at least ${MIN_VECTORS} vectors`, () => {
  assert.ok(files.length >= MIN_VECTORS, `only ${files.length} vectors in ${DIR.pathname}`);
});

after(() => {
  console.log(`conformance: ${files.length} vectors, ${files.length - failures.length} passed, ${failures.length} failed`);
  for (const { file, problems } of failures) console.log(`  FAILED ${file}\n    ${problems.join('\n    ')}`);
});
