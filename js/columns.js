// Results arrive from the wasm core by column (flow-wasm/src/convert.rs): per field, its values (or
// its distinct values, with each row's index among them) in one string with a Uint32Array of where
// each starts (UTF-16 units), or a Float64Array of numbers, or a Uint8Array of flags, plus which
// rows have the field. The rows are built here, one loop per field: nothing is parsed twice.

/**
 * The row objects of `length` rows: field `names[c]` takes its values from `fields[c]`. Each row
 * is a copy of a template that already has its fields (JSON.parse lays such an object out whole),
 * so filling it in stores into existing slots instead of growing every row field by field.
 */
export function toRows(length, names, fields) {
  const { shape, count } = shapes(length, fields);
  const templates = new Array(count);
  const rows = new Array(length);
  for (let i = 0; i < length; i++) {
    const template = (templates[shape[i]] ??= templateOf(names, fields, i));
    rows[i] = { ...template };
  }
  for (let c = 0; c < names.length; c++) fill(rows, names[c], fields[c]);
  return rows;
}

/**
 * Numbers the rows' shapes (which fields they have), refining by one field with a `present`
 * array at a time: a shape and a presence bit make a shape of the next round.
 */
function shapes(length, fields) {
  const shape = new Uint32Array(length);
  let count = Math.min(length, 1);
  for (const [, , , , present] of fields) {
    if (!present) continue;
    const next = new Int32Array(2 * count).fill(-1);
    count = 0;
    for (let i = 0; i < length; i++) {
      const key = 2 * shape[i] + present[i];
      shape[i] = next[key] < 0 ? (next[key] = count++) : next[key];
    }
  }
  return { shape, count };
}

/** An object with row `i`'s fields, in order, set to null. */
function templateOf(names, fields, i) {
  const keys = names.filter((_, c) => has(fields[c], i));
  return JSON.parse(`{${keys.map((name) => `${JSON.stringify(name)}:null`).join(',')}}`);
}

/**
 * Sets field `name` on every row that has it, in a loop of its own kind. The row already has the
 * field as an own data property (from its template), so even a server field named `__proto__` is
 * stored as a field, never as the row's prototype.
 */
function fill(rows, name, [kind, values, offsets, codes, present]) {
  const n = rows.length;
  if (codes) {
    // Repeating text: each distinct value made once.
    const strings = Array.from({ length: offsets.length - 1 }, (_, k) => values.slice(offsets[k], offsets[k + 1]));
    for (let i = 0; i < n; i++) if (!present || present[i]) rows[i][name] = strings[codes[i]];
  } else if (kind === TEXT) {
    for (let i = 0; i < n; i++) if (!present || present[i]) rows[i][name] = values.slice(offsets[i], offsets[i + 1]);
  } else if (kind === NUMBER) {
    for (let i = 0; i < n; i++) if (!present || present[i]) rows[i][name] = values[i];
  } else if (kind === FLAG) {
    for (let i = 0; i < n; i++) if (!present || present[i]) rows[i][name] = values[i] === 1;
  } else {
    for (let i = 0; i < n; i++) if (!present || present[i]) rows[i][name] = json(values, offsets, i);
  }
}

/** The kinds of field (flow-wasm/src/convert.rs, `column`); the fourth is JSON text. */
const [TEXT, NUMBER, FLAG] = [0, 2, 3];

/** Whether row `i` has the field `[kind, values, offsets, codes, present]`. */
const has = (field, i) => !field[4] || field[4][i] === 1;

/** Value `i` of a JSON column. */
function json(values, offsets, i) {
  return JSON.parse(values.slice(offsets[i], offsets[i + 1]));
}

function define(row, name, value) {
  Object.defineProperty(row, name, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The models of a `{ length, fields, extra }` the core sent, `names` their fields' wire names in
 * table order: each row has the fields it was sent, in table order, then the ones the table does
 * not know.
 */
export function toModels({ length, fields, extra }, names) {
  const rows = toRows(length, names, fields);
  for (let i = 0; i < length; i++) {
    if (!has(extra, i)) continue;
    const unknown = json(extra[1], extra[2], i);
    for (const name of Object.keys(unknown)) define(rows[i], name, unknown[name]);
  }
  return rows;
}

/** `{ columns, rows, text }` from the core's `{ columns, length, fields, text }`. */
export function toReport({ columns, length, fields, text }) {
  return { columns, rows: toRows(length, columns, fields), text };
}

/** The summary: each of its members a report. */
export function toSummary(summary) {
  return Object.fromEntries(Object.entries(summary).map(([name, member]) => [name, toReport(member)]));
}
