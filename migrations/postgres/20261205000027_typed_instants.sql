-- Instants become TIMESTAMPTZ columns. They were RFC 3339 text in UTC to the whole
-- second ("2026-12-05T09:30:00Z"), written so through a driver that could not bind a
-- time; every value converts in place. `store::engine` binds and decodes
-- `domain::timestamp::Timestamp` on both engines; SQLite keeps the RFC 3339 text.
ALTER TABLE amhp_activity
    ALTER COLUMN recorded_at TYPE TIMESTAMPTZ USING recorded_at::timestamptz;
ALTER TABLE amhp_approvals
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE amhp_suspensions
    ALTER COLUMN recorded_at TYPE TIMESTAMPTZ USING recorded_at::timestamptz;
ALTER TABLE api_tokens
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN expires_at TYPE TIMESTAMPTZ USING expires_at::timestamptz,
    ALTER COLUMN last_used_at TYPE TIMESTAMPTZ USING last_used_at::timestamptz;
ALTER TABLE asye_evidence
    ALTER COLUMN added_at TYPE TIMESTAMPTZ USING added_at::timestamptz,
    ALTER COLUMN signed_off_at TYPE TIMESTAMPTZ USING signed_off_at::timestamptz;
ALTER TABLE asye_pauses
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE asye_programmes
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE asye_protected_time
    ALTER COLUMN logged_at TYPE TIMESTAMPTZ USING logged_at::timestamptz;
ALTER TABLE asye_reviews
    ALTER COLUMN recorded_at TYPE TIMESTAMPTZ USING recorded_at::timestamptz;
ALTER TABLE audit_log
    ALTER COLUMN at TYPE TIMESTAMPTZ USING at::timestamptz;
ALTER TABLE calendar_feeds
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN revoked_at TYPE TIMESTAMPTZ USING revoked_at::timestamptz;
ALTER TABLE collaborative_conversations
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE cpd_declarations
    ALTER COLUMN declared_at TYPE TIMESTAMPTZ USING declared_at::timestamptz;
ALTER TABLE cpd_records
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN submitted_at TYPE TIMESTAMPTZ USING submitted_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE idempotency_keys
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE known_devices
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN last_used_at TYPE TIMESTAMPTZ USING last_used_at::timestamptz;
ALTER TABLE organisations
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE partnership_agreements
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN ended_at TYPE TIMESTAMPTZ USING ended_at::timestamptz,
    ALTER COLUMN responded_at TYPE TIMESTAMPTZ USING responded_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE pq_role_records
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE practitioner_equality
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE practitioners
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE registration_imports
    ALTER COLUMN applied_at TYPE TIMESTAMPTZ USING applied_at::timestamptz,
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE registrations
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE reminders_sent
    ALTER COLUMN claimed_at TYPE TIMESTAMPTZ USING claimed_at::timestamptz,
    ALTER COLUMN failed_at TYPE TIMESTAMPTZ USING failed_at::timestamptz,
    ALTER COLUMN sent_at TYPE TIMESTAMPTZ USING sent_at::timestamptz;
ALTER TABLE sa_action_notes
    ALTER COLUMN written_at TYPE TIMESTAMPTZ USING written_at::timestamptz;
ALTER TABLE sa_actions
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE sa_answers
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE sa_benchmark_consent
    ALTER COLUMN decided_at TYPE TIMESTAMPTZ USING decided_at::timestamptz;
ALTER TABLE sa_cycles
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN signed_off_at TYPE TIMESTAMPTZ USING signed_off_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE sa_participants
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE sessions
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN last_seen_at TYPE TIMESTAMPTZ USING last_seen_at::timestamptz;
ALTER TABLE sign_in_throttle
    ALTER COLUMN retry_at TYPE TIMESTAMPTZ USING retry_at::timestamptz,
    ALTER COLUMN window_started_at TYPE TIMESTAMPTZ USING window_started_at::timestamptz;
ALTER TABLE staff_imports
    ALTER COLUMN applied_at TYPE TIMESTAMPTZ USING applied_at::timestamptz,
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE strategic_statements
    ALTER COLUMN generated_at TYPE TIMESTAMPTZ USING generated_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE supervision_agreement_acknowledgements
    ALTER COLUMN acknowledged_at TYPE TIMESTAMPTZ USING acknowledged_at::timestamptz;
ALTER TABLE supervision_agreements
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE supervision_sessions
    ALTER COLUMN confirmed_at TYPE TIMESTAMPTZ USING confirmed_at::timestamptz,
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN recorded_at TYPE TIMESTAMPTZ USING recorded_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE teams
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
ALTER TABLE upload_problem_reports
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz;
ALTER TABLE users
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at::timestamptz;
