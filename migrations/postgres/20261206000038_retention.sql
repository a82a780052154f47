-- The retention schedule (domain::retention): the day a leaver's record was anonymised.
-- A record with it set names nobody and is never acted on again.
ALTER TABLE practitioners ADD COLUMN anonymised_on DATE;

-- The audit trail stays append-only, except inside a retention run (service::data_protection
-- ::retention): the run writes a permit in its own transaction, which no other transaction
-- ever sees, and removes it before it commits. With a permit, entries from before its
-- `until` may be deleted, and an entry's email may be replaced by an anonymised one and
-- nothing else changed. TRUNCATE is still refused.
CREATE TABLE retention_permits (until TIMESTAMPTZ NOT NULL);

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM retention_permits WHERE OLD.at < until) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM retention_permits)
        AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.org_id, NEW.action, NEW.record_type,
             NEW.record_id, NEW.detail, NEW.request_id)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor_user_id, OLD.org_id, OLD.action, OLD.record_type,
             OLD.record_id, OLD.detail, OLD.request_id)
        AND NEW.actor_email LIKE 'former-user-%@anonymised.invalid' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
