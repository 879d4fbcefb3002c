import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openAdmin } from '../server/open-admin.js';
import { launchChromium, screenshot, seriousViolations } from './browser.js';

let admin: Awaited<ReturnType<typeof openAdmin>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Latency makes the import long enough to watch its progress bar.
  admin = await openAdmin({ env: {}, latencyMs: 40 });
  browser = await launchChromium();
  // The page's CSP allows only its own scripts; axe-core is injected by the test.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // No console error and no uncaught page error anywhere in the walk (checked after each test).
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium notes every 4xx answer as a failed resource. A typed refusal of the API (a failed
    // connection test is a 422) is an answer the page reads and shows, not an error of the page.
    const api = new URL(message.location().url || admin.url).pathname.startsWith('/psa-bridge/');
    if (api && /status of 4\d\d/.test(message.text())) return;
    consoleErrors.push(`console: ${message.text()} (${message.location().url})`);
  });
  await page.goto(admin.url);
});
afterEach(async (context) => {
  // What the page showed when a step failed, next to the other screenshots.
  if (context.task.result?.state === 'fail')
    await screenshot(page, `failed-${context.task.name.slice(0, 20)}`);
  expect(consoleErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await admin?.close();
});

/** No serious or critical axe-core violation on the page as it is now. */
async function expectAccessible(): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
const section = (name: string): Locator => page.getByRole('region', { name });
const accountRow = (name: string): Locator =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
/** A mapping cell of an account: the first (ConnectWise) or second (Autotask) connection column. */
const cell = (account: string, column: number): Locator => accountRow(account).getByRole('cell').nth(column);
const go = async (screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: screen }).click();
  await page.getByRole('heading', { level: 1, name: screen }).waitFor();
};
const announced = (text: string | RegExp) => page.locator('.announcer').filter({ hasText: text }).waitFor();

describe('the admin page in Chromium, against the demo world', () => {
  it('PSA integrations: Connect, a failed test saving nothing, Test & save connection, by keyboard too', async () => {
    await page.getByRole('heading', { level: 1, name: 'PSA integrations' }).waitFor();
    const connectwise = section('ConnectWise PSA');
    await connectwise.getByText('Not connected.').waitFor();
    await expectAccessible();

    // By keyboard: focus Connect, press Enter; the dialog takes focus; Escape gives it back.
    await connectwise.getByRole('button', { name: 'Connect' }).focus();
    await page.keyboard.press('Enter');
    await dialog('Add connection').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await expectAccessible();
    await page.keyboard.press('Escape');
    await dialog('Add connection').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connect');

    // A wrong private key: the reason in words, nothing saved.
    const setup = (await (await page.request.get(`${admin.url}app/setup.json`)).json()) as {
      demoCredentials: Record<string, Record<string, string>>;
    };
    const credentials = setup.demoCredentials.connectwise ?? {};
    await connectwise.getByRole('button', { name: 'Connect' }).click();
    const add = dialog('Add connection');
    await add.getByLabel('Product').selectOption({ label: 'GoTo Resolve' });
    await add.getByLabel('Label').fill('Main PSA');
    await add.getByLabel(/^Site/).fill(credentials.site ?? '');
    await add.getByLabel(/^Company id/).fill(credentials.companyId ?? '');
    await add.getByLabel(/^Public key/).fill(credentials.publicKey ?? '');
    await add.getByLabel(/^Private key/).fill('not-the-private-key');
    await add.getByLabel(/^Client id/).fill(credentials.clientId ?? '');
    expect(await add.getByLabel(/^Private key/).getAttribute('type')).toBe('password');
    await add.getByRole('button', { name: 'Test & save connection' }).click();
    const alert = add.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/connection test failed, nothing was saved/i);
    expect(await alert.textContent()).not.toContain('not-the-private-key');
    await screenshot(page, 'test-failed');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await connectwise.getByText('Not connected.').waitFor();

    // The right credentials: tested and saved.
    await connectwise.getByRole('button', { name: 'Connect' }).click();
    await add.getByLabel('Label').fill('Main PSA');
    await add.getByRole('button', { name: 'Fill in the demo credentials' }).click();
    await add.getByRole('button', { name: 'Test & save connection' }).click();
    await add.waitFor({ state: 'hidden' });
    await announced('Connection Main PSA tested and saved');
    await connectwise.getByText('Main PSA').waitFor();

    const autotask = section('Datto Autotask PSA');
    await autotask.getByRole('button', { name: 'Connect' }).click();
    await add.getByRole('button', { name: 'Fill in the demo credentials' }).click();
    await add.getByRole('button', { name: 'Test & save connection' }).click();
    await add.waitFor({ state: 'hidden' });
    await autotask.getByText('Datto Autotask PSA for resolve').waitFor();
    await expectAccessible();
    await screenshot(page, 'integrations');
  });

  it('Accounts: Add mapping with Match found, No matches found and Multiple matches found; View, Edit, Unmap', async () => {
    await go('Accounts');
    await page.getByRole('columnheader', { name: /PSA mapping \(Main PSA\)/ }).waitFor();
    await accountRow('Acme Corporation').waitFor();
    await expectAccessible();

    // Match found: confidence and evidence visible; Map this company.
    await cell('Acme Corporation', 0).getByRole('button', { name: 'Add mapping' }).click();
    const acme = dialog(/Add mapping: Acme Corporation/);
    await acme.getByRole('heading', { name: 'Match found' }).waitFor();
    await acme.getByText('ACME Corp.').waitFor();
    await acme.getByText(/Confidence:/).waitFor();
    await acme.getByRole('button', { name: 'Select another company' }).waitFor();
    await expectAccessible();
    await screenshot(page, 'match-found');
    await acme.getByRole('button', { name: 'Map this company' }).click();
    await acme.waitFor({ state: 'hidden' });
    await cell('Acme Corporation', 0).getByText('ACME Corp.').waitFor();

    // No matches found (Initech in ConnectWise): Map manually is offered.
    await cell('Initech LLC', 0).getByRole('button', { name: 'Add mapping' }).click();
    const initech = dialog(/Add mapping: Initech LLC/);
    await initech.getByRole('heading', { name: 'No matches found' }).waitFor();
    await initech.getByRole('button', { name: 'Map manually' }).waitFor();
    await initech.getByRole('button', { name: 'Cancel' }).click();
    await initech.waitFor({ state: 'hidden' });

    // Multiple matches found (Globex): Map manually, search with the Status and Type filters, page, save.
    await cell('Globex B.V.', 0).getByRole('button', { name: 'Add mapping' }).click();
    const globex = dialog(/Add mapping: Globex B\.V\./);
    await globex.getByRole('heading', { name: 'Multiple matches found' }).waitFor();
    await globex.getByRole('list', { name: 'Candidates' }).getByText('Globex BV', { exact: true }).waitFor();
    await screenshot(page, 'multiple-matches');
    await globex.getByRole('button', { name: 'Map manually' }).click();
    // The PSA's own statuses and types fill the filters.
    await expect.poll(() => globex.getByLabel('Status').locator('option').count()).toBeGreaterThan(1);
    await expect.poll(() => globex.getByLabel('Type').locator('option').count()).toBeGreaterThan(1);
    // Every company, any status: more than one page.
    await globex.getByLabel('Company name').fill('');
    await globex.getByRole('button', { name: 'Search' }).click();
    const companies = globex.getByRole('group', { name: 'Companies' });
    await companies.getByText('Page 1').waitFor();
    const firstPage = await companies.getByRole('radio').count();
    expect(firstPage).toBe(10);
    await companies.getByRole('button', { name: 'Next page' }).click();
    await companies.getByText('Page 2').waitFor();
    await companies.getByRole('button', { name: 'Previous page' }).click();
    await companies.getByText('Page 1').waitFor();
    // By name with the first (active) status: only Globex B.V.; the inactive prospect is left out.
    await globex.getByLabel('Company name').fill('Globex');
    await globex.getByLabel('Status').selectOption({ index: 1 });
    await globex.getByRole('button', { name: 'Search' }).click();
    await companies.getByRole('radio', { name: /^Globex B\.V\./ }).waitFor();
    expect(await companies.getByRole('radio').count()).toBe(1);
    // The second (inactive) status and the second type (prospect): Globex BV.
    await globex.getByLabel('Status').selectOption({ index: 2 });
    await globex.getByLabel('Type').selectOption({ index: 2 });
    await globex.getByRole('button', { name: 'Search' }).click();
    await companies.getByRole('radio', { name: /^Globex BV/ }).check();
    expect(await companies.getByRole('radio').count()).toBe(1);
    await expectAccessible();
    await screenshot(page, 'manual-mapping');
    await globex.getByRole('button', { name: 'Save mapping' }).click();
    // Globex BV is inactive: refused, naming it, until the person says map it anyway (SPEC R3).
    await globex.getByText(/"Globex BV" .* is inactive in the PSA/).waitFor();
    await expectAccessible();
    await globex.getByRole('button', { name: 'Map to the inactive company' }).click();
    await globex.waitFor({ state: 'hidden' });
    await cell('Globex B.V.', 0).getByText('Globex BV').waitFor();

    // View mapping, Edit mapping, Unmap.
    await cell('Acme Corporation', 0).getByRole('button', { name: 'View mapping' }).click();
    const view = dialog('Mapping: Acme Corporation');
    await view.getByText('the automatic search').waitFor();
    await view.getByRole('button', { name: 'Close' }).click();
    await cell('Globex B.V.', 0).getByRole('button', { name: 'Edit mapping' }).click();
    const edit = dialog(/Edit mapping: Globex B\.V\./);
    await edit.getByRole('button', { name: 'Search' }).click();
    await edit.getByRole('radio', { name: /^Globex B\.V\./ }).check();
    await edit.getByRole('button', { name: 'Save mapping' }).click();
    await edit.waitFor({ state: 'hidden' });
    await cell('Globex B.V.', 0).getByText('Globex B.V.').waitFor();
    await cell('Globex B.V.', 0).getByRole('button', { name: 'Unmap' }).click();
    await cell('Globex B.V.', 0).getByRole('button', { name: 'Add mapping' }).waitFor();
    await announced(/Globex B\.V\. unmapped/);
    await expectAccessible();
    await screenshot(page, 'accounts');
  });

  it('Auto-map review: outcomes with candidates and evidence; accept one, skip, accept all safe after a confirmation; never overwrites', async () => {
    await go('Auto-map review');
    await page.getByLabel('Connection').selectOption({ label: 'Main PSA' });
    await page.getByRole('button', { name: 'Find matches' }).click();
    const table = page.getByRole('table', { name: 'Unmapped accounts' });
    await table.waitFor();
    // Acme is mapped already: it is not in the review, and nothing may change it.
    expect(await table.getByRole('rowheader', { name: 'Acme Corporation' }).count()).toBe(0);
    // The review considers active companies only (SPEC M4): Globex BV is inactive, so Globex B.V. is found.
    await accountRow('Globex B.V.').getByText('Match found').waitFor();
    await accountRow('Globex B.V.')
      .getByText(/Confidence:/)
      .waitFor();
    await accountRow('Initech LLC').getByText('No matches found').waitFor();
    await expectAccessible();
    await screenshot(page, 'auto-map-review');
    await accountRow('Initech LLC').getByRole('button', { name: 'Skip' }).click();
    await announced('Initech LLC skipped');
    await accountRow('Globex B.V.').getByRole('button', { name: 'Accept' }).click();
    await announced('Globex B.V. mapped to Globex B.V.');
    await page.getByText('Nothing left to review.').waitFor();

    // Autotask: Acme and Initech are safe matches; accept them all after a confirmation.
    await page.getByLabel('Connection').selectOption({ label: 'Datto Autotask PSA for resolve' });
    await page.getByRole('button', { name: 'Find matches' }).click();
    await accountRow('Acme Corporation').getByText('Match found').waitFor();
    await page.getByRole('button', { name: 'Accept all safe matches' }).click();
    const confirm = dialog('Accept all safe matches');
    await confirm.getByText('Acme Corporation → Acme Corporation').waitFor();
    await expectAccessible();
    await confirm.getByRole('button', { name: /^Save \d+ mappings$/ }).click();
    await announced(/safe matches saved/);
    // Acme and Initech were saved; Globex has no Autotask company and stays for a person.
    await accountRow('Globex B.V.').getByText('No matches found').waitFor();
    await expect.poll(() => table.getByRole('rowheader', { name: 'Acme Corporation' }).count()).toBe(0);
    expect(await table.getByRole('rowheader', { name: 'Initech LLC' }).count()).toBe(0);

    await go('Accounts');
    await cell('Acme Corporation', 0).getByText('ACME Corp.').waitFor();
    await cell('Acme Corporation', 1).getByText('Acme Corporation').waitFor();
    await cell('Initech LLC', 1).getByText('Initech').waitFor();
    await cell('Globex B.V.', 0).getByText('Globex B.V.').waitFor();
  });

  it('Add users: licenses, Next, Import from ConnectWise, contacts with skipped reasons, progress with ETA, the report; again creates nobody twice', async () => {
    await go('Add users');
    await page.getByLabel('GoTo account').selectOption({ label: 'Acme Corporation' });
    const licenses = page.getByRole('group', { name: 'Licenses' });
    await licenses
      .getByText(/seats free/)
      .first()
      .waitFor();
    await expectAccessible();
    await licenses.getByRole('checkbox').first().check();
    await licenses.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Import from Datto' }).waitFor();
    await page.getByRole('button', { name: 'Import from ConnectWise' }).click();
    const contacts = page.getByRole('table', { name: /Contacts of the mapped company/ });
    await contacts.waitFor();
    // Skipped contacts are shown with their reason and cannot be selected.
    for (const reason of [
      'Already a GoTo user',
      'No email address',
      'Email address not valid',
      'Inactive in the PSA',
    ]) {
      await contacts.getByRole('cell', { name: reason }).first().waitFor();
    }
    const skippedRow = contacts.getByRole('row').filter({ hasText: 'No email address' });
    expect(await skippedRow.getByRole('checkbox').count()).toBe(0);
    const boxes = contacts.getByRole('checkbox');
    const selectable = await boxes.count();
    expect(selectable).toBeGreaterThan(20);
    // Leave one contact out.
    await boxes.first().uncheck();
    await contacts.getByText(`(${selectable - 1} selected)`).waitFor();
    await expectAccessible();
    await screenshot(page, 'add-users');

    await page.getByRole('button', { name: 'Add users' }).click();
    const progress = page.getByRole('progressbar', { name: 'Adding users' });
    await progress.waitFor();
    await page
      .getByText(/\d+ of \d+/)
      .first()
      .waitFor();
    await screenshot(page, 'import-progress');
    const report = page.getByRole('region', { name: 'Import report' });
    await report.waitFor({ timeout: 120_000 });
    expect(await report.textContent()).toContain(`Created now: ${selectable - 1}`);
    await expectAccessible();
    await screenshot(page, 'import-report');

    // Again: nobody is created twice.
    await page.getByRole('button', { name: 'Add users' }).click();
    await report.getByText('Created now: 0').waitFor({ timeout: 120_000 });
    // GoTo holds each address once: nobody was created twice.
    const acmeKey = admin.world.gotoFake?.state.accounts.find(
      (account) => account.name === 'Acme Corporation',
    )?.key;
    const emails = (admin.world.gotoFake?.users(acmeKey ?? '') ?? []).map((user) => user.email.toLowerCase());
    expect(emails.length).toBeGreaterThan(selectable - 1);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('Add users: choosing another account clears Acme’s contacts, Add users and the report', async () => {
    await go('Add users');
    const select = page.getByLabel('GoTo account');
    const initech = (await select.locator('option', { hasText: 'Initech' }).first().textContent()) ?? '';
    await select.selectOption({ label: initech });
    await select.selectOption({ label: 'Acme Corporation' });
    await page.getByRole('group', { name: 'Licenses' }).getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Import from ConnectWise' }).click();
    await page.getByRole('table', { name: /Contacts of the mapped company/ }).waitFor();
    await select.selectOption({ label: initech });
    await page.getByRole('group', { name: 'Licenses' }).getByRole('button', { name: 'Next' }).waitFor();
    expect(await page.getByRole('table', { name: /Contacts of the mapped company/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add users' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Import report' }).count()).toBe(0);
  });

  it('Add users: a reload in the middle of an import finds the run again, with its progress or its report', async () => {
    await go('Add users');
    await page.getByLabel('GoTo account').selectOption({ label: 'Globex B.V.' });
    await page.getByRole('group', { name: 'Licenses' }).getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Import from ConnectWise' }).click();
    await page.getByRole('table', { name: /Contacts of the mapped company/ }).waitFor();
    await page.getByRole('button', { name: 'Add users' }).click();
    await page.getByRole('progressbar', { name: 'Adding users' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Add users' }).waitFor();
    // Its progress or (once it ended) its report shows, under the run's account.
    await page
      .getByRole('region', { name: 'Import report' })
      .getByText(/Created now: \d+/)
      .waitFor({ timeout: 120_000 });
    expect(await page.getByLabel('GoTo account').inputValue()).toBe(
      admin.world.gotoFake?.state.accounts.find((account) => account.name === 'Globex B.V.')?.key,
    );
    await expectAccessible();
  });

  it('Accounts at 375 px: the page does not scroll sideways; the mapping table scrolls in its own region', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await go('Accounts');
      await page.getByRole('table', { name: 'GoTo accounts and their PSA companies' }).waitFor();
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      await page.getByRole('region', { name: 'Mapping table' }).waitFor();
      await expectAccessible();
      await screenshot(page, 'accounts-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('End users: a weak end user on first contact, a strong one for a GoTo user, the display name preview', async () => {
    await go('End users');
    await page.getByLabel('GoTo account').selectOption({ label: 'Acme Corporation' });
    await page.getByLabel('Inbound email address').fill('new.person@acme.example');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText(/Weak end user, created on this first contact: New Person/).waitFor();
    // An address of an existing GoTo user, in another letter case: strong (SPEC E6).
    const acmeKey = admin.world.gotoFake?.state.accounts.find(
      (account) => account.name === 'Acme Corporation',
    )?.key;
    const existing = admin.world.gotoFake?.users(acmeKey ?? '')[0];
    if (!existing) throw new Error('Acme has no GoTo user in the demo world');
    await page.getByLabel('Inbound email address').fill(existing.email.toUpperCase());
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText(/^Strong end user \(a GoTo user\)/).waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain(existing.email);
    await page.getByLabel('Email address to preview').fill('claire.johnson@myorg.org');
    await page.getByText('Display name: Claire Johnson').waitFor();
    await expectAccessible();
    await screenshot(page, 'end-users');
  });

  it('the server serves only the built page: a traversal or a malformed path is refused, not a crash', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/%E0%A4%A',
      '/assets/../../server/start.ts',
    ]) {
      const response = await fetch(new URL(path, admin.url));
      expect([400, 404]).toContain(response.status);
    }
    const home = await fetch(admin.url);
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('PSA integrations: edit is re-tested (a failed test changes nothing), delete takes the mappings with it', async () => {
    await go('PSA integrations');
    const connectwise = section('ConnectWise PSA');
    await connectwise.getByRole('button', { name: 'Edit Main PSA' }).click();
    const edit = dialog('Edit connection');
    await edit.getByLabel(/^Private key/).fill('a-wrong-key');
    await edit.getByRole('button', { name: 'Test & save connection' }).click();
    await edit
      .getByRole('alert')
      .getByText(/nothing was saved/)
      .waitFor();
    await edit.getByLabel('Label').fill('Renamed PSA');
    await edit.getByLabel(/^Private key/).fill('');
    await edit.getByRole('button', { name: 'Test & save connection' }).click();
    await edit.waitFor({ state: 'hidden' });
    await connectwise.getByText('Renamed PSA').waitFor();

    await connectwise.getByRole('button', { name: 'Delete Renamed PSA' }).click();
    const confirm = dialog('Delete connection');
    await confirm.getByText(/Its mappings \(2\) are deleted with it/).waitFor();
    await expectAccessible();
    await confirm.getByRole('button', { name: 'Delete connection' }).click();
    await connectwise.getByText('Not connected.').waitFor();
    await go('Accounts');
    await page.getByRole('columnheader', { name: /PSA mapping \(Datto Autotask PSA/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: /PSA mapping/ }).count()).toBe(1);
  });
});
