-- Single sign-on (domain::oidc, service::sso).
-- A sign-in sent to the identity provider and not yet back: the state's hash (the browser
-- holds the state in a cookie), the nonce the ID token must carry, PKCE's verifier, and
-- where to go afterwards. Claimed once (deleted as it is read); 10 minutes at most.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sso_logins_created ON sso_logins(created_at);

-- Who a provider's stable subject claim is in mhsw.
CREATE TABLE sso_identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_sign_in_at TEXT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX sso_identities_user ON sso_identities(user_id);

-- An organisation admin's mapping of claims to roles: no rule, no account.
CREATE TABLE sso_role_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    claim TEXT NOT NULL,
    value TEXT NOT NULL,
    role TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, provider, claim, value, role)
);
