//! A tiny builder for statements whose shape depends on input (search, filters, sorting):
//! text is appended by the caller from fixed fragments only, and every value goes in as a
//! bound `$n` parameter. Also the fixed fragments that state one rule for several modules'
//! statements ([`SUPERVISION_CLOCK_START`]).

pub use super::engine::Arg;
use super::engine::{Query, QueryAs, QueryScalar, Record, Value};

#[derive(Debug, Default, Clone)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            args: Vec::new(),
        }
    }

    /// Appends a fixed fragment (never user input).
    pub fn push(&mut self, fragment: &str) -> &mut Sql {
        self.text.push_str(fragment);
        self
    }

    /// Appends a `$n` placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Arg>) -> &mut Sql {
        self.args.push(value.into());
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    /// The statement, ready to run.
    pub fn query(&self) -> Query<'_> {
        Query::with_args(self.text.as_str(), self.args.clone())
    }

    /// The statement, its rows read into `T`.
    pub fn query_as<T: Record>(&self) -> QueryAs<'_, T> {
        self.query().into_as()
    }

    /// The statement, its rows read as their first column.
    pub fn query_scalar<T: Value>(&self) -> QueryScalar<'_, T> {
        self.query().into_scalar()
    }
}

/// The day a practitioner's supervision clock starts: for a newly qualified social worker,
/// their ASYE programme's start; otherwise (no programme) their employment start. The ASYE
/// frequency phases (weekly, then fortnightly, then monthly) count from it, and without an
/// agreement it is when supervision is first expected. An expression over `p`, a
/// `practitioners` row: the statements that need the rule select it `AS start_date`
/// (`store::supervision::supervised_people`, `store::reminders::people`); for one person,
/// `service::supervision::record` applies it with `service::asye::programme_start`.
pub const SUPERVISION_CLOCK_START: &str = "COALESCE((SELECT ap.starts_on FROM asye_programmes ap WHERE ap.practitioner_id = p.id), p.start_date)";

/// A `LIKE` pattern that matches `term` anywhere, with the wildcards in it escaped.
pub fn contains_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Now, as stored: UTC, whole seconds (`domain::timestamp`).
pub fn now() -> crate::domain::timestamp::Timestamp {
    crate::domain::timestamp::Timestamp::now()
}

/// Serialises a flag as 0 or 1, for the fields the API has always answered with a number
/// (`#[serde(serialize_with = "..")]` with `#[schema(value_type = i64)]`).
pub fn flag_as_number<S: serde::Serializer>(flag: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(i64::from(*flag))
}

/// Paging and sorting as a list page asks for them.
#[derive(Debug, Clone)]
pub struct Page {
    pub number: i64,
    pub size: i64,
}

impl Page {
    /// Rows before this page. A page number past any real list (say `i64::MAX`, as an API
    /// fuzzer sends) gives an empty page, never an overflow.
    pub fn offset(&self) -> i64 {
        (self.number.max(1) - 1).saturating_mul(self.size)
    }
}

/// One page of results and the total across all pages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

impl<T> Paged<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.page_size - 1) / self.page_size).max(1)
    }
}

/// The day in text a statement built rather than a column holds: a `YYYY-MM-DD` taken out of
/// an aggregated list, or the UTC day of a stored RFC 3339 instant. `column` names where it
/// came from in the error.
pub fn day_in_text(text: &str, column: &str) -> Result<time::Date, sqlx::Error> {
    crate::domain::dates::parse_iso_day(text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: format!("{column:?}"),
        source: format!("'{text}' is not a YYYY-MM-DD day or an RFC 3339 instant").into(),
    })
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn any_page_number_has_an_offset() {
        let far = Page {
            number: i64::MAX,
            size: 100,
        };
        assert_eq!(far.offset(), i64::MAX);
        let first = Page {
            number: 0,
            size: 25,
        };
        assert_eq!(first.offset(), 0);
        assert_eq!(
            Page {
                number: 3,
                size: 25
            }
            .offset(),
            50
        );
    }
}
