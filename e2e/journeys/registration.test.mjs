// Registration end to end: the principal social worker exports numbers for the register's
// bulk search, uploads a bad file (refused, naming the column), then the register's results,
// previews and applies them; the lapsed person is flagged and alerted; a manual record is
// corrected after an error. Every page visited is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a register check is previewed, applied and a lapse is flagged everywhere', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.clickLink('Registration');
  assert.match(await psw.heading(), /Registration/);
  await psw.clickLink('Check against the register');

  const batch = await psw.page.request.get(psw.url('/registration/check/batches/1'));
  assert.equal(batch.status(), 200);
  const numbers = (await batch.text()).trim().split(/\r?\n/).slice(1);
  assert.ok(numbers.length > 2 && numbers.length <= 100, `batch of ${numbers.length}`);

  const upload = async (name, text, status) => {
    await psw.page.getByLabel("The register's results (CSV file)").setInputFiles({
      name, mimeType: 'text/csv', buffer: Buffer.from(text),
    });
    await psw.submit('Show what it changes', status);
  };
  await upload('wrong.csv', 'Registration number,Shoe size\nSW1,9\n', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /Column 2 \("Shoe size"\)/.test(e)), errors.join(' | '));

  const lapsing = numbers[0];
  await upload('register.csv', `Registration number,Status,Registered until\n${lapsing},Lapsed,\n`);
  assert.match(await psw.heading(), /What the register check changes/);
  assert.match(await psw.mainText(), new RegExp(`${lapsing}[\\s\\S]*Status: .* to Lapsed`));
  await psw.submit('Apply these changes');
  assert.match(await psw.mainText(), /The register check is applied: 1 records changed/);
  assert.match(await psw.mainText(), /Must not practise: /);

  // The lapsed person's page warns; the home page alerts the principal social worker.
  const row = psw.page.locator('main tbody tr', { hasText: lapsing });
  await psw.click(row.getByRole('link').first());
  assert.match(await psw.mainText(), /Must not practise as a social worker/);
  assert.match(await psw.mainText(), /Lapsed since/);
  await psw.clickLink('Record what the register shows');
  await psw.page.getByLabel('Status').selectOption('registered');
  await psw.fillDate('Registered until', '');
  await psw.submit('Save registration', 422);
  assert.ok((await psw.errorSummary()).some((e) => /registered-until date/.test(e)));
  await psw.fillDate('Registered until', '2027-11-30');
  await psw.page.getByLabel('How you checked').selectOption('register_search');
  await psw.submit('Save registration');
  assert.match(await psw.mainText(), /The registration is saved/);
  assert.doesNotMatch(await psw.mainText(), /Must not practise as a social worker/);
  assert.match(await psw.mainText(), /Lapsed[\s\S]*Registered/);

  await psw.visit('/');
  assert.match(await psw.heading(), /Welcome/);
});
