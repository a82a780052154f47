-- The AMHP role on a practitioner's record is derived from AMHP approvals from now on
-- (domain::pq_roles): held while an approval has not been ended. Bring existing records into
-- line: drop the role where no open approval exists, add it where one does.
-- Keep in step with ../sqlite/.
UPDATE practitioners
SET pq_roles = TRIM(BOTH ',' FROM REPLACE(',' || pq_roles || ',', ',amhp,', ','))
WHERE (',' || pq_roles || ',') LIKE '%,amhp,%'
  AND NOT EXISTS (SELECT 1 FROM amhp_approvals a WHERE a.practitioner_id = practitioners.id AND a.ended_on IS NULL);
UPDATE practitioners
SET pq_roles = CASE WHEN pq_roles = '' THEN 'amhp' ELSE pq_roles || ',amhp' END
WHERE (',' || pq_roles || ',') NOT LIKE '%,amhp,%'
  AND EXISTS (SELECT 1 FROM amhp_approvals a WHERE a.practitioner_id = practitioners.id AND a.ended_on IS NULL);
