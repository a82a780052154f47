-- A cell's measure, employer and dimension kept as small numbers instead of their codes'
-- text (store::stocktake::cell_codes, which also reads them back; 0 is "none", for the
-- registered population's row). The cells' key is what a million-row import spends most
-- of PostgreSQL's time on: a COPY of the same million cells took about 1.5 s with these
-- three as numbers against 2.05 s as text (docs/OPERATIONS.md, section 7). The key still
-- says that no return has a cell twice. Keep in step with ../sqlite/ of the same name.
ALTER TABLE stocktake_cells
    ALTER COLUMN measure TYPE SMALLINT USING CASE measure
        WHEN 'in_post' THEN 1 WHEN 'amhp' THEN 2 WHEN 'bia' THEN 3 WHEN 'vacancies' THEN 4
        WHEN 'starters' THEN 5 WHEN 'leavers' THEN 6 WHEN 'registered_population' THEN 7 END,
    ALTER COLUMN employer TYPE SMALLINT USING CASE employer
        WHEN '' THEN 0 WHEN 'nhs' THEN 1 WHEN 'other' THEN 2 END,
    ALTER COLUMN dimension TYPE SMALLINT USING CASE dimension
        WHEN '' THEN 0 WHEN 'total' THEN 1 WHEN 'band' THEN 2 WHEN 'age_group' THEN 3
        WHEN 'ethnic_category' THEN 4 WHEN 'sex' THEN 5 WHEN 'disability' THEN 6
        WHEN 'service_model' THEN 7 END;
