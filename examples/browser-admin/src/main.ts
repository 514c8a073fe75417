// A small internal admin page on the `flow-api` package: public session lookup and registration
// with no secret in the page, and an explicit trusted-tool mode for the calls that need one.
import { Flow, FlowError, type EventSession, type Registrant } from 'flow-api';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The API root: `?api=` (how the tests point the page at a local flow-mock), else production.
const baseUrlInput = $<HTMLInputElement>('base-url');
baseUrlInput.value = new URLSearchParams(location.search).get('api') ?? 'https://prod.flowapp.com/api/v1';

/** The public client: no secret, so it is safe in any page. */
const publicClient = () => new Flow({ baseURL: baseUrlInput.value });

function show(message: string, error = false): void {
  const status = $('status');
  status.textContent = message;
  status.className = error ? 'error' : '';
}

function showError(error: unknown): void {
  show(error instanceof FlowError ? `${error.name}: ${error.message}` : String(error), true);
}

function fill<K extends keyof HTMLElementTagNameMap>(parent: HTMLElement, tag: K, text: string) {
  const element = document.createElement(tag);
  element.textContent = text;
  parent.append(element);
  return element;
}

function renderSession(session: EventSession): void {
  const list = $('session');
  list.replaceChildren();
  const fields: [string, unknown][] = [
    ['Title', session.title],
    ['When', `${session.date ?? '?'} ${session.time ?? ''} (${session.timezone ?? 'no zone'})`],
    ['Duration', session.duration === undefined ? '' : `${session.duration} h`],
    ['Description', session.description],
  ];
  for (const [name, value] of fields) {
    fill(list, 'dt', name);
    fill(list, 'dd', String(value ?? ''));
  }
}

function renderRegistrants(registrants: Registrant[]): void {
  const table = $('registrants');
  table.replaceChildren();
  const head = fill(table, 'tr', '');
  for (const name of ['Email', 'Name', 'Attended']) fill(head, 'th', name);
  for (const r of registrants) {
    const row = fill(table, 'tr', '');
    row.dataset.email = r.email ?? '';
    fill(row, 'td', r.email ?? '');
    fill(row, 'td', `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim());
    fill(row, 'td', r.entryTime ? 'yes' : 'no');
  }
}

$<HTMLFormElement>('lookup').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('Looking up…');
  try {
    renderSession(await publicClient().events.getPublic($<HTMLInputElement>('token').value.trim()));
    show('Session found.');
  } catch (error) {
    showError(error);
  }
});

$<HTMLFormElement>('register').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('Registering…');
  try {
    const registration = await publicClient().registrants.create({
      sessionToken: $<HTMLInputElement>('token').value.trim(),
      email: $<HTMLInputElement>('email').value,
      firstName: $<HTMLInputElement>('first-name').value,
      lastName: $<HTMLInputElement>('last-name').value,
    });
    const paragraph = $('registration');
    paragraph.replaceChildren('Join link: ');
    const link = fill(paragraph, 'a', registration.url ?? '(none)');
    link.setAttribute('href', registration.url ?? '#');
    show(registration.isNew === false ? 'Already registered: same registration returned.' : 'Registered.');
  } catch (error) {
    showError(error);
  }
});

$<HTMLFormElement>('staff').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('Loading registrants…');
  try {
    // Without the explicit trusted-tool choice the package refuses the secret in a page.
    const staff = new Flow({
      baseURL: baseUrlInput.value,
      apiSecret: $<HTMLInputElement>('secret').value,
      dangerouslyAllowBrowser: $<HTMLInputElement>('trusted').checked,
    });
    const registrants = await staff.registrants.list($<HTMLInputElement>('token').value.trim());
    renderRegistrants(registrants);
    show(`${registrants.length} registrants.`);
  } catch (error) {
    showError(error);
  }
});
