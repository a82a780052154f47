// A subject access request end to end: the data protection officer follows "Data protection"
// from the navigation, searches for Pat, reads everything held about them (their record,
// supervision, who read it) on a 320 pixel phone, downloads it as JSON, and reads the
// retention schedule and what its next run would change. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('the data protection officer answers a subject access request', async ({ signedIn }) => {
  // The supervisor reads Pat's supervision first: the export names them.
  const supervisor = await signedIn(USERS.supervisor);
  await supervisor.visit('/practitioners?q=Pat');
  await supervisor.clickLink('Practitioner, Pat');
  await supervisor.clickLink(/Supervision/);

  const dpo = await signedIn(USERS.dpo, { viewport: { width: 320, height: 640 } });
  await dpo.visit('/');
  await dpo.clickLink('Data protection');
  assert.match(await dpo.heading(), /Data protection/);
  const p = dpo.page;
  await p.getByLabel('Name, email address or Social Work England number').fill('Pat');
  await dpo.click(p.getByRole('button', { name: 'Search' }));
  await dpo.clickLink('Pat Practitioner');
  assert.match(await dpo.heading(), /What this service holds about Pat Practitioner/);
  const text = await dpo.mainText();
  for (const e of [/Practitioner record/, /Supervision sessions/, /Who read or changed their records/, /Held and not given here/]) {
    assert.match(text, e);
  }
  assert.match(text, new RegExp(USERS.supervisor.replace('.', '\\.')), 'the supervisor who read the record');
  assert.doesNotMatch(text, /\$argon2/, 'no password hash');

  const href = await p.getByRole('link', { name: 'Download as JSON' }).getAttribute('href');
  const download = await p.request.get(href);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-disposition'], /attachment/);
  const exported = await download.json();
  assert.equal(exported.subject.name, 'Pat Practitioner');
  assert.ok(exported.sections.some((s) => s.key === 'supervision_sessions' && s.total > 0));

  await dpo.clickLink('Data protection');
  await dpo.clickLink(/How long records are kept/);
  assert.match(await dpo.heading(), /Retention/);
  assert.match(await dpo.mainText(), /What a run today would change/);
});
