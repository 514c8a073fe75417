// `make bench` (Node part): every case against what a user would write instead. Rows are printed
// as measured and written to the JSON file named by the first argument, for benchmarks/table.py.
// A case that fails is reported and the others still run.

import { writeFileSync } from 'node:fs';

import * as registrants from './registrants.mjs';
import * as reports from './reports.mjs';
import * as sizes from './sizes.mjs';
import * as smallCalls from './small-calls.mjs';

const rows = [];
let failed = 0;
for (const module of [reports, registrants, smallCalls, sizes]) {
  console.log(module.title);
  try {
    rows.push(...(await module.run()));
  } catch (error) {
    console.error(error);
    failed += 1;
  }
}
writeFileSync(process.argv[2], JSON.stringify({ part: 'node', rows }, null, 1));
const mismatches = rows.filter((r) => r.ok === false).length;
if (failed || mismatches) {
  console.error(`node: ${failed} cases failed, ${mismatches} results differ`);
  process.exitCode = 1;
}
