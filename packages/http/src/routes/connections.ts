import type { Bridge, SaveResult } from '@psa-bridge/core';
import type { z } from 'zod';
import { ANSWERS } from '../answers.js';
import { problem } from '../errors.js';
import { Answer, type RouteInput, route } from '../route.js';
import { connectionChangesBody, newConnectionBody } from '../schemas.js';
import { notFound, overLimit } from './limits.js';

/** The connection of this tenant, or `NOT_FOUND`: another tenant's id is unknown here. */
export async function requireConnection(
  bridge: Bridge,
  connectionId: string,
  input?: Pick<RouteInput, 'call'>,
) {
  const connection = await bridge.connections.get(connectionId, input?.call);
  if (!connection) throw notFound(`No connection with id "${connectionId}"`, { connectionId });
  return connection;
}

/** A failed test & save is a 422 with the test's step, reason and words: nothing was saved. */
const saved = (input: RouteInput, result: SaveResult, status: number): Response | Answer => {
  if (result.saved) {
    return new Answer(result, {
      status,
      headers: { location: `${input.basePath}/connections/${encodeURIComponent(result.connection.id)}` },
    });
  }
  return problem(input.requestId, 422, 'VALIDATION', result.failure.message, {
    field: 'credentials',
    failure: result.failure,
  });
};

export const connectionRoutes = [
  route({
    method: 'get',
    path: '/connections',
    operationId: 'connections.list',
    summary: "The tenant's connections, without credentials",
    rules: 'C2, C7',
    answer: ANSWERS['connections.list'],
    handle: async ({ bridge, call }) => bridge.connections.list(call),
  }),
  route({
    method: 'post',
    path: '/connections',
    operationId: 'connections.testAndSave',
    summary:
      'Test & save a connection: saved only when the test passes (201); a failed test is a 422 saying why, in words a partner can act on',
    rules: 'C2-C4, C7, H5',
    body: newConnectionBody,
    answer: ANSWERS['connections.testAndSave'],
    status: 201,
    async handle(input) {
      const limited = overLimit(input, 'connectionTests');
      if (limited) return limited;
      const body = input.body as z.infer<typeof newConnectionBody>;
      const result = await input.bridge.connections.testAndSave(
        {
          providerId: body.providerId,
          product: body.product,
          credentials: body.credentials,
          ...(body.label ? { label: body.label } : {}),
        } as Parameters<Bridge['connections']['testAndSave']>[0],
        input.call,
      );
      return saved(input, result, 201);
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}',
    operationId: 'connections.get',
    summary: 'One connection, without credentials',
    rules: 'C7',
    answer: ANSWERS['connections.get'],
    handle: (input) => requireConnection(input.bridge, input.params.connectionId ?? '', input),
  }),
  route({
    method: 'patch',
    path: '/connections/{connectionId}',
    operationId: 'connections.update',
    summary: 'Edit a connection: new credentials are tested before they are saved (a failed test is a 422)',
    rules: 'C6, H5',
    body: connectionChangesBody,
    answer: ANSWERS['connections.testAndSave'],
    async handle(input) {
      const connectionId = input.params.connectionId ?? '';
      await requireConnection(input.bridge, connectionId, input);
      const changes = input.body as z.infer<typeof connectionChangesBody>;
      if (changes.credentials) {
        const limited = overLimit(input, 'connectionTests');
        if (limited) return limited;
      }
      const result = await input.bridge.connections.update(
        connectionId,
        {
          ...(changes.label ? { label: changes.label } : {}),
          ...(changes.credentials ? { credentials: changes.credentials } : {}),
        },
        input.call,
      );
      return saved(input, result, 200);
    },
  }),
  route({
    method: 'delete',
    path: '/connections/{connectionId}',
    operationId: 'connections.delete',
    summary: 'Delete a connection with its mappings; its plans end and its runs are cancelled',
    rules: 'C6',
    answer: ANSWERS['connections.delete'],
    async handle(input) {
      const connectionId = input.params.connectionId ?? '';
      await requireConnection(input.bridge, connectionId, input);
      const result = await input.bridge.connections.delete(connectionId, input.call);
      await input.plans.deleteByConnection(input.tenant, connectionId);
      await input.runs.endConnection(input.tenant, connectionId);
      return result;
    },
  }),
];
