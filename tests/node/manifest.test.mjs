// The package against the core's operation table (tests/manifest.json, written by `make manifest`
// from flow_core::operations::manifest): the TypeScript declarations (js/index.d.ts, read with the
// TypeScript compiler API) and the resources a `Flow` builds at run time must name every operation,
// job, input, option, model field, row status and report kind of the manifest, and nothing else.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Flow } from 'flow-api';
import ts from 'typescript';

import { manifest as builtManifest } from '../../pkg/web/flow_wasm.js';

const ROOT = new URL('../../', import.meta.url);
const MANIFEST = JSON.parse(readFileSync(new URL('tests/manifest.json', ROOT), 'utf8'));
/** Client options that belong to the JS layer, not to the core's settings. */
const JS_ONLY_OPTIONS = ['dangerouslyAllowBrowser', 'fetch', 'logger'];
/** Call options that belong to the JS layer. */
const JS_ONLY_CALL_OPTIONS = ['signal'];

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const sorted = (names) => [...names].sort();

/** The declarations of js/index.d.ts: interfaces and classes by name. */
function declarations(path = new URL('js/index.d.ts', ROOT)) {
  const source = ts.createSourceFile('index.d.ts', readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const byName = new Map();
  for (const statement of source.statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      byName.set(statement.name.text, statement);
    }
  }
  return byName;
}

/** The string literals of a union type alias (`type RowStatus = 'created' | ...`). */
function literals(path, name) {
  const source = ts.createSourceFile('index.d.ts', readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const alias = source.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === name);
  assert.ok(alias, `index.d.ts declares no type ${name}`);
  const members = ts.isUnionTypeNode(alias.type) ? alias.type.types : [alias.type];
  return members.map((t) => t.literal?.text);
}

/** The named members (properties and methods) of an interface or class, inherited ones included. */
function members(decls, name) {
  const decl = decls.get(name);
  assert.ok(decl, `index.d.ts declares no interface or class ${name}`);
  const own = decl.members
    .filter((m) => m.name && (ts.isPropertySignature(m) || ts.isMethodSignature(m) || ts.isPropertyDeclaration(m)))
    .map((m) => ({ name: m.name.text, optional: Boolean(m.questionToken), node: m }));
  const inherited = (decl.heritageClauses ?? [])
    .flatMap((clause) => clause.types)
    .map((t) => t.expression.getText())
    .filter((base) => decls.has(base))
    .flatMap((base) => members(decls, base));
  return [...inherited.filter((m) => !own.some((o) => o.name === m.name)), ...own];
}

/** What `names` lacks and has too many of, compared with `expected`. */
function compare(names, expected) {
  return {
    missing: expected.filter((n) => !names.includes(n)),
    extra: names.filter((n) => !expected.includes(n)),
  };
}

/** Every difference between the declarations and the manifest, as readable lines. */
function problems(decls, manifest, path = new URL('js/index.d.ts', ROOT)) {
  const found = [];
  const check = (what, names, expected) => {
    const { missing, extra } = compare(names, expected);
    if (missing.length) found.push(`${what}: missing ${missing.join(', ')}`);
    if (extra.length) found.push(`${what}: extra ${extra.join(', ')}`);
  };
  const flow = members(decls, 'Flow').filter((m) => ts.isPropertyDeclaration(m.node));
  const resources = [...new Set(manifest.operations.map((op) => op.resource))];
  check('Flow resources', flow.map((m) => m.name), resources);
  const outputs = { model: (m) => m, list: (m) => `${m}[]`, report: () => 'Report', summary_report: () => 'SummaryReport' };
  for (const resource of resources) {
    const type = flow.find((m) => m.name === resource)?.node.type?.getText();
    if (!type) continue;
    const methods = members(decls, type);
    const ops = manifest.operations.filter((op) => op.resource === resource);
    const jobs = manifest.jobs.filter((job) => job.resource === resource);
    check(`${type} methods`, methods.map((m) => m.name), [...ops.map((op) => op.js_method), ...jobs.map((job) => job.js_method)]);
    for (const job of jobs) {
      const method = methods.find((m) => m.name === job.js_method)?.node;
      if (!method) continue;
      const at = `${type}.${job.js_method} (${job.name})`;
      const params = method.parameters.map((p) => p.name.getText());
      if (params.join(', ') !== `${camel(job.positional)}, options`) found.push(`${at}: parameters (${params.join(', ')}), the manifest says (${job.positional}, options)`);
      const options = method.parameters[1]?.type?.getText();
      if (!decls.has(options)) {
        found.push(`${at}: the options type ${options} is not an interface of index.d.ts`);
        continue;
      }
      const keys = members(decls, options);
      check(`${options} (options of ${job.name})`, keys.map((k) => k.name), job.js_options);
      const required = keys.filter((k) => !k.optional).map((k) => k.name);
      if (required.length) found.push(`${options} (options of ${job.name}): required ${required.join(', ')}`);
    }
    for (const op of ops) {
      const method = methods.find((m) => m.name === op.js_method)?.node;
      if (!method) continue;
      const at = `${type}.${op.js_method} (${op.name})`;
      const params = method.parameters.map((p) => p.name.getText());
      if (params.at(-1) !== 'options') found.push(`${at}: the last parameter is not options`);
      const returned = method.type?.getText();
      const output = `APIPromise<${outputs[op.output.shape](op.output.model)}>`;
      if (returned !== output) found.push(`${at}: returns ${returned}, the manifest says ${output}`);
      if (op.form === 'positional') {
        if (params.slice(0, -1).join(', ') !== op.js_inputs.join(', ')) {
          found.push(`${at}: parameters (${params.slice(0, -1).join(', ')}), the manifest says (${op.js_inputs.join(', ')})`);
        }
        continue;
      }
      if (params.length !== 2) found.push(`${at}: takes one input object and options`);
      const input = method.parameters[0]?.type?.getText();
      if (!decls.has(input)) {
        found.push(`${at}: the input type ${input} is not an interface of index.d.ts`);
        continue;
      }
      const fields = members(decls, input);
      check(`${input} (input of ${op.name}) required`, fields.filter((f) => !f.optional).map((f) => f.name), op.required.map(camel));
      check(`${input} (input of ${op.name}) optional`, fields.filter((f) => f.optional).map((f) => f.name), op.optional.map(camel));
    }
  }
  for (const model of manifest.models) {
    if (!decls.has(model.name)) {
      found.push(`model ${model.name}: no interface`);
      continue;
    }
    check(`model ${model.name} fields`, members(decls, model.name).map((m) => m.name), model.fields.map((f) => f.wire));
  }
  const settings = manifest.settings.map((s) => s.js);
  check('ClientOptions', members(decls, 'ClientOptions').map((m) => m.name), [...settings, ...JS_ONLY_OPTIONS]);
  const callOptions = manifest.call_options.map((s) => s.js);
  check('RequestOptions', members(decls, 'RequestOptions').map((m) => m.name), [...callOptions, ...JS_ONLY_CALL_OPTIONS]);
  check('RowStatus', literals(path, 'RowStatus'), manifest.row_statuses);
  check('RowCounts', members(decls, 'RowCounts').map((m) => m.name), manifest.row_statuses);
  check('ReportKind', literals(path, 'ReportKind'), manifest.report_kinds.map(camel));
  return found;
}

test('tests/manifest.json is what the built wasm module exports', () => {
  assert.deepEqual(builtManifest(), MANIFEST, 'rebuild the package (npm run build) or the manifest (make manifest)');
});

test('index.d.ts declares every resource, method, input, model field and option of the manifest, and no other', () => {
  assert.deepEqual(problems(declarations(), MANIFEST), []);
});

test('the comparison finds a missing method, input, job option, model field, option, status and kind', () => {
  // A manifest with one more of each: every addition must be reported as missing from the types.
  const more = structuredClone(MANIFEST);
  const create = more.operations.find((op) => op.name === 'registrants.create');
  create.optional.push('referrer_code');
  more.operations.push({ ...more.operations.find((op) => op.name === 'registrants.list'), name: 'registrants.count', js_method: 'count' });
  more.models.find((m) => m.name === 'Registrant').fields.push({ name: 'company', wire: 'company', type: 'String' });
  more.settings.push({ name: 'proxy', js: 'proxy', env: null });
  more.jobs.find((job) => job.name === 'registrants.create_many').js_options.push('dryRun');
  more.jobs.push({ ...more.jobs.find((job) => job.name === 'reports.collect'), name: 'reports.collect_all', js_method: 'collectAll' });
  more.row_statuses.push('skipped');
  more.report_kinds.push('question_answers');
  assert.deepEqual(problems(declarations(), more), [
    'Registrants methods: missing count',
    'CreateManyOptions (options of registrants.create_many): missing dryRun',
    'NewRegistrant (input of registrants.create) optional: missing referrerCode',
    'Reports methods: missing collectAll',
    'model Registrant fields: missing company',
    'ClientOptions: missing proxy',
    'RowStatus: missing skipped',
    'RowCounts: missing skipped',
    'ReportKind: missing questionAnswers',
  ]);
});

test('a Flow has exactly the manifest\'s resources, methods and jobs', () => {
  const fake = async () => Response.json({ code: 200, data: [] });
  const flow = new Flow({ fetch: fake, apiSecret: 'x' });
  const expected = {};
  for (const op of [...MANIFEST.operations, ...MANIFEST.jobs]) (expected[op.resource] ??= []).push(op.js_method);
  assert.deepEqual(sorted(Object.keys(flow)), sorted(Object.keys(expected)));
  for (const [resource, methods] of Object.entries(expected)) {
    assert.deepEqual(sorted(Object.keys(flow[resource])), sorted(methods), resource);
    for (const method of methods) assert.equal(typeof flow[resource][method], 'function', `${resource}.${method}`);
  }
  assert.deepEqual(sorted(Object.getOwnPropertyNames(Object.getPrototypeOf(flow))), ['constructor', 'withOptions']);
});
