// `make bench` (Node part): every case against what a user would write instead, one table.

import * as registrants from './registrants.mjs';
import * as reports from './reports.mjs';
import * as smallCalls from './small-calls.mjs';
import { printTable } from './harness.mjs';

const rows = [];
for (const module of [reports, registrants, smallCalls]) {
  console.log(module.title);
  rows.push(...(await module.run()));
}
printTable(rows);
const failed = rows.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`${failed.length} comparisons returned different results`);
  process.exitCode = 1;
}
