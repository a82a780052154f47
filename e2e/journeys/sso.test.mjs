// Single sign-on end to end in the browser, against a real OpenID Connect provider (the
// certified oidc-provider package, e2e/oidc/provider.mjs) whose login completes by itself
// for one account, Sam, in the group "mhsw-supervisors". Sam first signs in before the
// organisation admin has a rule for that group and is told to ask them; the admin adds the
// rule on the Single sign-on page (after a wrong one is named); Sam signs in, lands where
// they were going as a supervisor, and signs out of mhsw and then of the provider too.
// Every page of mhsw's is checked by axe.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { E2E_DIR, freePort, journey, USERS } from '../lib/harness.mjs';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;

/** Starts the provider and resolves with its issuer once it listens. */
async function startProvider() {
  const config = {
    clients: [{ client_id: 'mhsw', client_secret: 'journey-secret', redirect_uris: [`${base}/sign-in/sso/northshire/callback`] }],
    account: { sub: 'entra-oid-sam', email: 'sam.sso@northshire.example.nhs.uk', email_verified: true, name: 'Sam Single-Sign-On', groups: ['mhsw-supervisors'] },
    tamper: null,
  };
  const child = spawn('node', ['oidc/provider.mjs'], {
    cwd: E2E_DIR,
    env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  after(() => child.kill());
  const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]);
  return JSON.parse(line).issuer;
}

const issuer = await startProvider();
const config = `
[sso]
redirect_base = "${base}"
[[sso.providers]]
name = "northshire"
label = "NHSmail"
organisation = "R9N"
issuer = "${issuer}"
client_id = "mhsw"
client_secret = "journey-secret"
`;

journey('someone signs in with their organisation\'s account once the admin\'s rule gives them a role', async ({ person, signedIn }) => {
  // Before any rule: the provider knows Sam, mhsw gives no account.
  const sam = await person();
  await sam.visit('/sign-in');
  await sam.clickLink('Sign in with NHSmail', 403);
  assert.match(await sam.heading(), /You could not be signed in/);
  assert.match(await sam.mainText(), /has not given you access/);

  // The admin maps the group to the supervisor role.
  const admin = await signedIn(USERS.admin);
  await admin.visit('/users');
  await admin.clickLink('Single sign-on: who can sign in with your organisation\'s account');
  assert.match(await admin.mainText(), /No rules yet/);
  await admin.page.getByLabel('Value').fill('');
  await admin.submit('Add rule', 422);
  assert.ok((await admin.errorSummary()).some((e) => /value the claim must have/.test(e)));
  await admin.page.getByLabel('Claim', { exact: true }).fill('groups');
  await admin.page.getByLabel('Value').fill('mhsw-supervisors');
  await admin.page.getByLabel('Role it gives').selectOption({ label: 'Supervisor' });
  await admin.submit('Add rule');
  assert.match(await admin.mainText(), /The rule was added/);
  assert.match(await admin.mainText(), /mhsw-supervisors\s+Supervisor/);

  // Sam tries again from a page that needs sign-in, and lands on it.
  await sam.visit('/supervision', 200);
  await sam.page.waitForURL(/\/sign-in/);
  await sam.clickLink('Sign in with NHSmail');
  assert.equal(new URL(sam.page.url()).pathname, '/supervision');
  await sam.visit('/');
  assert.match(await sam.heading(), /Welcome, Sam Single-Sign-On/);
  // Signing out ends mhsw's session and offers to sign out of NHSmail too (on a shared
  // computer the provider's own session would let the next person in as Sam).
  await sam.submit('Sign out');
  assert.equal(new URL(sam.page.url()).pathname, '/sign-in/sso/northshire/signed-out');
  assert.match(await sam.heading(), /You have signed out of/);
  // The provider's own pages are not mhsw's, so axe is not run on them.
  await sam.page.getByRole('link', { name: 'Sign out of NHSmail too' }).click();
  await sam.page.getByRole('heading', { name: 'Signed out' }).waitFor();
  assert.equal(new URL(sam.page.url()).origin, new URL(issuer).origin);
  await sam.visit('/supervision');
  assert.match(new URL(sam.page.url()).pathname, /\/sign-in/);
}, { port, config });
