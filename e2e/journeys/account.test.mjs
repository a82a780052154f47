// The account page and API tokens, and files that are too big or too bad, as people meet
// them. A supervisor opens their account from their name in the header, is told what a
// token needs, makes one (shown once), sees it used, and revokes it. A PSW without
// JavaScript on a 320 px phone uploads a register file over the size limit and one with
// hundreds of problems. Every page is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a supervisor makes, sees used and revokes an API token', async ({ signedIn }) => {
  const sam = await signedIn(USERS.supervisor);
  await sam.clickLink(/your account/);
  assert.equal(await sam.heading(), 'Your account');
  assert.match(await sam.mainText(), /You have no API tokens/);
  await sam.submit('Make a token', 422);
  assert.deepEqual(await sam.errorSummary(), ['Enter a name for the token, saying what it is for']);
  await sam.page.getByLabel('What is it for?').fill('Team spreadsheet');
  await sam.submit('Make a token');
  const token = (await sam.page.locator('#new-token').innerText()).trim();
  assert.match(token, /^mhsw_[A-Za-z0-9_-]{43}$/);
  const me = await sam.page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status(), 200);
  await sam.visit('/account');
  const row = sam.page.getByRole('row', { name: /Team spreadsheet/ });
  assert.doesNotMatch(await row.innerText(), /Never/, 'its use is shown');
  assert.doesNotMatch(await sam.mainText(), new RegExp(token), 'the value is shown only once');
  await sam.submit('Revoke Team spreadsheet');
  assert.match(await sam.mainText(), /The token is revoked: it no longer works/);
  const after = await sam.page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after.status(), 401);
});

journey('a file too big or too bad is answered kindly, without JavaScript, at 320 px', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  await psw.visit('/registration/check');
  const upload = async (text, status = 200) => {
    await psw.page.getByLabel("The register's results (CSV file)").setInputFiles({
      name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(text),
    });
    await psw.submit('Show what it changes', status);
  };
  // Over the 1 MB limit: the same form again, saying so on the file field.
  await upload(`Registration number,Status\n${'SW1,Registered\n'.repeat(80_000)}`);
  assert.deepEqual(await psw.errorSummary(), ['The file must be smaller than 1 MB']);
  assert.match(await psw.page.locator('#file-error').innerText(), /smaller than 1 MB/);
  // Hundreds of problems: one line in the summary, the first 100 below, all as a CSV.
  const rows = Array.from({ length: 300 }, (_, i) => `NOT-A-NUMBER-${i},Registered`).join('\n');
  await upload(`Registration number,Status\n${rows}\n`, 422);
  assert.deepEqual(await psw.errorSummary(), ['The file has 300 problems. Correct them and upload it again']);
  assert.equal(await psw.page.locator('#problems ~ ul li').count(), 100);
  const link = psw.page.getByRole('link', { name: 'Download all 300 problems (CSV)' });
  const csv = await psw.page.request.get(await link.getAttribute('href'));
  assert.equal(csv.status(), 200);
  assert.equal((await csv.text()).trim().split(/\r?\n/).length, 301);
});
