//! Consideration 6's lines: what leavers said in the exit questionnaire over the period,
//! from released answers only (`service::leavers::released`), through the disclosure
//! policy. No comments: the board sees counts.

use super::Figure;
use super::Line;
use super::sections::line;
use crate::domain::disclosure::Shown;
use crate::domain::leaving::ExitFigures;

const SOURCE: &str =
    "Exit questionnaires, released in blocks of whole months, through the disclosure policy";

fn shown(s: Shown) -> Figure {
    match s {
        Shown::Value(n) => Figure::count(n as f64),
        Shown::Suppressed => Figure::words("Too few to show"),
    }
}

/// Answers shown, those who would come back, and the main reason given most often (none
/// where no count of it may be shown).
pub fn exit_lines(now: &ExitFigures, before: &ExitFigures) -> Vec<Line> {
    let released = |f: &ExitFigures, figure: Figure| match f.answered {
        Shown::Value(0) => Figure::words("None released yet"),
        _ => figure,
    };
    let yes = |f: &ExitFigures| {
        released(
            f,
            f.would_return
                .first()
                .map_or(Figure::words("None"), |(_, s)| shown(*s)),
        )
    };
    let top = |f: &ExitFigures| {
        let best = f
            .main_reasons
            .iter()
            .filter_map(|(label, s)| match s {
                Shown::Value(n) if *n > 0 => Some((*n, label)),
                _ => None,
            })
            .max_by_key(|(n, _)| *n);
        released(
            f,
            best.map_or(Figure::words("Too few to show"), |(_, label)| {
                Figure::words(label.clone())
            }),
        )
    };
    vec![
        line(
            "Leavers' exit questionnaires answered",
            released(now, shown(now.answered)),
            Some(released(before, shown(before.answered))),
            SOURCE,
        ),
        line(
            "Of them, would come back",
            yes(now),
            Some(yes(before)),
            SOURCE,
        ),
        line(
            "Main reason for leaving given most often",
            top(now),
            Some(top(before)),
            SOURCE,
        ),
    ]
}
