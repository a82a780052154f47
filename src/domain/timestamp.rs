//! An instant as mhsw records it: in UTC, to the whole second. Written and sent as RFC 3339
//! ("2026-12-05T09:30:00Z"), so the API and pages read exactly as they did when instants
//! were text; stored as `TIMESTAMPTZ` in PostgreSQL and as that RFC 3339 text in SQLite,
//! where text of one fixed shape sorts in time order (`store::engine` binds and decodes
//! it, once).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// An instant in UTC, whole seconds. Made only through `From<OffsetDateTime>` (which moves
/// it to UTC and drops the fraction) or `parse`, so two equal instants always write the
/// same text and compare equal on both engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Now, by the system's clock.
    pub fn now() -> Timestamp {
        Timestamp::from(OffsetDateTime::now_utc())
    }

    /// An RFC 3339 instant ("2026-12-05T09:30:00Z", "2026-12-05T10:30:00+01:00").
    pub fn parse(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(Timestamp::from)
    }

    /// The instant, in UTC.
    pub fn instant(self) -> OffsetDateTime {
        self.0
    }

    /// Its day in UTC.
    pub fn day(self) -> Date {
        self.0.date()
    }

    /// "2026-12-05T09:30:00Z": the stored and the API form.
    pub fn rfc3339(self) -> String {
        self.0.format(&Rfc3339).unwrap_or_default()
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(t: OffsetDateTime) -> Timestamp {
        let utc = t.to_offset(UtcOffset::UTC);
        Timestamp(utc.replace_nanosecond(0).unwrap_or(utc))
    }
}

impl std::ops::Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: Duration) -> Timestamp {
        Timestamp::from(self.0 + d)
    }
}

impl std::ops::Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, d: Duration) -> Timestamp {
        Timestamp::from(self.0 - d)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not an RFC 3339 instant")))
    }
}

/// In the API: an RFC 3339 instant in UTC.
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("An instant in UTC, RFC 3339, to the whole second"))
            .examples(["2026-12-05T09:30:00Z"])
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn it_reads_and_writes_the_stored_form() {
        let t = Timestamp::parse("2026-12-05T10:30:15+01:00").unwrap();
        assert_eq!(t.rfc3339(), "2026-12-05T09:30:15Z");
        assert_eq!(t.day().to_string(), "2026-12-05");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2026-12-05T09:30:15Z\""
        );
        assert_eq!(Timestamp::parse("2026-12-05"), None);
    }

    proptest! {
        /// Any instant writes text that reads back as itself, and the text sorts as the
        /// instants do (SQLite compares the stored text).
        #[test]
        fn the_text_round_trips_and_sorts_in_time_order(
            a in 0i64..4_102_444_800, b in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000
        ) {
            let at = |s: i64| Timestamp::from(
                OffsetDateTime::from_unix_timestamp(s).unwrap().replace_nanosecond(nanos).unwrap()
            );
            let (ta, tb) = (at(a), at(b));
            prop_assert_eq!(Timestamp::parse(&ta.rfc3339()), Some(ta));
            prop_assert_eq!(ta.rfc3339().cmp(&tb.rfc3339()), ta.cmp(&tb));
            prop_assert_eq!(ta.instant().unix_timestamp(), a);
        }
    }
}
