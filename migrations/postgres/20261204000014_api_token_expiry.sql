-- API tokens expire (PostgreSQL). Keep in step with ../sqlite/ of the same name.
-- `label` is the token's name, shown in the owner's list. Tokens made before this
-- migration expire 90 days after they were made. A revoked token's row is deleted.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = to_char(
    (created_at::timestamptz + interval '90 days') AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS"Z"');
