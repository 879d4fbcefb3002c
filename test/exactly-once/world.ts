import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake, emailItem } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { type Bridge, createBridge, type GotoClient, type PsaProvider, type Stores } from '@psa-bridge/core';
import type { ImportJournal } from '@psa-bridge/core/adapter';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { createTestClock, type Fault } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { type AutotaskFake, createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake, type ExistingUserAnswer, type GoToFake } from '@psa-bridge/goto/fake';
import { halo } from '@psa-bridge/halo';
import { createHaloFake, type HaloFake, haloUser } from '@psa-bridge/halo/fake';
import type { SetupServerApi } from 'msw/node';
import { ADVERSARIAL_CONTACTS, PRE_EXISTING, type RawContact } from './adversarial-contacts.js';

/** Which PSA and which of GoTo's unconfirmed answers to an existing user. */
export interface WorldOptions {
  readonly psa: 'connectwise' | 'datto' | 'halo';
  readonly existingUserAnswer: ExistingUserAnswer;
  /** Generated contacts besides the adversarial ones. */
  readonly contacts: number;
  /** Faults on a share of GoTo requests, seeded. */
  readonly gotoFaults?: { readonly rate: number; readonly seed: number; readonly faults: readonly Fault[] };
  /** Seats of the license. @default plenty */
  readonly seats?: number;
}

/** The simulators, a folder of stores, and how to open a bridge over them as a new process would. */
export interface World {
  readonly psa: PsaFake;
  readonly gotoFake: GoToFake;
  readonly accountKey: string;
  readonly licenseKey: string;
  readonly connectionId: string;
  /** A bridge as a freshly started process has it: new clients, new stores over the same files. */
  open(wrap?: {
    journal?: (journal: ImportJournal) => ImportJournal;
    goto?: (client: GotoClient) => GotoClient;
  }): Bridge;
  close(): Promise<void>;
}

/** The simulator of any of the three PSAs. */
type PsaFake = ConnectWiseFake | AutotaskFake | HaloFake;

const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');

/** Starts the simulators on msw, with the adversarial contacts in the one mapped company. */
export async function createWorld(server: SetupServerApi, options: WorldOptions): Promise<World> {
  const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-exactly-once-'));
  const gotoFake = createGoToFake({
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: options.seats ?? 100_000 }],
        users: [{ email: PRE_EXISTING, firstName: 'Pre', lastName: 'Existing' }],
      },
    ],
    existingUserAnswer: options.existingUserAnswer,
    host: { rateLimit: undefined, ...(options.gotoFaults ? { randomFaults: options.gotoFaults } : {}) },
  });
  const data = { companies: 1, contactsPerCompany: options.contacts, seed: 21 };
  const psa: PsaFake =
    options.psa === 'connectwise'
      ? createConnectWiseFake(data)
      : options.psa === 'datto'
        ? createAutotaskFake(data)
        : createHaloFake({ clients: 1, usersPerClient: options.contacts, seed: 21, rateLimit: null });
  addContacts(psa, ADVERSARIAL_CONTACTS);
  server.use(...mswHandlers(psa, gotoFake));

  const clock = createTestClock();
  const transport = { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 }, timeoutMs: 300 };
  const provider = (
    options.psa === 'connectwise'
      ? connectwise(transport)
      : options.psa === 'datto'
        ? datto(transport)
        : halo(transport)
  ) as PsaProvider<unknown>;
  const open: World['open'] = (wrap = {}) => {
    const files: Stores = createJsonFileStores({ directory, secretKey: SECRET_KEY });
    const client = goto({ ...gotoFake.options, ...transport, clock });
    return createBridge({
      providers: [provider],
      goto: wrap.goto ? wrap.goto(client) : client,
      stores: { ...files, journal: wrap.journal ? wrap.journal(files.journal) : files.journal },
      connectOptions: { clock },
    });
  };

  // Set up once, with no faults queued yet: a connection and its mapping, saved to the files.
  const bridge = open();
  const saved = await bridge.connections.testAndSave({
    providerId: provider.id,
    product: 'resolve',
    credentials: psa.credentials,
  });
  if (!saved.saved) throw new Error(`connection test failed: ${saved.failure.message}`);
  const account = gotoFake.account('Acme Corporation');
  const accountKey = account?.key ?? '';
  const companyId = String(firstCompanyId(psa));
  await bridge.mappings.save({ connectionId: saved.connection.id, accountKey, companyId });
  return {
    psa,
    gotoFake,
    accountKey,
    licenseKey: account?.licenses[0]?.key ?? '',
    connectionId: saved.connection.id,
    open,
    close: () => rm(directory, { recursive: true, force: true }),
  };
}

function firstCompanyId(psa: PsaFake): number {
  const companies = ('clients' in psa.data ? psa.data.clients : psa.data.companies) as readonly {
    id: number;
  }[];
  return companies.filter((company) => company.id > 0)[0]?.id ?? 0;
}

/** Appends contacts to the first customer company, keeping ids in order (a new list re-indexes it). */
function addContacts(psa: PsaFake, contacts: readonly RawContact[]): void {
  const companyId = firstCompanyId(psa);
  if ('clients' in psa.data) {
    const data = psa.data;
    const client = data.clients.find((candidate) => candidate.id === companyId);
    if (!client) throw new Error('the Halo simulator has no client');
    const next = Math.max(...data.users.map((user) => user.id)) + 1;
    data.users = [
      ...data.users,
      ...contacts.map((contact, index) =>
        haloUser(client, {
          id: next + index,
          firstname: contact.firstName ?? null,
          surname: contact.lastName ?? null,
          emailaddress: contact.email ?? null,
          inactive: !contact.active,
        }),
      ),
    ];
    return;
  }
  const nextId =
    Math.max(...(psa.data.contacts as readonly { id: number }[]).map((contact) => contact.id)) + 1;
  if ('statuses' in psa.data) {
    const data = psa.data;
    const company = data.companies.find((candidate) => candidate.id === companyId);
    data.contacts = [
      ...data.contacts,
      ...contacts.map((contact, index) => ({
        id: nextId + index,
        firstName: contact.firstName,
        lastName: contact.lastName,
        company: { id: companyId, identifier: company?.identifier ?? '', name: company?.name ?? '' },
        inactiveFlag: !contact.active,
        defaultFlag: false,
        communicationItems: contact.email ? [emailItem(nextId + index, contact.email, true)] : [],
        types: [],
      })),
    ];
  } else {
    const data = (psa as AutotaskFake).data;
    const template = data.contacts.find((contact) => contact.companyID === companyId) ?? data.contacts[0];
    if (!template) throw new Error('the Autotask simulator has no contact to copy');
    data.contacts = [
      ...data.contacts,
      ...contacts.map((contact, index) => ({
        ...template,
        id: nextId + index,
        companyID: companyId,
        firstName: contact.firstName ?? '',
        lastName: contact.lastName ?? '',
        emailAddress: contact.email,
        emailAddress2: null,
        emailAddress3: null,
        isActive: contact.active ? (1 as const) : (0 as const),
      })),
    ];
  }
}

/** Runs `work` in a fresh world and removes its files afterwards, whatever happens. */
export async function withWorld<T>(
  server: SetupServerApi,
  options: WorldOptions,
  work: (world: World) => Promise<T>,
): Promise<T> {
  const world = await createWorld(server, options);
  try {
    return await work(world);
  } finally {
    await world.close();
  }
}
