// Runs every conformance vector (tests/conformance/, format in its README) through the Node entry
// of the package: the per-vector logic is vector-runner.mjs, which the browser runner
// (tests/browser/conformance.test.mjs) runs in Chromium too. One test per vector; the counts go to
// target/conformance/node.json for scripts/conformance-summary.sh.

import { readFileSync } from 'node:fs';

import * as api from 'flow-api';

import { conformanceTests, inspectHidden, MANIFEST, VECTORS } from './runner-support.mjs';
import { vectorRunner } from './vector-runner.mjs';

const run = vectorRunner(api, { inspect: inspectHidden, manifest: MANIFEST });

conformanceTests('node', (file) => run(file, readFileSync(new URL(file, VECTORS), 'utf8')));
