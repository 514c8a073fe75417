// Timing and reporting: warm-up, median of repetitions, and a table whose every row carries a
// correctness check, so a fast wrong answer cannot win.

/** One warm-up call, then the median of `repeats` calls (with a GC between calls when exposed). */
async function measure(fn, repeats) {
  let result = await fn();
  const times = [];
  for (let i = 0; i < repeats; i += 1) {
    result = undefined;
    globalThis.gc?.();
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { ms: median, result };
}

/** What must match between the SDK's result and an alternative's. */
export function shape(rows, columns, sample) {
  return { rows, columns: [...columns], sample: String(sample) };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Times the SDK and each alternative (an object name -> function); `shapeOf` must give equal
 * shapes for the SDK's result and the alternative's.
 */
export async function compare(caseName, repeats, sdk, alternatives, shapeOf) {
  const { ms: sdkMs, result: sdkResult } = await measure(sdk, repeats);
  const expected = shapeOf(sdkResult);
  const rows = [];
  for (const [name, alternative] of Object.entries(alternatives)) {
    const { ms, result } = await measure(alternative, repeats);
    const got = shapeOf(result);
    const ok = same(got, expected);
    const check = ok
      ? `same ${expected.rows.toLocaleString('en-US')} rows x ${expected.columns.length} columns, last ${expected.sample}`
      : `MISMATCH: SDK ${JSON.stringify(expected)} vs ${JSON.stringify(got)}`;
    rows.push({ case: caseName, sdkMs, alternative: name, altMs: ms, check, ok });
    console.log(`  ${caseName}: SDK ${fmt(sdkMs)}, ${name} ${fmt(ms)}`);
  }
  return rows;
}

function fmt(ms) {
  return ms >= 10 ? `${Math.round(ms).toLocaleString('en-US')} ms` : `${ms.toFixed(2)} ms`;
}

/** A Markdown table: ratio = alternative / SDK, so above 1 means the SDK is faster. */
export function printTable(rows) {
  console.log('\n| case | SDK | alternative | alternative time | ratio (alt/SDK) | check |');
  console.log('| --- | ---: | --- | ---: | ---: | --- |');
  for (const r of rows) {
    const ratio = (r.altMs / r.sdkMs).toFixed(2);
    console.log(`| ${r.case} | ${fmt(r.sdkMs)} | ${r.alternative} | ${fmt(r.altMs)} | ${ratio}x | ${r.check} |`);
  }
}
