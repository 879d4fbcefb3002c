/**
 * A simulator of the made-up Ticketly PSA API, built on the simulator host that the built-in
 * simulators share (`createSimulatorHost` from `@psa-bridge/core/testing`): queued faults (429
 * with `Retry-After`, malformed bodies, dropped connections), latency and request counters come
 * with it. Load it from the conformance seed so the conformance suite can check the adapter.
 */
import {
  createSimulatorHost,
  json,
  type PsaConformanceSeed,
  type SimulatorHost,
  serveOnLoopback,
} from '@psa-bridge/core/testing';

interface Row {
  id: number;
  name: string;
  status: { id: number; name: string };
  type: { id: number; name: string };
  deleted: boolean;
}

interface ContactRow {
  id: number;
  company_id: number;
  first_name: string | null;
  last_name: string | null;
  active: boolean;
  emails: { address: string; primary: boolean }[];
}

/** A running Ticketly simulator. */
export interface TicketlySimulator {
  /** Base URL of the tenant, on a loopback port. */
  readonly baseUrl: string;
  /** The accepted API key. */
  readonly apiKey: string;
  /** Fault switches and counters. */
  readonly host: SimulatorHost;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a Ticketly simulator holding `seed`, companies with ascending ids from 5001. */
export async function startTicketlySimulator(seed: PsaConformanceSeed): Promise<TicketlySimulator> {
  const apiKey = 'ticketly-simulated-api-key-0001';
  const statuses = seed.statuses.map((status, i) => ({
    id: i + 1,
    name: status.name,
    is_inactive: status.inactive,
  }));
  const types = seed.types.map((type, i) => ({ id: i + 1, name: type.name }));
  const companies: Row[] = [];
  const contacts: ContactRow[] = [];
  seed.companies.forEach((company, i) => {
    const id = 5001 + i;
    const status = statuses.find((s) => s.name === company.status) ?? statuses[0];
    const type = types.find((t) => t.name === company.type) ?? types[0];
    if (!status || !type) throw new Error('the seed has no statuses or types');
    companies.push({
      id,
      name: company.name,
      status: { id: status.id, name: status.name },
      type,
      deleted: false,
    });
    for (const contact of company.contacts) {
      contacts.push({
        id: 70_001 + contacts.length,
        company_id: id,
        first_name: contact.firstName,
        last_name: contact.lastName,
        active: contact.active,
        // Ticketly flags the primary email; list it last to prove the adapter reads the flag.
        emails: [...contact.emails.slice(1), ...contact.emails.slice(0, 1)].map((address, e, all) => ({
          address,
          primary: e === all.length - 1,
        })),
      });
    }
  });
  companies.push({
    id: 9999,
    name: 'Acme Deleted',
    status: companies[0]?.status ?? { id: 1, name: 'Active' },
    type: types[0] ?? { id: 1, name: 'Customer' },
    deleted: true,
  });

  const page = <T>(items: T[], url: URL) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 100);
    return json({ total: items.length, records: items.slice(offset, offset + limit) });
  };
  const ids = (value: string | null) => (value ? value.split(',').map(Number) : undefined);
  const live = companies.filter((company) => !company.deleted);
  const publicCompany = ({ deleted, ...company }: Row) => company;

  const host = createSimulatorHost(async (request) => {
    const url = new URL(request.url);
    if (request.headers.get('x-api-key') !== apiKey) {
      host.stats.authFailures += 1;
      return json({ error: 'invalid_api_key', message: 'The API key is not valid' }, 401);
    }
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (path === '/me') return json({ tenant: 'simulated' });
    if (path === '/company-statuses') return json(statuses);
    if (path === '/company-types') return json(types);
    if (path === '/companies') {
      const search = url.searchParams.get('search')?.toLowerCase();
      const status = ids(url.searchParams.get('status'));
      const type = ids(url.searchParams.get('type'));
      const found = live.filter(
        (company) =>
          (!search || company.name.toLowerCase().includes(search)) &&
          (!status || status.includes(company.status.id)) &&
          (!type || type.includes(company.type.id)),
      );
      return page(found.map(publicCompany), url);
    }
    const one = /^\/companies\/(\d+)(\/contacts)?$/.exec(path);
    if (one) {
      const id = Number(one[1]);
      const company = live.find((candidate) => candidate.id === id);
      if (one[2]) {
        const active = url.searchParams.get('active') === 'true';
        return page(
          contacts.filter((contact) => contact.company_id === id && (!active || contact.active)),
          url,
        );
      }
      return company ? json(publicCompany(company)) : json({ error: 'not_found' }, 404);
    }
    return json({ error: 'not_found' }, 404);
  });
  const server = await serveOnLoopback((request) => host.handle(request));
  return { baseUrl: server.url, apiKey, host, close: () => server.close() };
}
