// A team's skills audit and role-clarity review end to end: the principal social worker
// opens a team from the teams list, follows "Skills audit and role clarity", is told
// which need is not a number, saves the audit with a family worker marked, and records
// the team's role-clarity review with its agreed actions; the workforce lead then reads
// it without forms to change it. Every page is checked by axe, the PSW's on a phone too.
import assert from 'node:assert/strict';
import { journey, USERS, daysFromToday } from '../lib/harness.mjs';

journey('the PSW runs a team skills audit and records a role-clarity review', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { viewport: { width: 320, height: 800 } });
  await psw.visit('/teams');
  const first = psw.page.locator('main table tbody a').first();
  const team = (await first.innerText()).trim();
  await psw.click(first);
  await psw.clickLink('Skills audit and role clarity');
  assert.match(await psw.heading(), /Skills audit and role clarity/);
  const p = psw.page;
  await p.getByLabel(/People needed with Approved mental health professional/).fill('lots');
  await psw.submit('Save the audit', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /must be a whole number from 0 to 99/.test(e)), errors.join(' | '));
  await p.getByLabel(/People needed with Approved mental health professional/).fill('4');
  await p.getByLabel('People needed with Family work').fill('2');
  await p.getByRole('checkbox', { name: 'Family work' }).first().check();
  await psw.submit('Save the audit');
  assert.match(await psw.mainText(), /The skills audit is saved/);

  await psw.submit('Record the review', 422);
  await psw.fillDate('Date of the review', daysFromToday(-1));
  await p.getByLabel('What the team found about how its roles are understood and used').fill('Duty and AMHP rota roles overlap on Mondays');
  await p.getByLabel('Actions the team agreed').fill('One named duty worker each day');
  await psw.submit('Record the review');
  assert.match(await psw.mainText(), /One named duty worker each day/);

  const wl = await signedIn(USERS.workforce);
  await wl.visit('/teams');
  await wl.clickLink(team);
  await wl.clickLink('Skills audit and role clarity');
  assert.match(await wl.mainText(), /Duty and AMHP rota roles overlap/);
  assert.equal(await wl.page.getByRole('button', { name: 'Save the audit' }).count(), 0);
});
