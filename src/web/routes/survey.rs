//! Routes: the wellbeing survey (`service::survey`). Its leads run cycles and read results;
//! anyone invited answers signed in, or through an emailed single-use link, whose secret
//! in the path is the credential (`/survey/{link}`, public like the feedback form's).

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::{Cap, Public};
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/surveys",
            Cap(C::RunWellbeingSurvey),
            get(html::survey::index),
        ),
        route(
            "POST",
            "/surveys",
            Cap(C::RunWellbeingSurvey),
            post(html::survey::open),
        ),
        route(
            "GET",
            "/surveys/{id}",
            Cap(C::RunWellbeingSurvey),
            get(html::survey::cycle),
        ),
        route(
            "POST",
            "/surveys/{id}/invitations",
            Cap(C::RunWellbeingSurvey),
            post(html::survey::invite),
        ),
        route(
            "POST",
            "/surveys/{id}/reminders",
            Cap(C::RunWellbeingSurvey),
            post(html::survey::remind),
        ),
        route(
            "POST",
            "/surveys/{id}/close",
            Cap(C::RunWellbeingSurvey),
            post(html::survey::close),
        ),
        route(
            "GET",
            "/wellbeing-survey",
            Cap(C::AnswerWellbeingSurvey),
            get(html::survey_answer::mine),
        ),
        route(
            "GET",
            "/wellbeing-survey/{id}",
            Cap(C::AnswerWellbeingSurvey),
            get(html::survey_answer::form),
        ),
        route(
            "POST",
            "/wellbeing-survey/{id}",
            Cap(C::AnswerWellbeingSurvey),
            post(html::survey_answer::answer),
        ),
        route(
            "GET",
            "/survey/thank-you",
            Public,
            get(html::survey_answer::thanks),
        ),
        route(
            "GET",
            "/survey/{link}",
            Public,
            get(html::survey_answer::link_form),
        ),
        route(
            "POST",
            "/survey/{link}",
            Public,
            post(html::survey_answer::link_answer),
        ),
        route(
            "GET",
            "/api/v1/surveys",
            Cap(C::RunWellbeingSurvey),
            get(api_survey::list),
        )
        .doc(Doc::of::<api_survey::__path_list>()),
        route(
            "POST",
            "/api/v1/surveys",
            Cap(C::RunWellbeingSurvey),
            post(api_survey::open),
        )
        .doc(Doc::of::<api_survey::__path_open>()),
        route(
            "GET",
            "/api/v1/surveys/{id}/results",
            Cap(C::RunWellbeingSurvey),
            get(api_survey::results),
        )
        .doc(Doc::of::<api_survey::__path_results>()),
    ]
}
