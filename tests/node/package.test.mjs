// What ships: the packed file list, the module size budget, and a browser entry free of Node APIs.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('../../', import.meta.url);
const GZIP_BUDGET = 250 * 1024;

test('npm pack ships only the JS layer, its types and the wasm build', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files = packed.files.map((f) => f.path).filter((p) => !/^(README|LICENSE)/i.test(p)).sort();
  assert.deepEqual(files, [
    'js/browser.js',
    'js/columns.js',
    'js/errors.js',
    'js/flow.js',
    'js/index.d.ts',
    'js/node.js',
    'package.json',
    'pkg/web/flow_wasm.js',
    'pkg/web/flow_wasm_bg.wasm',
  ]);
});

test('the entry exports exactly the client and the error classes', async () => {
  const exported = Object.keys(await import('flow-api')).sort();
  assert.deepEqual(exported, [
    'APIConnectionError', 'APIError', 'APIResponseValidationError', 'APIStatusError', 'APITimeoutError',
    'APIUserAbortError', 'AuthenticationError', 'BadRequestError', 'ConflictError', 'Flow', 'FlowError',
    'InternalServerError', 'InvalidRequestError', 'NotFoundError', 'PermissionDeniedError', 'RateLimitError',
    'UnprocessableEntityError',
  ]);
});

test(`the optimised .wasm stays under ${GZIP_BUDGET / 1024} KB gzipped`, () => {
  const wasm = readFileSync(new URL('pkg/web/flow_wasm_bg.wasm', ROOT));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  console.log(`flow_wasm_bg.wasm: ${(wasm.length / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
  assert.ok(gzipped < GZIP_BUDGET, `${gzipped} bytes gzipped`);
});

test('the browser entry and everything it imports use no Node API', () => {
  const seen = new Set();
  const visit = (url) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const source = readFileSync(url, 'utf8');
    assert.doesNotMatch(source, /\bfrom\s+['"]node:|\brequire\(|\bprocess\.|\bBuffer\b|\b__dirname\b/, url.pathname);
    for (const [, spec] of source.matchAll(/\bfrom\s+['"](\.[^'"]+)['"]/g)) visit(new URL(spec, url));
  };
  visit(new URL('js/browser.js', ROOT));
  assert.ok(seen.size >= 4, [...seen].join(', '));
});
