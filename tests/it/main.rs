//! The one integration-test binary. Every test gets a fresh database: a temporary SQLite
//! file by default, or a new PostgreSQL database when `TEST_POSTGRES_URL` is set (see
//! `helpers::TestApp`). `scripts/test` runs the suite once per backend.

mod api;
mod asye;
mod auth;
mod calendar;
mod cli;
mod components;
mod contract;
mod conversations;
mod cpd;
mod crawl;
mod feedback;
mod feedback_public;
mod fhir;
mod figures;
mod governance;
mod helpers;
mod idempotency;
mod json_types;
mod kept_reports;
mod long_lists;
mod mailserver;
mod openapi;
mod partnerships;
mod policy_matrix;
mod post_qualifying;
mod practitioners;
mod pulse;
mod registration;
mod rejections;
mod reminders;
mod self_assessment;
mod self_assessment_benchmark;
mod self_assessment_evidence;
mod staff_import;
mod stocktake;
mod stocktake_national;
mod storage;
mod strategic_statement;
mod supervision;
mod throttle;
mod tokens;
mod web;
mod workforce;
mod writes;
