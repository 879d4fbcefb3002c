/**
 * The Accounts screen at a real partner's size (SPEC R2): 5,003 GoTo accounts, paged from the
 * read model 50 at a time, searched, filtered and sorted on the server; the page never renders
 * them all, and paging after a refresh asks no vendor anything (bounded by counts, not time).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdmin } from '../server/open-admin.js';
import { launchChromium, seriousViolations } from './browser.js';

const LARGE = 5_000;
let admin: Awaited<ReturnType<typeof openAdmin>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  admin = await openAdmin({ env: {}, latencyMs: 0, largePartner: LARGE });
  browser = await launchChromium();
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Connect ConnectWise the way the page does: a same-origin JSON write.
  const setup = (await (await page.request.get(`${admin.url}app/setup.json`)).json()) as {
    demoCredentials: Record<string, Record<string, string>>;
  };
  const saved = await page.request.post(`${admin.url}psa-bridge/connections`, {
    headers: { 'content-type': 'application/json', origin: new URL(admin.url).origin },
    data: { providerId: 'connectwise', product: 'resolve', credentials: setup.demoCredentials.connectwise },
  });
  expect(saved.status()).toBe(201);
  await page.goto(`${admin.url}#accounts`);
});
afterAll(async () => {
  await browser?.close();
  await admin?.close();
});

const status = () => page.getByRole('navigation', { name: 'Pages' }).getByRole('status');
const bodyRows = () => page.getByRole('table').getByRole('rowheader');
const gotoRequests = () => admin.world.gotoFake?.host.stats.requests ?? 0;

describe('Accounts with 5,003 GoTo accounts, in Chromium', () => {
  it('pages 50 at a time, refreshes, searches, filters and sorts on the server', {
    timeout: 120_000,
  }, async () => {
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByText('Not refreshed yet: read live from GoTo').waitFor();
    await expect.poll(() => status().textContent()).toBe('Accounts 1–50 of 5,003');
    expect(await bodyRows().count()).toBe(50);

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(/^Refreshed just now/).waitFor();
    expect(await page.getByRole('combobox', { name: 'Show' }).textContent()).toContain('Unmapped (5,003)');

    // Paging from the copy: Next, Next, Previous, with no request to GoTo.
    const before = gotoRequests();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => status().textContent()).toBe('Accounts 51–100 of 5,003');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => status().textContent()).toBe('Accounts 101–150 of 5,003');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => status().textContent()).toBe('Accounts 51–100 of 5,003');
    expect(await bodyRows().count()).toBe(50);

    // Search: 209 or 208 accounts start with each of the 24 first words.
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('northwind');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => status().textContent()).toBe('Accounts 1–50 of 209');
    const names = await bodyRows().allTextContents();
    expect(names.every((name) => name.startsWith('Northwind '))).toBe(true);
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('Northwind Holding 0001');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => bodyRows().allTextContents()).toEqual(['Northwind Holding 0001']);

    // Sort and filter over everything again.
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Name, Z to A' });
    await expect.poll(async () => (await bodyRows().first().textContent()) ?? '').toMatch(/^Woodgrove /);
    await page.getByRole('combobox', { name: 'Show' }).selectOption('mapped');
    await page.getByText('No accounts match.').waitFor();
    await expect.poll(() => status().textContent()).toBe('No accounts');
    await page.getByRole('combobox', { name: 'Show' }).selectOption('unmapped');
    await expect.poll(() => status().textContent()).toBe('Accounts 1–50 of 5,003');
    expect(gotoRequests()).toBe(before);

    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
