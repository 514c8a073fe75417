// Reports arrive from the wasm core by column: per column, all values in one string and a
// Uint32Array of where each starts (UTF-16 units). Building the row objects here, in one loop per
// column, is much cheaper than sending rows as JSON that repeats every column name in every row.

/** `{ columns, rows, text }` from the core's `{ columns, length, values, offsets, text }`. */
export function fromColumns({ columns, length, values, offsets, text }) {
  const rows = new Array(length);
  for (let i = 0; i < length; i++) rows[i] = {};
  for (let c = 0; c < columns.length; c++) {
    const name = columns[c];
    const column = values[c];
    const starts = offsets[c];
    if (name === '__proto__') {
      // Assignment would replace the row's prototype; a server column named so stays a field,
      // an own data property as JSON.parse would make it.
      for (let i = 0; i < length; i++) {
        Object.defineProperty(rows[i], name, {
          value: column.slice(starts[i], starts[i + 1]),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    } else {
      for (let i = 0; i < length; i++) rows[i][name] = column.slice(starts[i], starts[i + 1]);
    }
  }
  return { columns, rows, text };
}

/** The summary: each of its members from its columns. */
export function summaryFromColumns(summary) {
  return Object.fromEntries(Object.entries(summary).map(([name, member]) => [name, fromColumns(member)]));
}
