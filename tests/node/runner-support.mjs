// What the Node runners of the data-driven suites share (conformance vectors, the fault matrix):
// how each neutral operation is called through the public API, the class each error kind maps to,
// and the forms of the secret no error may show.

import { inspect } from 'node:util';

import * as api from 'flow-api';

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
export const camelKeys = (value) =>
  Array.isArray(value)
    ? value.map(camelKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]))
      : value;

const EVENT_FIELDS = ['creator_id', 'title', 'description', 'date', 'time', 'timezone', 'operators',
  'published', 'duration', 'early_access_period', 'video_record', 'on_demand_replays'];
const MEMBER = ['email', 'first_name', 'last_name'];

/** Each operation: the input keys it can express and how the public API is called (`o`: call options). */
export const OPERATIONS = {
  'events.list': [['period', 'simple_analytics'], (f, i, o) => f.events.list(camelKeys(i), o)],
  'events.get': [['session_token'], (f, i, o) => f.events.get(i.session_token, o)],
  'events.get_public': [['session_token'], (f, i, o) => f.events.getPublic(i.session_token, o)],
  'events.create': [EVENT_FIELDS, (f, i, o) => f.events.create(camelKeys(i), o)],
  'registrants.create': [['session_token', ...MEMBER, 'redirect'], (f, i, o) => f.registrants.create(camelKeys(i), o)],
  'registrants.list': [['session_token'], (f, i, o) => f.registrants.list(i.session_token, o)],
  'operators.list': [[], (f, _i, o) => f.operators.list(o)],
  'surveys.list': [['session_token'], (f, i, o) => f.surveys.list(i.session_token, o)],
  'reports.summary': [['session_token'], (f, i, o) => f.reports.summary(i.session_token, o)],
  'reports.registrants': [['session_token'], (f, i, o) => f.reports.registrants(i.session_token, o)],
  'reports.attendee_chat': [['session_token'], (f, i, o) => f.reports.attendeeChat(i.session_token, o)],
  'reports.operator_chat': [['session_token'], (f, i, o) => f.reports.operatorChat(i.session_token, o)],
  'reports.survey': [['session_token', 'survey_id'], (f, i, o) => f.reports.survey(i.session_token, i.survey_id, o)],
  'sso.rooms': [['account_token'], (f, i, o) => f.sso.rooms(i.account_token, o)],
  'sso.login_link': [['room_id', ...MEMBER], (f, i, o) => f.sso.loginLink(camelKeys(i), o)],
};

/** The class each error kind must be an instance of. */
export const CLASSES = {
  bad_request: api.BadRequestError,
  authentication: api.AuthenticationError,
  permission_denied: api.PermissionDeniedError,
  not_found: api.NotFoundError,
  conflict: api.ConflictError,
  unprocessable_entity: api.UnprocessableEntityError,
  rate_limit: api.RateLimitError,
  internal_server: api.InternalServerError,
  api_status: api.APIStatusError,
  connection: api.APIConnectionError,
  timeout: api.APITimeoutError,
  response_validation: api.APIResponseValidationError,
  invalid_request: api.InvalidRequestError,
  missing_configuration: api.FlowError,
};

/** The secret as a server might echo it: plain, every character `\uXXXX`-escaped, every byte `%XX`. */
export function secretForms(secret) {
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  const units = [...Array(secret.length).keys()].map((i) => hex(secret.charCodeAt(i), 4));
  const bytes = [...new TextEncoder().encode(secret)].map((b) => hex(b, 2));
  const escaped = units.map((u) => `\\u${u}`).join('');
  const percent = bytes.map((b) => `%${b}`).join('');
  return [secret, escaped, escaped.toUpperCase().replaceAll('\\U', '\\u'), percent.toUpperCase(), percent];
}

/** Everything an error shows: message, string and inspected forms, stack, JSON, every text field. */
export function shownTexts(error) {
  if (error === null || typeof error !== 'object') return [String(error)];
  return [
    error.message,
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    error.stack,
    JSON.stringify(error),
    ...Object.values(error),
  ].filter((text) => typeof text === 'string');
}
