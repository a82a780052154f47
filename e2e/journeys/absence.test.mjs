// Sickness absence end to end: the workforce lead (the HR lead) opens "Sickness absence"
// from the workforce page, records one episode (told first what is missing), uploads a
// file with a mistake (named by row and column, nothing saved) and then the corrected
// file; the principal social worker reads the figures, which name nobody, and has no
// forms to record. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS, daysFromToday } from '../lib/harness.mjs';

journey('the HR lead records and imports sickness absence and the PSW reads the figures', async ({ signedIn }) => {
  const hr = await signedIn(USERS.workforce);
  // Pat's work email, as their staff record has it.
  await hr.visit('/practitioners?q=Pat');
  await hr.clickLink('Practitioner, Pat');
  const email = (await hr.page.locator('.nhsuk-summary-list__row', { hasText: 'Work email' }).locator('dd').first().innerText()).trim();
  assert.match(email, /@/);
  await hr.visit('/workforce');
  await hr.clickLink('Sickness absence');
  assert.match(await hr.heading(), /Sickness absence/);
  await hr.submit('Record the episode', 422);
  const errors = await hr.errorSummary();
  for (const e of [/work email/, /First day of absence/, /reason category/]) {
    assert.ok(errors.some((x) => e.test(x)), `${e} in ${errors.join(' | ')}`);
  }
  const p = hr.page;
  await p.getByLabel('Work email').fill(email);
  await hr.fillDate('First day of absence', daysFromToday(-50));
  await hr.fillDate('Last day of absence (leave empty while they are still absent)', daysFromToday(-48));
  await p.locator('select#reason').selectOption({ label: 'Cold, cough, flu or influenza' });
  await hr.submit('Record the episode');
  assert.match(await hr.mainText(), /The episode is recorded/);

  const upload = async (text, status) => {
    await p.getByLabel('Absence episodes (CSV file)').setInputFiles({
      name: 'absence.csv', mimeType: 'text/csv', buffer: Buffer.from(text),
    });
    await hr.submit('Import the episodes', status);
  };
  const head = 'work_email,first_day,last_day,reason\n';
  await upload(`${head}${email},${daysFromToday(-30)},${daysFromToday(-29)},S11\n${email},${daysFromToday(-30)},,S99\n`, 422);
  assert.match(await hr.mainText(), /Row 3, column first_day: This shares days with the episode on row 2/);
  await upload(`${head}${email},${daysFromToday(-30)},${daysFromToday(-29)},S11\n`, 200);
  assert.match(await hr.mainText(), /1 episodes are imported/);

  const psw = await signedIn(USERS.psw);
  await psw.visit('/workforce/absence');
  const text = await psw.mainText();
  assert.match(text, /Sickness absence rate/);
  assert.ok(!text.includes(email), 'nobody is named');
  assert.equal(await psw.page.getByRole('button', { name: 'Record the episode' }).count(), 0);
});
