-- The retention schedule (domain::retention): the day a leaver's record was anonymised.
-- A record with it set names nobody and is never acted on again.
ALTER TABLE practitioners ADD COLUMN anonymised_on TEXT;
