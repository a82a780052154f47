//! Where "today" comes from. Every rule is measured on a date that its caller passes in;
//! only this type reads the wall clock for a date, so a test or a demo can fix the day
//! and get the same answers whatever day it runs.

use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, in UTC: what a server uses.
    System,
    /// A fixed day: tests, and demos made with `mhsw demo --today`.
    Fixed(Date),
}

impl Clock {
    /// Today in UTC, the date every rule is measured on.
    pub fn today(self) -> Date {
        match self {
            Clock::System => OffsetDateTime::now_utc().date(),
            Clock::Fixed(d) => d,
        }
    }
}
