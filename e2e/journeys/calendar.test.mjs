// The private calendar feed, as a person uses it: from the home page, create an address
// (shown once), subscribe to it (no session), stop it. Every page is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a practitioner creates, uses and stops a calendar feed', async ({ signedIn, person }) => {
  const p = await signedIn(USERS.practitioner);
  await p.clickLink('Calendar feed');
  assert.match(await p.mainText(), /You do not have a feed/);
  await p.submit('Create a feed address');
  const url = (await p.page.locator('#feed-url').innerText()).trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  // A calendar app has no session: the address alone is the credential.
  const app = await person();
  const feed = await app.page.request.get(url);
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()['content-type'], /^text\/calendar/);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR\r\n/);
  await p.submit('Stop this feed');
  assert.match(await p.mainText(), /Your feed is stopped/);
  assert.equal((await app.page.request.get(url)).status(), 404);
});
