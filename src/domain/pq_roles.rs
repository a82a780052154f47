//! Post-qualifying roles on a practitioner's record. Most are recorded on the record; the
//! AMHP role is not: it is derived from AMHP approvals (a person holding an approval that
//! has not been ended is an AMHP), so the tick and the approval records cannot disagree.
//! The record's forms and imports never change it; saving an approval does
//! (`store::practitioners::sync_amhp_role`).

use super::amhp_supervision::AMHP;

/// Whether a role code is derived from other records, not chosen on the record's form.
pub fn is_derived(code: &str) -> bool {
    code == AMHP
}

/// `roles` with `code` held or not, others kept in order, none repeated.
pub fn with_role(roles: &[String], code: &str, held: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in roles.iter().filter(|r| r.as_str() != code) {
        if !out.contains(r) {
            out.push(r.clone());
        }
    }
    if held {
        out.push(code.to_string());
    }
    out
}

/// The roles a record's form or import asks for, with the derived ones kept as they were:
/// what the form says about the AMHP role is ignored.
pub fn keep_derived(asked: &[String], before: &[String]) -> Vec<String> {
    with_role(asked, AMHP, before.iter().any(|r| r == AMHP))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn roles() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            prop_oneof![
                Just("amhp"),
                Just("bia"),
                Just("practice_educator"),
                Just("practice_supervisor")
            ]
            .prop_map(String::from),
            0..6,
        )
    }

    proptest! {
        #[test]
        fn the_role_is_held_exactly_when_asked_and_nothing_else_changes(r in roles(), held: bool) {
            let out = with_role(&r, AMHP, held);
            prop_assert_eq!(out.iter().any(|c| c == AMHP), held);
            prop_assert_eq!(out.iter().filter(|c| c.as_str() == AMHP).count(), usize::from(held));
            for c in r.iter().filter(|c| c.as_str() != AMHP) {
                prop_assert!(out.contains(c));
            }
            prop_assert_eq!(with_role(&out, AMHP, held), out.clone(), "idempotent");
        }

        #[test]
        fn a_form_never_changes_the_amhp_role(asked in roles(), before in roles()) {
            let out = keep_derived(&asked, &before);
            prop_assert_eq!(out.iter().any(|c| c == AMHP), before.iter().any(|c| c == AMHP));
        }
    }

    #[test]
    fn only_the_amhp_role_is_derived() {
        assert!(is_derived("amhp"));
        assert!(!is_derived("bia"));
    }
}
