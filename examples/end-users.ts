/**
 * Helpdesk end users (SPEC E1-E6): strong end users from PSA contacts before their first ticket
 * (E4, E5), inbound email resolved to a strong or weak end user (E2, E6), names from the email
 * (E3) with an app's own rule, and a weak end user promoted to a strong one.
 * Against the ConnectWise and GoTo simulators.
 *
 * Run: `npx tsx end-users.ts` (from examples/).
 */
import { createBridge } from '@psa-bridge/core';
import { type DisplayNameRule, displayNameFromEmail } from '@psa-bridge/core/email';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';

// E3 by the book, and where the articles are silent (documented choices):
for (const email of [
  'claire.johnson@myorg.org',
  'c.johnson@myorg.org',
  'clairejohnson@myorg.org',
  'jean-luc.van.der.berg+tickets@myorg.org',
]) {
  console.log(`${email.padEnd(40)} → ${displayNameFromEmail(email).displayName}`);
}

// An app's own rule for addresses like johnson_c@myorg.org ("surname_initial"); others keep E3.
// Give it to createBridge({ nameRule }) and weak end users and nameless contacts use it.
const surnameFirst: DisplayNameRule = (address) => {
  const [surname, initial] = address.localPart.split('_');
  if (!surname || !initial) return displayNameFromEmail(address.original);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return { firstName: cap(initial), lastName: cap(surname) };
};

const world = await createDemoWorld({ latencyMs: 5 });
try {
  const gotoClient = goto(world.goto);
  const bridge = createBridge({ providers: [world.connectwise.provider], goto: gotoClient });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: world.connectwise.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  const connectionId = saved.connection.id;
  const account = (await gotoClient.listAccounts()).find((a) => a.name === 'Globex B.V.');
  if (!account) throw new Error('no Globex account');
  await bridge.mappings.save({ connectionId, accountKey: account.key, companyId: '9002' });

  // E5: strong accounts first, so names are right before anyone emails the helpdesk.
  const plan = await bridge.endUsers.planProvisioning({ connectionId, accountKey: account.key });
  for (const row of plan.rows) {
    console.log(
      `  ${row.action} ${row.email}: ${row.firstName} ${row.lastName}${row.nameDerived ? ' (from email)' : ''}`,
    );
  }
  const report = await bridge.endUsers.provisionFromPsa({ connectionId, accountKey: account.key });
  console.log('strong end users:', report.totals);

  // E6: a known address is strong; an unknown one becomes weak, named by E3.
  for (const email of [
    'sanne.meijer@globex.example',
    'visitor.one@elsewhere.example',
    'Visitor.One@Elsewhere.example',
  ]) {
    const found = await bridge.endUsers.resolveInbound({ accountKey: account.key, email, channel: 'email' });
    console.log(
      `  ${email} → ${found.kind}`,
      found.kind === 'weak' ? `${found.endUser.displayName}${found.created ? ' (new)' : ''}` : found.user.key,
    );
  }

  // Promote the weak end user to a strong one, correcting the name (E4).
  const weak = await bridge.stores.weakEndUsers.get('visitor.one@elsewhere.example');
  if (weak) {
    const user = await bridge.endUsers.promote(weak, account.key, { firstName: 'Vera', lastName: 'Visitor' });
    console.log(
      `  promoted: ${user.email} is now ${user.firstName} ${user.lastName}, a member without licenses`,
    );
  }

  // The app's rule, in a bridge of its own.
  const custom = createBridge({
    providers: [world.connectwise.provider],
    goto: gotoClient,
    nameRule: surnameFirst,
  });
  const named = await custom.endUsers.resolveInbound({
    accountKey: account.key,
    email: 'johnson_c@myorg.org',
    channel: 'teams',
  });
  if (named.kind === 'weak')
    console.log(`  with the app's rule: johnson_c@myorg.org → ${named.endUser.displayName}`);
} finally {
  await world.close();
}
