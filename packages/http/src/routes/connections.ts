import { PsaBridgeError } from '@psa-bridge/core';
import type { z } from 'zod';
import { route } from '../route.js';
import { connectionChangesBody, newConnectionBody } from '../schemas.js';

/** The connection of this tenant, or `NOT_FOUND`: another tenant's id is unknown here. */
export async function requireConnection(
  bridge: Parameters<Parameters<typeof route>[0]['handle']>[0]['bridge'],
  connectionId: string,
) {
  const connection = await bridge.connections.get(connectionId);
  if (!connection) {
    throw new PsaBridgeError('NOT_FOUND', `No connection with id "${connectionId}"`, {
      details: { connectionId },
    });
  }
  return connection;
}

export const connectionRoutes = [
  route({
    method: 'get',
    path: '/connections',
    operationId: 'connections.list',
    summary: "The tenant's connections, without credentials",
    rules: 'C2, C7',
    handle: async ({ bridge }) => bridge.connections.list(),
  }),
  route({
    method: 'post',
    path: '/connections',
    operationId: 'connections.testAndSave',
    summary:
      'Test & save a connection: saved only when the test passes; a failed test says why, in words a partner can act on',
    rules: 'C2-C4, C7',
    body: newConnectionBody,
    status: 201,
    async handle({ bridge, body }) {
      const input = body as z.infer<typeof newConnectionBody>;
      return bridge.connections.testAndSave({
        providerId: input.providerId,
        product: input.product,
        credentials: input.credentials,
        ...(input.label ? { label: input.label } : {}),
      } as Parameters<typeof bridge.connections.testAndSave>[0]);
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}',
    operationId: 'connections.get',
    summary: 'One connection, without credentials',
    rules: 'C7',
    handle: ({ bridge, params }) => requireConnection(bridge, params.connectionId ?? ''),
  }),
  route({
    method: 'patch',
    path: '/connections/{connectionId}',
    operationId: 'connections.update',
    summary: 'Edit a connection: new credentials are tested before they are saved',
    rules: 'C6',
    body: connectionChangesBody,
    async handle({ bridge, params, body }) {
      const connectionId = params.connectionId ?? '';
      await requireConnection(bridge, connectionId);
      const changes = body as z.infer<typeof connectionChangesBody>;
      return bridge.connections.update(connectionId, {
        ...(changes.label ? { label: changes.label } : {}),
        ...(changes.credentials ? { credentials: changes.credentials } : {}),
      });
    },
  }),
  route({
    method: 'delete',
    path: '/connections/{connectionId}',
    operationId: 'connections.delete',
    summary: 'Delete a connection and the mappings that go with it',
    rules: 'C6',
    async handle({ bridge, params }) {
      const connectionId = params.connectionId ?? '';
      await requireConnection(bridge, connectionId);
      return bridge.connections.delete(connectionId);
    },
  }),
];
