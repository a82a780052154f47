//! Domain rules as pure functions over plain types. Nothing here knows about HTTP, SQL or
//! the terminal: front doors parse their input into these types ("parse, don't validate")
//! and the service layer works only with values that are already known to be valid.

pub mod absence;
pub mod age_band;
pub mod amhp_supervision;
pub mod appraisal;
pub mod asye;
pub mod benchmark;
pub mod concern;
pub mod conversation;
pub mod cpd;
pub mod csv_file;
pub mod dates;
pub mod disclosure;
pub mod feedback;
pub mod fhir;
pub mod field_errors;
pub mod figures;
pub mod governance;
pub mod ical;
pub mod identifiers;
pub mod input;
pub mod leaving;
pub mod oidc;
pub mod organisation;
pub mod partnership;
pub mod people_filter;
pub mod post_qualifying;
pub mod pq_roles;
pub mod practitioner;
pub mod pulse;
pub mod reference;
pub mod register_check;
pub mod registration;
pub mod reminders;
pub mod retention;
pub mod role;
pub mod self_assessment;
pub mod social_work_lead;
pub mod staff_import;
pub mod stocktake;
pub mod supervision;
pub mod supervision_standing;
pub mod survey;
pub mod team;
pub mod team_skills;
pub mod throttle;
pub mod timestamp;
pub mod token;
pub mod totp;
pub mod upload_checks;
pub mod user;
pub mod values;
pub mod workforce;

pub use identifiers::{OdsCode, SweNumber, WorkEmail};
pub use reference::{RefList, reference};
pub use role::Role;
pub use values::{PersonName, Wte};

/// Why a value was refused: a message a person can act on. The front door attaches the
/// field name.
pub type ParseError = String;
