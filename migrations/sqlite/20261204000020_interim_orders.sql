-- An interim order is either an interim suspension (the person must not practise) or interim
-- conditions of practice (they practise, with conditions). The one 'interim_order' status
-- meant "must not practise", so existing rows keep that meaning as 'interim_suspension';
-- the next register check sets interim conditions where the register shows them.
-- Keep in step with ../postgres/.
UPDATE registrations SET status = 'interim_suspension' WHERE status = 'interim_order';
UPDATE registration_events SET status_to = 'interim_suspension' WHERE status_to = 'interim_order';
UPDATE registration_events SET status_from = 'interim_suspension' WHERE status_from = 'interim_order';
