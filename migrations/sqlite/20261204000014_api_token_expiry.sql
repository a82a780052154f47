-- API tokens expire (SQLite). Keep in step with ../postgres/ of the same name.
-- `label` is the token's name, shown in the owner's list. Tokens made before this
-- migration expire 90 days after they were made. A revoked token's row is deleted.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+90 days');
