-- How many AMHPs the organisation needs (for a 24-hour service), set by its principal
-- social worker or workforce lead on the post-qualifying page. NULL: not set here, so the
-- deployment's [post_qualifying] amhps_required applies. Keep in step with ../postgres/.
ALTER TABLE organisations ADD COLUMN amhps_required INTEGER;
