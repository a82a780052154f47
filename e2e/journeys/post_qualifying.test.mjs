// Post-qualifying roles end to end: Pat, an AMHP, logs training (a negative number of hours
// is refused, naming the field) and sees the hours in the approval year, without
// JavaScript; the principal social worker follows the organisation view's shortfall count
// to Pat and records a role, at 320 px. Every page visited is checked by axe-core.
import assert from 'node:assert/strict';
import { daysFromToday, journey, TODAY, USERS } from '../lib/harness.mjs';

const today = TODAY;

journey('an AMHP logs training and sees their hours in the approval year', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { javaScriptEnabled: false });
  await pat.clickLink('My AMHP and other roles');
  assert.match(await pat.heading(), /AMHP and post-qualifying roles/);
  assert.match(await pat.mainText(), /Year 1[\s\S]*\b6\b[\s\S]*\b12\b[\s\S]*In progress/);

  await pat.clickLink('Log training hours');
  await pat.fillDate('Date of training', today);
  await pat.page.getByLabel('Hours').fill('-3');
  await pat.page.getByLabel('What the training was').fill('AMHP forum: case law');
  await pat.submit('Log training', 422);
  const errors = await pat.errorSummary();
  assert.ok(errors.some((e) => /Hours must be more than 0/.test(e)), errors.join(' | '));

  await pat.page.getByLabel('Hours').fill('4.5');
  await pat.submit('Log training');
  assert.match(await pat.mainText(), /Your training hours are logged/);
  assert.match(await pat.mainText(), /AMHP forum: case law[\s\S]*4\.5 hours/);
  assert.match(await pat.mainText(), /Year 1[\s\S]*10\.5[\s\S]*7\.5/);
});

journey('the principal social worker sees training-hours shortfalls and records a role', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { viewport: { width: 320, height: 640 } });
  await psw.visit('/');
  await psw.clickLink('AMHP and post-qualifying roles');
  assert.match(await psw.heading(), /AMHP and post-qualifying roles/);
  const text = await psw.mainText();
  assert.match(text, /Training-hours shortfalls/);
  assert.match(text, /Succession: AMHPs aged 55 and over/);
  assert.match(text, /Approvals ending, by quarter/);

  // Pat (6 hours of 18 logged) is on the shortfall list, a page of its own linked from the
  // count; follow the link to the record.
  await psw.clickLink('See who is short of training hours');
  assert.match(await psw.heading(), /Training-hours shortfalls/);
  const cell = (n, text) => psw.page.locator(`td:nth-child(${n})`, { hasText: text });
  const row = psw.page.locator('main table').first().locator('tbody tr')
    .filter({ has: cell(3, /^6$/) }).filter({ has: cell(4, /^12$/) }).first();
  await psw.click(row.getByRole('link').first());
  assert.match(await psw.heading(), /AMHP and post-qualifying roles/);
  assert.match(await psw.mainText(), /Year 1[\s\S]*\b6\b[\s\S]*\b12\b/);
  await psw.clickLink('Record a role');
  await psw.page.getByLabel('Role', { exact: true }).selectOption('forensic_social_supervisor');
  await psw.page.getByLabel(/Restricted patients allocated/).fill('2');
  await psw.fillDate(/Next progress report/, '2027-02-31');
  await psw.submit('Save role', 422);
  assert.ok((await psw.errorSummary()).some((e) => /Next report due must be a real date/.test(e)));
  await psw.fillDate(/Next progress report/, today);
  await psw.submit('Save role');
  assert.match(await psw.mainText(), /The role is saved/);
  assert.match(await psw.mainText(), /2 restricted patients allocated[\s\S]*Due soon/);

  // The view's other lists are pages of their own; succession shows the PSW a count only.
  for (const [path, heading] of [
    ['/post-qualifying/reapproval-due', /Re-approval due/],
    ['/post-qualifying/approvals-ending', /Approvals ending/],
    ['/post-qualifying/due', /Refreshers and reports due/],
    ['/post-qualifying/succession', /Succession: AMHPs aged 55 and over/],
  ]) {
    await psw.visit(path);
    assert.match(await psw.heading(), heading);
  }
  assert.equal(await psw.page.locator('main table').count(), 0, 'no names for the PSW');
  await psw.visit('/post-qualifying/approvals-ending?quarter=soon', 422);
});

journey('the workforce lead follows the succession count to who is 55 or over', async ({ signedIn }) => {
  const lead = await signedIn(USERS.workforce, { javaScriptEnabled: false });
  await lead.visit('/post-qualifying');
  await lead.clickLink('See who is at or over the succession age');
  assert.match(await lead.heading(), /Succession: AMHPs aged 55 and over/);
  assert.match(await lead.mainText(), /This view is recorded/);
  assert.ok(await lead.page.locator('main tbody tr').count() > 0);
});
