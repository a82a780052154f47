-- Indexes that serve the heavy pages' filters (issue: pages that cost what their queries
-- cost). Cancelled sessions are found per person by the day they were cancelled (the
-- dashboard's rebooking flag, the governance report's counts), as held ones already are
-- by the day they were held; a supervisor's held minutes in a range are read from the
-- index alone instead of every session they ever led.
CREATE INDEX supervision_sessions_practitioner_cancelled
    ON supervision_sessions(practitioner_id, status, cancelled_on);
DROP INDEX supervision_sessions_supervisor;
CREATE INDEX supervision_sessions_supervisor
    ON supervision_sessions(supervisor_user_id, status, held_on, minutes);
