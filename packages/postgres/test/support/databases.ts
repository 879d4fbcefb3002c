import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test server's `postgres` database. */
    postgresUrl: string;
  }
}

/** The test server's admin connection string. */
export const serverUrl = (): string => inject('postgresUrl');

/** A new, empty database on the test server, and its connection string. */
export async function freshDatabase(): Promise<string> {
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A 32-byte key as base64, made of one repeated byte. */
export const keyOf = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
