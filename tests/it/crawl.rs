//! Every role's pages, crawled from the home page by following the links a person sees:
//! no link leads to a page its reader may not open (403), to nothing (404) or to an error
//! (500). A link is shown only where its target opens.

use crate::helpers::*;
use mhsw::domain::Role;
use std::collections::{BTreeSet, VecDeque};

/// How many pages a role's crawl opens at most.
const MAX_PAGES: usize = 160;

/// The internal links of a page: `href="/..."`, without fragments, skipping files,
/// the calendar feed, assets and sign-out.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(unescape)
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .filter(|h| {
            !h.is_empty()
                && !h.starts_with("/assets/")
                && !h.starts_with("/calendar/")
                && !h.starts_with("/sign-")
                && !h.contains(".csv")
                && !h.contains(".xlsx")
                && !h.contains(".txt")
                && !h.contains("/batches/")
                && !h.contains("/problems/")
        })
        .collect()
}

/// An attribute value as the browser reads it (the templates escape `/` and `&`).
fn unescape(h: &str) -> String {
    h.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text of the page's `<main>`, tags dropped (attribute values, such as a date input's
/// value, may hold ISO dates and class names).
fn main_text(html: &str) -> String {
    let Some(main) = html
        .split("<main")
        .nth(1)
        .and_then(|m| m.split("</main>").next())
    else {
        return String::new();
    };
    // Text set as code is what a person types into a file or a command (a return's
    // headings and codes, `mhsw stocktake import`), shown as such on purpose.
    let main: String = main
        .split("<code>")
        .enumerate()
        .map(|(i, part)| match (i, part.split_once("</code>")) {
            (0, _) | (_, None) => part,
            (_, Some((_, after))) => after,
        })
        .collect();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in main.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A name from inside the system in the page's text: the code name "mhsw", or a settings
/// section such as "[post_qualifying]". People read the service's own name and words.
fn internal_name_in_text(text: &str) -> Option<String> {
    // Email addresses may hold underscores (the crawl's users are named after their roles).
    let text: String = text
        .split_whitespace()
        .filter(|w| !w.contains('@'))
        .collect::<Vec<_>>()
        .join(" ");
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '[' || c == ']'));
    words
        .filter(|w| {
            *w == "mhsw"
                || (w.starts_with('[') && w.ends_with(']') && w.len() > 2 && w.contains('_'))
                || is_setting_name(w)
        })
        .map(str::to_string)
        .next()
}

/// A snake_case word ("amhps_required"): a setting's or a code's name, not words a person
/// reads.
fn is_setting_name(w: &str) -> bool {
    let inner = w.trim_matches(|c| c == '[' || c == ']');
    inner.len() > 3
        && inner.contains('_')
        && inner.starts_with(|c: char| c.is_ascii_lowercase())
        && !inner.ends_with('_')
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// An ISO date ("2026-12-04") in the page's text: pages show dates as people read them.
fn iso_date_in_text(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let shape = w.iter().enumerate().all(|(j, c)| {
            if j == 4 || j == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        (shape && bounded && (w.starts_with(b"19") || w.starts_with(b"20")))
            .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

/// A link's shape: its path with ids as {n} and its query's keys, so a list's hundred
/// rows or sort orders are opened once each, not a hundred times.
fn shape(link: &str) -> String {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let path: Vec<String> = path
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "{n}".to_string()
            } else {
                s.to_string()
            }
        })
        .collect();
    let mut keys: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    format!("{}?{}", path.join("/"), keys.join("&"))
}

#[tokio::test]
async fn no_link_leads_anywhere_its_reader_may_not_go() {
    let t = TestApp::new().await;
    let mut failures = Vec::new();
    let mut opened_total = 0;
    for role in Role::ALL {
        let email = t.user_with_roles(&[role]).await;
        let c = t.signed_in(&email).await;
        let mut seen_shapes = BTreeSet::new();
        let mut queue = VecDeque::from([("/".to_string(), "sign-in".to_string())]);
        let mut opened = 0;
        while let Some((link, from)) = queue.pop_front() {
            if opened >= MAX_PAGES || !seen_shapes.insert(shape(&link)) {
                continue;
            }
            opened += 1;
            let r = c.get(&link).await;
            let status = r.status.as_u16();
            if ![200, 303].contains(&status) {
                failures.push(format!(
                    "{role:?}: {link} answered {status} (linked from {from})"
                ));
                continue;
            }
            if status == 200 {
                // The audit trail's details are a technical record, kept as they were written.
                let text = main_text(&r.body);
                if let Some(iso) = iso_date_in_text(&text).filter(|_| !link.starts_with("/audit")) {
                    failures.push(format!(
                        "{role:?}: {link} shows the date {iso} as ISO, not as people read it"
                    ));
                }
                if let Some(name) =
                    internal_name_in_text(&text).filter(|_| !link.starts_with("/audit"))
                {
                    failures.push(format!("{role:?}: {link} shows the internal name {name}"));
                }
                // A caption inside a heading is read with it: "Supervision - Isaac Lewis",
                // not "SupervisionIsaac Lewis".
                if let Some(h1) = r
                    .body
                    .split("<h1")
                    .nth(1)
                    .and_then(|h| h.split("</h1>").next())
                    && h1.contains("nhsuk-caption-l")
                    && !h1.contains("<span class=\"nhsuk-u-visually-hidden\"> - </span></span>")
                {
                    failures.push(format!(
                        "{role:?}: {link} runs its caption into its heading"
                    ));
                }
                for next in links(&r.body) {
                    queue.push_back((next, link.clone()));
                }
            }
        }
        opened_total += opened;
    }
    assert!(opened_total > 200, "the crawl opened {opened_total} pages");
    assert!(
        failures.is_empty(),
        "{} links lead nowhere their reader may go:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `body` names the person (in either order), outside form options and the title.
fn names(body: &str, given: &str, family: &str) -> bool {
    let main = body.split("<main").nth(1).unwrap_or("");
    let text: String = main
        .split("<option")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once("</option>").map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    text.contains(&format!("{given} {family}")) || text.contains(&format!("{family}, {given}"))
}

/// A suspended practitioner is flagged "Must not practise" on every page that names
/// them, whoever reads it: the flag comes with the name (`m.person`), not page by page.
#[tokio::test]
async fn every_page_that_names_a_suspended_person_flags_them() {
    let t = TestApp::new().await;
    let trust = t.org_id("R9N").await;
    // An NQSW in the trust: on the ASYE cohort, CPD readiness, the dashboard and more.
    let id = t
        .scalar_i64(&format!(
            "SELECT MIN(a.practitioner_id) FROM asye_programmes a JOIN practitioners p ON p.id = a.practitioner_id
             WHERE p.host_org_id = {trust} AND p.end_date IS NULL"
        ))
        .await;
    mhsw::store::engine::query(
        "UPDATE registrations SET status = 'suspended' WHERE practitioner_id = $1",
    )
    .bind(id)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let (given, family): (String, String) = mhsw::store::engine::query_as(
        "SELECT given_name, family_name FROM practitioners WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let mut unflagged = BTreeSet::new();
    let mut naming = 0;
    for email in [PSW, WORKFORCE, SUPERVISOR] {
        let c = t.signed_in(email).await;
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from(["/".to_string()]);
        let mut opened = 0;
        while let Some(link) = queue.pop_front() {
            if opened >= MAX_PAGES || !seen.insert(shape(&link)) {
                continue;
            }
            opened += 1;
            let r = c.get(&link).await;
            if r.status != 200 {
                continue;
            }
            if names(&r.body, &given, &family) {
                naming += 1;
                if !r.body.contains("Must not practise") {
                    unflagged.insert(shape(&link));
                }
            }
            queue.extend(links(&r.body));
        }
        // The person's own pages, whatever the crawl reached.
        for page in [
            "",
            "/supervision",
            "/registration",
            "/asye",
            "/cpd",
            "/post-qualifying",
        ] {
            let link = format!("/practitioners/{id}{page}");
            let r = c.get(&link).await;
            if r.status == 200 && names(&r.body, &given, &family) {
                naming += 1;
                if !r.body.contains("Must not practise") {
                    unflagged.insert(shape(&link));
                }
            }
        }
    }
    assert!(naming > 10, "{naming} pages name the person");
    assert!(
        unflagged.is_empty(),
        "pages naming a suspended person without the flag:\n{}",
        unflagged.into_iter().collect::<Vec<_>>().join("\n")
    );
}
