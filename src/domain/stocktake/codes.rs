//! The codes of a stocktake return (docs/stocktake.md): measures, employers, dimensions and
//! the categories each dimension accepts.

use crate::domain::reference::reference;

/// What a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    InPost,
    Amhp,
    Bia,
    Vacancies,
    Starters,
    Leavers,
    RegisteredPopulation,
}

/// Whether a number column must hold a number or be left empty, for a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Needs {
    Number,
    Empty,
}

impl Measure {
    pub const ALL: [Measure; 7] = [
        Measure::InPost,
        Measure::Amhp,
        Measure::Bia,
        Measure::Vacancies,
        Measure::Starters,
        Measure::Leavers,
        Measure::RegisteredPopulation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Measure::InPost => "in_post",
            Measure::Amhp => "amhp",
            Measure::Bia => "bia",
            Measure::Vacancies => "vacancies",
            Measure::Starters => "starters",
            Measure::Leavers => "leavers",
            Measure::RegisteredPopulation => "registered_population",
        }
    }

    /// (headcount, wte) as the specification's table of measures says.
    pub(super) fn needs(self) -> (Needs, Needs) {
        match self {
            Measure::InPost | Measure::Amhp | Measure::Bia => (Needs::Number, Needs::Number),
            Measure::Vacancies => (Needs::Empty, Needs::Number),
            Measure::Starters | Measure::Leavers | Measure::RegisteredPopulation => {
                (Needs::Number, Needs::Empty)
            }
        }
    }

    /// The measure with this code, if any.
    pub fn from_code(code: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code)
    }

    pub(super) fn allows(self, d: Dimension) -> bool {
        match self {
            Measure::InPost => true,
            Measure::Vacancies => matches!(
                d,
                Dimension::Total | Dimension::Band | Dimension::ServiceModel
            ),
            Measure::Amhp | Measure::Bia | Measure::Starters | Measure::Leavers => {
                d == Dimension::Total
            }
            Measure::RegisteredPopulation => false,
        }
    }
}

/// Who employs the people a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Employer {
    Nhs,
    Other,
}

impl Employer {
    pub const ALL: [Employer; 2] = [Employer::Nhs, Employer::Other];

    pub fn code(self) -> &'static str {
        match self {
            Employer::Nhs => "nhs",
            Employer::Other => "other",
        }
    }

    /// The employer with this code, if any.
    pub fn from_code(code: &str) -> Option<Employer> {
        Employer::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// How a row's figure is broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Total,
    Band,
    AgeGroup,
    EthnicCategory,
    Sex,
    Disability,
    ServiceModel,
}

/// The stocktake's own age groups, which mhsw's five-year bands each lie wholly inside.
pub const AGE_GROUPS: [&str; 5] = ["under_30", "30_39", "40_49", "50_plus", "not_known"];
/// Disability status as the stocktake reports it (preferring not to say is not recorded).
pub const DISABILITY: [&str; 3] = ["yes", "no", "not_recorded"];

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Total,
        Dimension::Band,
        Dimension::AgeGroup,
        Dimension::EthnicCategory,
        Dimension::Sex,
        Dimension::Disability,
        Dimension::ServiceModel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Total => "total",
            Dimension::Band => "band",
            Dimension::AgeGroup => "age_group",
            Dimension::EthnicCategory => "ethnic_category",
            Dimension::Sex => "sex",
            Dimension::Disability => "disability",
            Dimension::ServiceModel => "service_model",
        }
    }

    /// The dimension with this code, if any.
    pub fn from_code(code: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The codes of the categories this dimension accepts: the reference lists' or the
    /// fixed ones here, borrowed (nothing built for each cell of a return).
    fn category_codes(self) -> impl Iterator<Item = &'static str> {
        let r = reference();
        let (fixed, listed): (
            &'static [&'static str],
            Option<&'static crate::domain::RefList>,
        ) = match self {
            Dimension::Total => (&["all"], None),
            Dimension::Band => (&[], Some(&r.bands)),
            Dimension::AgeGroup => (&AGE_GROUPS, None),
            Dimension::EthnicCategory => (&[], Some(&r.ethnic_categories)),
            Dimension::Sex => (&[], Some(&r.sexes)),
            Dimension::Disability => (&DISABILITY, None),
            Dimension::ServiceModel => (&[], Some(&r.service_models)),
        };
        let listed = listed
            .into_iter()
            .flat_map(|l| l.items.iter().map(|i| i.code.as_str()));
        fixed.iter().copied().chain(listed)
    }

    /// Whether this dimension accepts `category`.
    pub fn accepts(self, category: &str) -> bool {
        self.category_codes().any(|c| c == category)
    }

    /// The categories this dimension accepts.
    pub fn categories(self) -> Vec<String> {
        self.category_codes().map(str::to_string).collect()
    }
}
