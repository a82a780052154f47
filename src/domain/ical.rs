//! A minimal iCalendar (RFC 5545) writer for the private calendar feed: all-day events,
//! text escaped (3.3.11), lines ended with CRLF and folded at 75 octets without splitting a
//! UTF-8 character (3.1). Pure, so the properties below hold for any input.

use time::{Date, OffsetDateTime, UtcOffset};

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across refreshes, so calendar apps update rather than duplicate.
    pub uid: String,
    /// When the event last changed (DTSTAMP, UTC).
    pub stamp: OffsetDateTime,
    pub date: Date,
    pub summary: String,
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines (RFC 5545 3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets per physical line, continuation lines start
/// with a space (which counts towards their 75), each ended with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn basic_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

fn utc_stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        basic_date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A whole VCALENDAR with `events`, named `name` for calendar apps.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//mhsw//Supervision calendar//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ];
    for e in events {
        let end = e.date.next_day().unwrap_or(e.date);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape_text(&e.uid)),
            format!("DTSTAMP:{}", utc_stamp(e.stamp)),
            format!("DTSTART;VALUE=DATE:{}", basic_date(e.date)),
            format!("DTEND;VALUE=DATE:{}", basic_date(end)),
            format!("SUMMARY:{}", escape_text(&e.summary)),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn an_event_in_the_expected_shape() {
        let e = Event {
            uid: "session-5@mhsw".into(),
            stamp: datetime!(2026-11-20 09:30:05 UTC),
            date: date!(2026 - 12 - 01),
            summary: "Supervision with Ada, Byron; notes\\none".into(),
        };
        let c = calendar("My supervision", &[e]);
        assert!(c.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(c.ends_with("END:VCALENDAR\r\n"));
        assert!(c.contains("\r\nDTSTAMP:20261120T093005Z\r\n"));
        assert!(c.contains("\r\nDTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
        assert!(c.contains("\r\nSUMMARY:Supervision with Ada\\, Byron\\; notes\\\\none\r\n"));
        assert!(!c.replace("\r\n", "").contains('\n'), "bare LF");
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    proptest! {
        #[test]
        fn folding_keeps_lines_short_and_unfolds_to_the_original(s in "[^\r\n]{0,400}") {
            let folded = fold(&s);
            prop_assert!(folded.ends_with("\r\n"));
            for l in folded.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            prop_assert_eq!(unfold(&folded), format!("{s}\r\n"));
        }

        #[test]
        fn escaped_text_has_no_line_breaks_or_bare_separators(s in ".{0,200}") {
            let e = escape_text(&s);
            prop_assert!(!e.contains('\n') && !e.contains('\r'));
            let unescaped_sep = e.replace("\\\\", "").replace("\\;", "").replace("\\,", "");
            prop_assert!(!unescaped_sep.contains(';') && !unescaped_sep.contains(','));
        }
    }
}
