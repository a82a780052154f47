// Two-step sign-in end to end: the principal social worker sets it up from their account
// page (a QR code and the key to type in), confirms it with a code computed as an
// authenticator app computes it, signs out, and signs in again: the password alone leads to
// the code page, a wrong code is named, the right one signs them in. Every page is checked
// by axe.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { journey, USERS } from '../lib/harness.mjs';

/** RFC 4648 base32 to bytes. */
function fromBase32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of text.replace(/\s|=/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((value >>> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code for a step (HMAC-SHA1, 6 digits), as an authenticator app shows it. */
function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

const step = (offset = 0) => Math.floor(Date.now() / 1000 / 30) + offset;

journey('a principal social worker turns on two-step sign-in and signs in with a code', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.visit('/account');
  await psw.clickLink('Two-step sign-in');
  assert.match(await psw.mainText(), /Off/);
  await psw.click(psw.page.getByRole('button', { name: 'Set up two-step sign-in' }));
  assert.ok(await psw.page.getByRole('img', { name: /QR code/ }).count() > 0, 'a QR code');
  const key = fromBase32(await psw.page.locator('main code').innerText());
  const first = step();
  await psw.page.getByLabel('Code from your authenticator app').fill(totp(key, first));
  await psw.click(psw.page.getByRole('button', { name: 'Turn on two-step sign-in' }));
  assert.match(await psw.mainText(), /On/);

  await psw.signOut();
  await psw.visit('/sign-in');
  const p = psw.page;
  await p.getByLabel('Email address').fill(USERS.psw);
  await p.getByLabel('Password').fill('demo-password-2026');
  await psw.click(p.getByRole('button', { name: 'Sign in' }));
  assert.match(await psw.heading(), /Enter your sign-in code/);
  await p.getByLabel('Sign-in code').fill('12');
  await psw.click(p.getByRole('button', { name: 'Continue' }), 422);
  assert.ok((await psw.errorSummary()).some((e) => /6-digit code/.test(e)));
  // The code that turned it on has been used: the next step's is accepted.
  await p.getByLabel('Sign-in code').fill(totp(key, first + 1));
  await psw.click(p.getByRole('button', { name: 'Continue' }));
  assert.doesNotMatch(await psw.heading(), /sign-in code|Sign in/);
});
