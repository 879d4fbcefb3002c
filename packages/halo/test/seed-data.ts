import type { PsaConformanceSeed } from '@psa-bridge/core/testing';
import { type HaloData, haloClient, haloUser } from '@psa-bridge/halo/fake';

/** The conformance seed in Halo's shape: the seed's types are top levels, its statuses `inactive`. */
export function haloDataFromSeed(seed: PsaConformanceSeed): HaloData {
  const topLevels = seed.types.map((type, i) => ({ id: 1 + i, name: type.name }));
  const data: HaloData = { clients: [], users: [], topLevels };
  seed.companies.forEach((company, i) => {
    const topLevel = topLevels.find((candidate) => candidate.name === company.type);
    if (!topLevel) throw new Error(`no top level for ${company.type}`);
    const client = haloClient({
      id: 100 + i,
      name: company.name,
      inactive: company.status === 'Inactive',
      toplevel_id: topLevel.id,
      toplevel_name: topLevel.name,
    });
    data.clients.push(client);
    for (const contact of company.contacts) {
      data.users.push(
        haloUser(client, {
          id: 5000 + data.users.length,
          firstname: contact.firstName,
          surname: contact.lastName,
          emailaddress: contact.emails[0] ?? null,
          email2: contact.emails[1] ?? null,
          email3: contact.emails[2] ?? null,
          inactive: !contact.active,
        }),
      );
    }
  });
  return data;
}
