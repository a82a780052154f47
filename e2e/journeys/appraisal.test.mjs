// An appraisal with a golden thread end to end: Pat, on a phone, opens the appraisal their
// team manager has started, chooses to share their feedback and writes a reflection; the
// team manager finds it from the home page, is told which objective has no goal, rates the
// capabilities left, agrees a plan line and signs; Pat signs and it is complete, and the
// appraisals page shows Pat in date. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a team manager completes an appraisal with the practitioner', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { viewport: { width: 320, height: 800 } });
  await pat.clickLink('Your appraisals');
  assert.match(await pat.mainText(), /Overdue/);
  await pat.click(pat.page.getByRole('link', { name: /Appraisal started/ }).first());
  assert.match(await pat.heading(), /Appraisal of Pat Practitioner/);
  await pat.page.getByRole('checkbox', { name: /Feedback from people who use services and carers/ }).check();
  await pat.page.getByLabel('Your reflection on the year').fill('A hard spring on the ward; the team helped me through it.');
  await pat.submit('Save what you share');
  assert.match(await pat.mainText(), /What you share is saved/);

  const tm = await signedIn(USERS.teamManager);
  await tm.clickLink('Appraisals');
  assert.match(await tm.heading(), /^Appraisals$/);
  await tm.click(tm.page.getByRole('link', { name: 'Continue the appraisal of Pat Practitioner' }));
  const p = tm.page;
  assert.match(await tm.mainText(), /A hard spring on the ward/);
  assert.match(await tm.mainText(), /Before either of you can sign/);
  await p.locator('#objective_3').fill('Co-produce a carers\' information leaflet');
  await tm.submit('Save the appraisal', 422);
  const errors = await tm.errorSummary();
  assert.ok(errors.some((e) => /Select the goal objective 3 serves/.test(e)), errors.join(' | '));
  await p.locator('#goal_3').selectOption({ label: 'Inclusion, rights and citizenship' });
  for (const domain of ['Knowledge', 'Critical reflection and analysis', 'Skills and interventions', 'Contexts and organisations', 'Professional leadership']) {
    await p.getByRole('group', { name: domain, exact: true }).getByRole('radio', { name: 'Meeting the level expected' }).check();
  }
  await p.locator('#need_1').fill('Best interests assessor training');
  await p.locator('#action_1').fill('University module, funded by the trust');
  await tm.submit('Save the appraisal');
  assert.match(await tm.mainText(), /Saved\. Any signatures were cleared/);
  await tm.submit('Sign the appraisal');
  assert.match(await tm.mainText(), /It is complete when the other party signs too/);

  await pat.page.reload();
  assert.match(await pat.mainText(), /Co-produce a carers/);
  await pat.submit('Sign the appraisal');
  assert.match(await pat.mainText(), /Signed by both: the appraisal is complete/);

  await pat.clickLink('Back to your appraisals');
  assert.match(await pat.mainText(), /In date/);
  await tm.visit('/appraisals');
  assert.equal(await tm.page.getByRole('link', { name: 'Continue the appraisal of Pat Practitioner' }).count(), 0);
});
