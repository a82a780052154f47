-- The data's generation: a number that every committed write transaction advances, in the
-- same transaction as its changes (`store::engine::Conn::commit`). Report results are kept
-- in memory against the generation they were computed at (`store::memo`) and recomputed
-- once it moves, so a report read twice between writes costs its queries once, and no
-- report outlives the write that changes it, whichever process made that write.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO data_generation (id, n) VALUES (1, 0);
