-- Two-step sign-in for local accounts (domain::totp). The secret an authenticator app
-- shares, once confirmed; the one being set up until then; the last step a code was used
-- for, so no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- A sign-in whose password was right, waiting for its code: the challenge cookie's hash,
-- for 5 minutes and 5 tries.
CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges(user_id);
