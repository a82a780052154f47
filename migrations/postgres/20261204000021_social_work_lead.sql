-- The organisation's principal social worker or senior social work lead post: its title, its
-- level (data/reference-lists.toml psw_levels) and its line to the board, as the 2020
-- guidance's consideration 1 asks (docs/sources.md#social-work-lead). Empty: not recorded.
-- Keep in step with ../sqlite/.
ALTER TABLE organisations ADD COLUMN psw_post TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN psw_level TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN psw_line_to_board TEXT NOT NULL DEFAULT '';
