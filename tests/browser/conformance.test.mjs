// Every conformance vector (tests/conformance/, format in its README) through the package's browser
// entry in headless Chromium: a node:http server serves js/, pkg/web/, the runtime-neutral runner
// modules of tests/node/ and the vectors (with an index of their names); one page imports
// /js/browser.js and tests/node/vector-runner.mjs, the same per-vector code the Node runner uses,
// and runs each vector with its fake `fetch`. Each vector is its own test here; the counts go to
// target/conformance/browser.json for scripts/conformance-summary.sh.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { conformanceTests, VECTORS, vectorFiles } from '../node/runner-support.mjs';
import { launchChromium } from './chromium.mjs';

const ROOT = new URL('../../', import.meta.url);
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
// The modules of tests/node/ that import no Node API.
const RUNNER_MODULES = ['/tests/node/runner-common.mjs', '/tests/node/vector-runner.mjs'];
const RUN_TIMEOUT_MS = 300_000;

const files = vectorFiles();
const pageErrors = [];
let server;
let origin;
let browser;
let run;

/** The file a path names, if it is one this server serves. */
function served(path) {
  if (/^\/(js|pkg\/web)\/[\w.-]+$/.test(path) || RUNNER_MODULES.includes(path)) return new URL(`.${path}`, ROOT);
  const vector = files.find((f) => path === `/tests/conformance/${encodeURIComponent(f)}`);
  return vector ? new URL(vector, VECTORS) : null;
}

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const send = (type, body) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (path === '/') return send('text/html', '<!doctype html><title>flow-api conformance</title>');
    if (path === '/tests/conformance/index.json') return send('application/json', JSON.stringify(files));
    if (path === '/tests/manifest.json') return send('application/json', readFileSync(new URL('tests/manifest.json', ROOT)));
    const file = served(path);
    if (!file || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    send(TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(file));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Runs every vector of the index in one page; resolves to `{ [file]: { name, problems } }`. */
async function runInChromium() {
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not finish within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
  });
  try {
    await page.goto(`${origin}/`);
    const results = page.evaluate(async () => {
      const api = await import('/js/browser.js');
      const { inspectOwn } = await import('/tests/node/runner-common.mjs');
      const { vectorRunner } = await import('/tests/node/vector-runner.mjs');
      const manifest = await (await fetch('/tests/manifest.json')).json();
      const runVector = vectorRunner(api, { inspect: inspectOwn, manifest });
      const outcomes = {};
      for (const file of await (await fetch('/tests/conformance/index.json')).json()) {
        const text = await (await fetch(`/tests/conformance/${encodeURIComponent(file)}`)).text();
        outcomes[file] = await runVector(file, text);
      }
      return outcomes;
    });
    return await Promise.race([results, deadline]);
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

conformanceTests('browser', async (file) => {
  const outcomes = await (run ??= runInChromium());
  if (!outcomes[file]) throw new Error('the page returned no outcome for it');
  return outcomes[file];
});

test('the conformance page ran without a page error', async () => {
  await (run ??= runInChromium());
  assert.deepEqual(pageErrors, []);
});
