//! HTML front door: one module per area. Each handler parses, calls the service layer and
//! renders a template; GET forms and POST handlers share one template per form.

pub mod absence;
pub mod account;
pub mod amhps_needed;
pub mod appraisal;
pub mod asye;
pub mod audit;
pub mod benchmark;
pub mod board_report;
pub mod calendar;
pub mod concerns;
pub mod conversations;
pub mod cpd;
pub mod data_protection;
pub mod feedback;
pub mod feedback_public;
pub mod governance;
pub mod leavers;
pub mod orgs;
pub mod pages;
pub mod partnerships;
pub mod post_qualifying;
pub mod practitioners;
pub mod pulse;
pub mod registration;
pub mod self_assessment;
pub mod session;
pub mod social_work_lead;
pub mod sso;
pub mod staff_import;
pub mod stocktake;
pub mod strategic_statement;
pub mod supervision;
pub mod survey;
pub mod survey_answer;
pub mod team_skills;
pub mod teams;
pub mod two_step;
pub mod users;
pub mod workforce;

use super::AppState;
use super::templates::Chrome;
use crate::error::AppError;
use axum::response::Html;
use minijinja::Value;

/// Renders `name` with the chrome and data.
pub fn render(
    state: &AppState,
    chrome: &Chrome,
    name: &str,
    data: Value,
) -> Result<Html<String>, AppError> {
    state.templates.render(name, chrome, data)
}
