#!/usr/bin/env node
// A real OpenID Connect provider for tests, built on the certified
// `oidc-provider` package. See README.md beside this file.
//
// Configuration: JSON in the environment variable OIDC_TEST_CONFIG.
// Prints exactly one line to stdout once listening:
//   {"issuer":"http://127.0.0.1:PORT"}
// Everything else (oidc-provider notices, errors) goes to stderr.
// Exits on SIGTERM, SIGINT, and when stdin closes.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

// oidc-provider prints some notices with console.info, which writes to
// stdout. The one stdout line is the issuer, so send every other console
// output to stderr before the library is loaded (hence the dynamic import).
const writeStdout = process.stdout.write.bind(process.stdout);
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const { default: Provider } = await import('oidc-provider');
const jose = await import('jose');

const TAMPER_MODES = new Set([
  'wrong-issuer',
  'wrong-audience',
  'bad-nonce',
  'expired',
  'bad-signature',
  'alg-none',
  'unknown-key',
]);

function fail(message) {
  process.stderr.write(`oidc test provider: ${message}\n`);
  process.exit(2);
}

function readConfig() {
  const raw = process.env.OIDC_TEST_CONFIG;
  if (!raw) fail('OIDC_TEST_CONFIG is not set');
  let config;
  try {
    config = JSON.parse(raw);
  } catch (err) {
    fail(`OIDC_TEST_CONFIG is not valid JSON: ${err.message}`);
  }
  if (!config || typeof config !== 'object') fail('OIDC_TEST_CONFIG must be a JSON object');
  if (!Array.isArray(config.clients) || config.clients.length === 0) {
    fail('OIDC_TEST_CONFIG.clients must be a non-empty array');
  }
  if (!config.account || typeof config.account.sub !== 'string' || !config.account.sub) {
    fail('OIDC_TEST_CONFIG.account.sub must be a non-empty string');
  }
  const tamper = config.tamper ?? null;
  if (tamper !== null && !TAMPER_MODES.has(tamper)) {
    fail(`OIDC_TEST_CONFIG.tamper must be null or one of ${[...TAMPER_MODES].join(', ')}`);
  }
  const port = config.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail('OIDC_TEST_CONFIG.port must be an integer between 0 and 65535');
  }
  return { ...config, tamper, port };
}

const config = readConfig();
const account = config.account;

// Shutdown: on signals, and when the parent closes our stdin (or dies).
let server;
function shutdown() {
  if (server) {
    server.close();
    server.closeAllConnections?.();
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (config.watch_stdin !== false) {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}

// Signing key, fresh for every run.
async function makeSigningKey(kid) {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}
const signing = await makeSigningKey(`test-${crypto.randomBytes(8).toString('hex')}`);

// Listen first, so that the issuer can carry the real port.
server = http.createServer();
try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
} catch (err) {
  fail(`cannot listen on 127.0.0.1:${config.port}: ${err.message}`);
}
const issuer = `http://127.0.0.1:${server.address().port}`;

const clients = config.clients.map((client) => ({
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  ...client,
}));

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signing.jwk] },
  cookies: {
    keys: [crypto.randomBytes(32).toString('base64url'), crypto.randomBytes(32).toString('base64url')],
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'groups'],
  },
  conformIdTokenClaims: false,
  responseTypes: ['code'],
  // The library's defaults, given explicitly so that it does not print a
  // notice for each.
  ttl: {
    AccessToken: 60 * 60,
    AuthorizationCode: 60,
    Grant: 14 * 24 * 60 * 60,
    IdToken: 60 * 60,
    Interaction: 60 * 60,
    Session: 14 * 24 * 60 * 60,
  },
  pkce: { required: () => true },
  // Only the key above exists, so only advertise what it can sign.
  enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
  clientBasedCORS: () => false,
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Sign out without asking: a browser submits the confirmation form at
      // once; a client without JavaScript can POST the form's fields
      // (xsrf, logout=yes) to its action itself.
      logoutSource: async (ctx, form) => {
        const withLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
        ctx.type = 'html';
        ctx.body = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Signing out</title>
  <script>document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });</script>
</head>
<body>
  ${withLogout}
  <noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
</body>
</html>`;
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.type = 'html';
        ctx.body = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><h1>Signed out</h1></body></html>';
      },
    },
  },
  renderError: async (ctx, out) => {
    ctx.type = 'json';
    ctx.body = out;
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { ...account, sub: account.sub };
      },
    };
  },
});

provider.on('server_error', (ctx, err) => {
  process.stderr.write(`oidc test provider: server_error: ${err?.stack || err}\n`);
});

// Interactions complete at once, for the configured account.
const INTERACTION_PATH = /^\/interaction\/([^/]+)$/;
provider.use(async (ctx, next) => {
  const match = ctx.method === 'GET' ? INTERACTION_PATH.exec(ctx.path) : null;
  if (!match) {
    await next();
    return;
  }
  ctx.set('cache-control', 'no-store');
  try {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'interaction cookie does not match the URL' };
      return;
    }
    const { prompt, params, session, grantId } = details;
    if (prompt.name === 'login') {
      await provider.interactionFinished(ctx.req, ctx.res, {
        login: { accountId: account.sub },
      }, { mergeWithLastSubmission: false });
      return;
    }
    if (prompt.name === 'consent') {
      let grant = grantId ? await provider.Grant.find(grantId) : undefined;
      grant ||= new provider.Grant({
        accountId: session?.accountId ?? account.sub,
        clientId: params.client_id,
      });
      const d = prompt.details;
      if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
      if (d.missingResourceScopes) {
        for (const [indicator, scopes] of Object.entries(d.missingResourceScopes)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
      }
      const saved = await grant.save();
      // Keep the login result of the earlier interaction.
      await provider.interactionFinished(ctx.req, ctx.res, {
        consent: { grantId: saved },
      }, { mergeWithLastSubmission: true });
      return;
    }
    ctx.status = 501;
    ctx.body = { error: 'server_error', error_description: `prompt ${prompt.name} not handled` };
  } catch (err) {
    process.stderr.write(`oidc test provider: interaction failed: ${err?.message || err}\n`);
    ctx.status = err?.statusCode || err?.status || 500;
    ctx.body = { error: err?.error || 'server_error', error_description: err?.error_description || String(err?.message || err) };
  }
});

// Tampering with the ID token of a successful authorization_code grant.
const unknownKey = config.tamper === 'unknown-key'
  ? await makeSigningKey(`unknown-${crypto.randomBytes(8).toString('hex')}`)
  : null;
const tokenPath = new URL(provider.pathFor('token'), 'http://x').pathname;

async function tamper(idToken, mode) {
  const header = jose.decodeProtectedHeader(idToken);
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const resign = (payload, key = signing.privateKey, kid = header.kid) => new jose.SignJWT(payload)
    .setProtectedHeader({ ...header, alg: 'RS256', kid })
    .sign(key);

  switch (mode) {
    case 'wrong-issuer':
      return resign({ ...claims, iss: 'http://evil.example' });
    case 'wrong-audience':
      return resign({ ...claims, aud: 'someone-else' });
    case 'bad-nonce':
      return resign({ ...claims, nonce: 'not-the-nonce' });
    case 'expired':
      return resign({ ...claims, iat: now - 7200, exp: now - 3600 });
    case 'bad-signature': {
      const [h, p, s] = idToken.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[0] ^= 0xff;
      sig[sig.length - 1] ^= 0x01;
      return `${h}.${p}.${sig.toString('base64url')}`;
    }
    case 'alg-none': {
      const h = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const p = idToken.split('.')[1];
      return `${h}.${p}.`;
    }
    case 'unknown-key':
      return resign(claims, unknownKey.privateKey, unknownKey.jwk.kid);
    default:
      return idToken;
  }
}

if (config.tamper) {
  provider.use(async (ctx, next) => {
    await next();
    if (
      ctx.path === tokenPath
      && ctx.status === 200
      && ctx.oidc?.params?.grant_type === 'authorization_code'
      && ctx.body && typeof ctx.body === 'object' && typeof ctx.body.id_token === 'string'
    ) {
      ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token, config.tamper) };
    }
  });
}

server.on('request', provider.callback());

writeStdout(`${JSON.stringify({ issuer })}\n`);
