// What the Node runners of the data-driven suites share (conformance vectors, the fault matrix):
// the parts that need no Node API are in runner-common.mjs (also loaded in Chromium); here are the
// Node entry's error classes, the `inspect` form of an error, and the conformance runners' tests
// and counts (tests/node/conformance.test.mjs and tests/browser/conformance.test.mjs).

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { inspect } from 'node:util';

import * as api from 'flow-api';

import { errorClasses, operationsFrom, shownTexts as shownTextsWith } from './runner-common.mjs';
import { MIN_VECTORS } from './vector-runner.mjs';

export { secretForms } from './runner-common.mjs';

/** The core's operation table, as checked in. */
export const MANIFEST = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));

/** Each operation's input keys and public call, from the manifest. */
export const OPERATIONS = operationsFrom(MANIFEST);

/** The class each error kind must be an instance of. */
export const CLASSES = errorClasses(api);

/** Node's debug form of a value, hidden properties included. */
export const inspectHidden = (value) => inspect(value, { depth: 10, showHidden: true });

/** Everything an error shows: message, string and inspected forms, stack, JSON, every text field. */
export const shownTexts = (error) => shownTextsWith(error, inspectHidden);

export const VECTORS = new URL('../conformance/', import.meta.url);

/** The vector files, sorted by name. */
export const vectorFiles = () => readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort();

/**
 * Registers one test per vector file (`outcome(file)` resolves to the vector's `{ name, problems }`)
 * and one for the minimum count; prints the counts at the end and writes them to
 * target/conformance/<runtime>.json for scripts/conformance-summary.sh. That file is deleted first,
 * so a run that dies before the end leaves none; a vector that did not run counts as failed.
 */
export function conformanceTests(runtime, outcome) {
  const counts = new URL(`../../target/conformance/${runtime}.json`, import.meta.url);
  rmSync(counts, { force: true });
  const files = vectorFiles();
  const results = new Map();

  for (const file of files) {
    test(`conformance ${file}`, async () => {
      let name = file;
      let problems;
      try {
        ({ name, problems } = await outcome(file));
      } catch (error) {
        problems = [`cannot run: ${error?.stack ?? error}`];
      }
      results.set(file, problems);
      if (problems.length) assert.fail(`${name}\n  ${problems.join('\n  ')}`);
    });
  }

  test(`conformance finds at least ${MIN_VECTORS} vectors`, () => {
    assert.ok(files.length >= MIN_VECTORS, `only ${files.length} vectors in ${VECTORS.pathname}`);
  });

  after(() => {
    const passed = [...results.values()].filter((problems) => !problems.length).length;
    const failed = files.length - passed;
    mkdirSync(new URL('.', counts), { recursive: true });
    writeFileSync(counts, `${JSON.stringify({ runtime, vectors: files.length, passed, failed })}\n`);
    const notRun = files.length - results.size;
    const note = notRun ? ` (${notRun} not run, counted as failed)` : '';
    console.log(`conformance (${runtime}): ${files.length} vectors, ${passed} passed, ${failed} failed${note}`);
    for (const [file, problems] of results) if (problems.length) console.log(`  FAILED ${file}\n    ${problems.join('\n    ')}`);
  });
}
