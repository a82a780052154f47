-- The summaries of returns stored before 20261207000042, from their cells, as
-- domain::stocktake::national::ReturnSummary::of adds them up (tests/it/national_demo.rs
-- runs this again over returns stored by this build and checks it writes the same).
-- Keep in step with ../sqlite/ of the same name.
UPDATE stocktake_returns SET
    in_post_headcount = (SELECT COALESCE(SUM(c.headcount), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'in_post' AND c.dimension = 'total'),
    in_post_wte_hundredths = (SELECT COALESCE(SUM(c.wte_hundredths), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'in_post' AND c.dimension = 'total'),
    nhs_headcount = (SELECT COALESCE(SUM(c.headcount), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'in_post' AND c.dimension = 'total' AND c.employer = 'nhs'),
    nhs_wte_hundredths = (SELECT COALESCE(SUM(c.wte_hundredths), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'in_post' AND c.dimension = 'total' AND c.employer = 'nhs'),
    amhp_headcount = (SELECT COALESCE(SUM(c.headcount), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'amhp' AND c.dimension = 'total'),
    bia_headcount = (SELECT COALESCE(SUM(c.headcount), 0) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'bia' AND c.dimension = 'total'),
    registered_population = (SELECT MAX(c.headcount) FROM stocktake_cells c
        WHERE c.return_id = stocktake_returns.id AND c.measure = 'registered_population'),
    in_post_counts = (SELECT COALESCE(json_agg(json_build_array(g.dimension, g.category, g.n))::text, '[]')
        FROM (SELECT c.dimension, c.category, SUM(COALESCE(c.headcount, 0))::bigint AS n
              FROM stocktake_cells c
              WHERE c.return_id = stocktake_returns.id AND c.measure = 'in_post'
                AND c.dimension <> ''
              GROUP BY c.dimension, c.category) g);
