-- The retention schedule (domain::retention): the day a leaver's record was anonymised.
-- A record with it set names nobody and is never acted on again.
ALTER TABLE practitioners ADD COLUMN anonymised_on TEXT;

-- The audit trail stays append-only, except inside a retention run (service::data_protection
-- ::retention): the run writes a permit in its own transaction, which no other connection
-- ever sees, and removes it before it commits. With a permit, entries from before its
-- `until` may be deleted, and an entry's email may be replaced by an anonymised one and
-- nothing else changed.
CREATE TABLE retention_permits (until TEXT NOT NULL);

DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM retention_permits)
    OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
    OR NEW.actor_user_id IS NOT OLD.actor_user_id OR NEW.org_id IS NOT OLD.org_id
    OR NEW.action IS NOT OLD.action OR NEW.record_type IS NOT OLD.record_type
    OR NEW.record_id IS NOT OLD.record_id OR NEW.detail IS NOT OLD.detail
    OR NEW.request_id IS NOT OLD.request_id
    OR NEW.actor_email NOT LIKE 'former-user-%@anonymised.invalid'
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM retention_permits WHERE OLD.at < until)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
