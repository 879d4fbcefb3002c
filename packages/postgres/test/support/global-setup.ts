import type { TestProject } from 'vitest/node';
import './databases.js';
import { startTestPostgres } from './postgres-server.js';

/** Starts one PostgreSQL server for the package's tests, and stops it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  console.log(`@psa-bridge/postgres tests: ${server.how}`);
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
