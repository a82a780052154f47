//! The organisation's principal social worker or senior social work lead post. The 2020
//! guidance (consideration 1) asks for one "at senior manager level with either
//! representation on the board or direct reporting to a board member"
//! (docs/sources.md#social-work-lead). Levels are data (`psw_levels`).

use super::ParseError;
use super::reference;
use serde::Serialize;

/// Longest post title or description of the line to the board, in characters.
pub const MAX_TEXT: usize = 300;

/// The post as recorded; empty strings mean not recorded yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SocialWorkLead {
    /// The post's title, for example "Principal Social Worker and Head of Social Work".
    pub post: String,
    /// A `psw_levels` code.
    pub level: String,
    /// How the post reaches the board, in words.
    pub line_to_board: String,
}

/// Whether the level is what the guidance asks for: on the board, or reporting directly to
/// a board member. `None` when no level is recorded.
pub fn meets_guidance(level: &str) -> Option<bool> {
    (!level.is_empty()).then_some(matches!(level, "board" | "reports_to_board_member"))
}

/// Reads the three fields as typed: the level from the list, the texts trimmed and
/// bounded. An empty post clears the record (all three must then be empty).
pub fn parse(
    post: &str,
    level: &str,
    line_to_board: &str,
) -> Result<SocialWorkLead, Vec<(&'static str, ParseError)>> {
    let (post, level, line) = (post.trim(), level.trim(), line_to_board.trim());
    let mut problems = Vec::new();
    let too_long = |s: &str| s.chars().count() > MAX_TEXT;
    if too_long(post) {
        problems.push((
            "post",
            format!("Post title must be {MAX_TEXT} characters or fewer"),
        ));
    }
    if too_long(line) {
        problems.push((
            "line_to_board",
            format!("The line to the board must be {MAX_TEXT} characters or fewer"),
        ));
    }
    if post.is_empty() && (!level.is_empty() || !line.is_empty()) {
        problems.push(("post", "Enter the post's title".to_string()));
    }
    let level = if level.is_empty() {
        if !post.is_empty() {
            problems.push(("level", "Select the post's level".to_string()));
        }
        String::new()
    } else {
        match reference().psw_levels.parse("the post's level", level) {
            Ok(code) => code,
            Err(e) => {
                problems.push(("level", e));
                String::new()
            }
        }
    };
    if problems.is_empty() {
        Ok(SocialWorkLead {
            post: post.to_string(),
            level,
            line_to_board: line.to_string(),
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_guidance_asks_for_the_board_or_a_direct_line_to_it() {
        assert_eq!(meets_guidance("board"), Some(true));
        assert_eq!(meets_guidance("reports_to_board_member"), Some(true));
        assert_eq!(meets_guidance("senior_manager"), Some(false));
        assert_eq!(meets_guidance(""), None);
        for item in &reference().psw_levels.items {
            assert!(meets_guidance(&item.code).is_some());
        }
    }

    #[test]
    fn each_problem_names_its_field() {
        let ok = parse(
            " Principal Social Worker ",
            "board",
            "Member of the executive board",
        )
        .unwrap();
        assert_eq!(ok.post, "Principal Social Worker");
        assert_eq!(parse("", "", "").unwrap(), SocialWorkLead::default());
        let fields = |r: Result<SocialWorkLead, Vec<(&'static str, String)>>| {
            r.unwrap_err()
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(parse("PSW", "", "")), ["level"]);
        assert_eq!(fields(parse("PSW", "king", "")), ["level"]);
        assert_eq!(fields(parse("", "board", "")), ["post"]);
        assert_eq!(fields(parse(&"x".repeat(301), "board", "")), ["post"]);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(p in ".{0,40}", l in ".{0,30}", b in ".{0,40}") {
            let _ = parse(&p, &l, &b);
        }
    }
}
