// Timing and results: a warm-up, then the best of some repetitions, and every row carrying a
// correctness check, so a fast wrong answer cannot win. Rows are printed as they are measured and
// collected for benchmarks/table.py, which prints the whole table against the goals.

export const REPEATS = 5;

/** One warm-up call, then the best of `repeats` calls (with a GC between calls when exposed). */
async function measure(fn, repeats) {
  let result = await fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i += 1) {
    result = undefined;
    globalThis.gc?.();
    const start = performance.now();
    result = await fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

/** What must match between the SDK's result and a peer's. */
export function shape(rows, columns, sample) {
  return { rows, columns: [...columns], sample: String(sample) };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function fmt(ms) {
  return ms >= 10 ? `${Math.round(ms).toLocaleString('en-US')} ms` : `${ms.toFixed(2)} ms`;
}

/**
 * Times the SDK (`[name, fn]`) once and each peer (`[table row key, name, fn]`); `shapeOf` must
 * give equal shapes for the SDK's result and each peer's.
 */
export async function compare([sdkName, sdk], peers, shapeOf, repeats = REPEATS) {
  const { ms: sdkMs, result: sdkResult } = await measure(sdk, repeats);
  const expected = shapeOf(sdkResult);
  const rows = [];
  for (const [key, name, peer] of peers) {
    const { ms, result } = await measure(peer, repeats);
    const got = shapeOf(result);
    const ok = same(got, expected);
    const check = ok
      ? `same ${expected.rows.toLocaleString('en-US')} rows x ${expected.columns.length} columns, last ${expected.sample}`
      : `MISMATCH: SDK ${JSON.stringify(expected)} vs ${JSON.stringify(got)}`;
    rows.push({ key, sdk: sdkName, sdk_ms: sdkMs, peer: name, peer_ms: ms, check, ok });
    const verdict = ok ? '' : '  MISMATCH';
    console.log(`  [${key}] ${sdkName}: ${fmt(sdkMs)} | ${name}: ${fmt(ms)} | ratio ${(ms / sdkMs).toFixed(2)}x${verdict}`);
  }
  return rows;
}

/** A size or time with a goal but no peer (the goal lives in benchmarks/table.py). */
export function limit(key, what, value, unit) {
  console.log(`  [${key}] ${what}: ${value.toFixed(1)} ${unit}`);
  return { key, what, value, unit };
}
