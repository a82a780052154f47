//! Routes: a team's skills audit and role-clarity reviews (`service::team_skills`). The
//! organisation's leads and team managers read them; the team's own team manager and the
//! PSW change them (checked per team in the service).

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::Cap;
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/teams/{id}/skills",
            Cap(C::ViewTeamSkills),
            get(html::team_skills::page),
        ),
        route(
            "POST",
            "/teams/{id}/skills",
            Cap(C::ManageTeamSkills),
            post(html::team_skills::save_audit),
        ),
        route(
            "POST",
            "/teams/{id}/role-clarity",
            Cap(C::ManageTeamSkills),
            post(html::team_skills::record_review),
        ),
        route(
            "GET",
            "/api/v1/teams/{id}/skills",
            Cap(C::ViewTeamSkills),
            get(api_workforce::team_skills),
        )
        .doc(Doc::of::<api_workforce::__path_team_skills>()),
    ]
}
