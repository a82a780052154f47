use super::*;
use proptest::prelude::*;
use rand::SeedableRng;

fn answers(pairs: &[(&str, u8)], comment: &str) -> Answers {
    Answers {
        scores: pairs.iter().map(|(c, s)| ((*c).to_string(), *s)).collect(),
        comment: comment.to_string(),
        about: 1,
    }
}

/// A practitioner's own view (one practitioner, comments) or a team view (two, none).
fn own(threshold: u32) -> View {
    View {
        threshold,
        min_practitioners: 1,
        with_comments: true,
    }
}

fn team(threshold: u32) -> View {
    View {
        threshold,
        min_practitioners: 2,
        with_comments: false,
    }
}

fn month(i: u32) -> String {
    format!("{:04}-{:02}", 2024 + i / 12, i % 12 + 1)
}

#[test]
fn the_shipped_questionnaires_load_and_are_sound() {
    for a in Audience::ALL {
        let q = shipped(a);
        assert_eq!(q.audience, a);
        check_questionnaire(q).unwrap();
        for cat in ["practice", "co_production"] {
            assert!(q.questions.iter().any(|x| x.category == cat), "{a:?} {cat}");
        }
    }
    assert!(data().source.contains("NOT FOUND"));
}

#[test]
fn a_malformed_version_is_refused_naming_the_row() {
    let rows = vec![
        QuestionRow {
            code: "listened".into(),
            category: "practice".into(),
            text: "Listened".into(),
            easy_read: "".into(),
            remove: false,
        },
        QuestionRow {
            remove: true,
            ..QuestionRow::default()
        },
        QuestionRow {
            category: "nonsense".into(),
            text: "x".repeat(MAX_QUESTION_CHARS + 1),
            easy_read: "ok".into(),
            ..QuestionRow::default()
        },
    ];
    let e = parse_version(Audience::Carer, 2, "T", "T", &rows).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
    assert!(fields.contains(&"easy_read_1"), "{e:?}");
    assert!(fields.contains(&"category_3"), "{e:?}");
    assert!(fields.contains(&"text_3"), "{e:?}");
    assert!(fields.contains(&"questions"), "too few questions: {e:?}");
}

#[test]
fn new_questions_get_codes_of_their_version() {
    let mut rows: Vec<QuestionRow> = shipped(Audience::ServiceUser)
        .questions
        .iter()
        .map(|q| QuestionRow {
            code: q.code.clone(),
            category: q.category.clone(),
            text: q.text.clone(),
            easy_read: q.easy_read.clone(),
            remove: false,
        })
        .collect();
    rows[0].remove = true;
    rows.push(QuestionRow {
        category: "co_production".into(),
        text: "I could bring someone with me".into(),
        easy_read: "I could bring a friend.".into(),
        ..QuestionRow::default()
    });
    rows.push(QuestionRow::default());
    let q = parse_version(Audience::ServiceUser, 3, "Title", "Easy", &rows).unwrap();
    assert!(!q.questions.iter().any(|x| x.code == rows[0].code));
    assert_eq!(q.questions.last().unwrap().code, "v3_1");
    assert_eq!(q.questions.len(), rows.len() - 2);
}

#[test]
fn answers_accept_only_the_formats_scale() {
    let q = shipped(Audience::ServiceUser);
    let first = field_for(&q.questions[0].code);
    let mut fields = BTreeMap::new();
    fields.insert(first.clone(), "4".to_string());
    assert!(parse_answers(q, Format::Standard, &fields, "", 100).is_ok());
    // Easy read has yes (5), sometimes (3), no (1): 4 is not one of its answers.
    let e = parse_answers(q, Format::EasyRead, &fields, "", 100).unwrap_err();
    assert_eq!(e[0].0, first);
    fields.insert(first.clone(), "0".to_string());
    let e = parse_answers(q, Format::Standard, &fields, "  ", 100).unwrap_err();
    assert!(e[0].1.contains("at least one"), "{e:?}");
    let ok = parse_answers(q, Format::Standard, &fields, " Kind \u{7} ", 100).unwrap();
    assert!(ok.scores.is_empty());
    assert_eq!(ok.comment, "Kind");
    let e = parse_answers(q, Format::Standard, &fields, &"a".repeat(101), 100).unwrap_err();
    assert_eq!(e[0].0, "comment");
}

#[test]
fn a_question_answered_by_too_few_shows_nothing() {
    let q = shipped(Audience::ServiceUser);
    let mut rows = BTreeMap::new();
    let mut list = Vec::new();
    for i in 0..5 {
        let mut pairs = vec![("listened", 5)];
        if i == 0 {
            pairs.push(("choice", 1));
        }
        list.push((month(0), answers(&pairs, if i == 0 { "b" } else { "" })));
    }
    list.push((month(0), answers(&[("listened", 2)], "a")));
    rows.insert(Audience::ServiceUser, list);
    let mut wording = BTreeMap::new();
    wording.insert(Audience::ServiceUser, (q.questions.clone(), Vec::new()));
    let s = summarise(&rows, &wording, &own(5), &month(1), &month(0));
    let a = &s.audiences[0];
    assert_eq!(a.responses, 6);
    let listened = a.questions.iter().find(|x| x.code == "listened").unwrap();
    assert_eq!(listened.answered, Some(6));
    assert_eq!(listened.percent_positive, Some(83));
    let choice = a.questions.iter().find(|x| x.code == "choice").unwrap();
    assert_eq!((choice.answered, choice.percent_positive), (None, None));
    let co = a
        .categories
        .iter()
        .find(|c| c.category == "co_production")
        .unwrap();
    assert_eq!(
        co.answers, None,
        "one person answered a co-production question"
    );
    assert_eq!(
        a.comments,
        vec!["a".to_string(), "b".to_string()],
        "sorted, not in order"
    );
    // The current month is never shown, and a manager view gets no comments.
    assert!(
        summarise(&rows, &wording, &own(5), &month(0), &month(0))
            .audiences
            .is_empty()
    );
    assert!(
        summarise(
            &rows,
            &wording,
            &View {
                with_comments: false,
                ..own(5)
            },
            &month(1),
            &month(0)
        )
        .audiences[0]
            .comments
            .is_empty()
    );
}

#[test]
fn a_question_from_an_earlier_version_is_still_reported() {
    let old = Question {
        code: "old".into(),
        category: "practice".into(),
        text: "Old wording".into(),
        easy_read: "Old".into(),
    };
    let mut rows = BTreeMap::new();
    rows.insert(
        Audience::Carer,
        (0..3)
            .map(|_| (month(0), answers(&[("old", 4)], "")))
            .collect(),
    );
    let mut wording = BTreeMap::new();
    wording.insert(
        Audience::Carer,
        (shipped(Audience::Carer).questions.clone(), vec![old]),
    );
    let s = summarise(&rows, &wording, &own(3), &month(2), &month(0));
    let q = s.audiences[0]
        .questions
        .iter()
        .find(|q| q.code == "old")
        .unwrap();
    assert_eq!(q.percent_positive, Some(100));
}

#[test]
fn a_team_view_never_shows_one_practitioners_answers() {
    let q = shipped(Audience::ServiceUser);
    let mut wording = BTreeMap::new();
    wording.insert(Audience::ServiceUser, (q.questions.clone(), Vec::new()));
    let mut list: Vec<(String, Answers)> = (0..6)
        .map(|_| (month(0), answers(&[("listened", 5)], "")))
        .collect();
    let mut rows = BTreeMap::new();
    rows.insert(Audience::ServiceUser, list.clone());
    let s = summarise(&rows, &wording, &team(5), &month(2), &month(0));
    assert!(
        s.audiences.is_empty(),
        "six answers, all about one practitioner"
    );
    assert!(trend(&list, &q.questions, &team(5), &month(2), &month(0)).is_empty());
    // The same answers are that practitioner's own results.
    assert_eq!(
        summarise(&rows, &wording, &own(5), &month(2), &month(0)).responses,
        6
    );
    list[0].1.about = 2;
    rows.insert(Audience::ServiceUser, list.clone());
    assert_eq!(
        summarise(&rows, &wording, &team(5), &month(2), &month(0)).responses,
        6
    );
    assert_eq!(
        trend(&list, &q.questions, &team(5), &month(2), &month(0)).len(),
        1
    );
}

proptest! {
    /// Whatever is typed back from a printed code (any case, spaces, hyphens, and the
    /// letters Crockford maps), the same code comes out; nothing else is a code.
    #[test]
    fn printed_codes_read_back(seed in any::<u64>(), lower in any::<bool>(), spaced in any::<bool>()) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let code = new_code(&mut rng);
        prop_assert_eq!(code.len(), CODE_LEN);
        let mut typed = display_code(&code);
        if lower { typed = typed.to_lowercase(); }
        if spaced { typed = typed.replace('-', " - "); }
        let typed = typed.replace('0', "O").replace('1', "l");
        prop_assert_eq!(normalise_code(&typed), Some(code.clone()));
        prop_assert_eq!(normalise_code(&format!("{code}X")), None);
        prop_assert_eq!(normalise_code(&code[1..]), None);
        prop_assert_eq!(code_hash(&code).len(), 64);
    }

    /// No shown figure ever rests on fewer answers than the threshold, and percentages are
    /// percentages.
    #[test]
    fn nothing_shown_rests_on_fewer_than_the_threshold(
        people in proptest::collection::vec(
            (0u32..6, proptest::collection::btree_map("[a-e]", 1u8..=5, 0..5)),
            0..40,
        ),
        threshold in 3u32..8,
    ) {
        let questions: Vec<Question> = ["a", "b", "c", "d", "e"].iter().enumerate().map(|(i, c)| Question {
            code: (*c).into(),
            category: if i < 3 { "practice" } else { "co_production" }.into(),
            text: (*c).into(),
            easy_read: (*c).into(),
        }).collect();
        let list: Vec<(String, Answers)> = people.iter()
            .enumerate()
            .map(|(i, (m, scores))| (month(*m), Answers { scores: scores.clone(), comment: String::new(), about: (i % 3) as i64 }))
            .collect();
        let mut rows = BTreeMap::new();
        rows.insert(Audience::ServiceUser, list.clone());
        let mut wording = BTreeMap::new();
        wording.insert(Audience::ServiceUser, (questions.clone(), Vec::new()));
        let s = summarise(&rows, &wording, &team(threshold), &month(6), &month(0));
        for a in &s.audiences {
            prop_assert!(a.responses >= u64::from(threshold));
            for q in &a.questions {
                if let Some(n) = q.answered {
                    prop_assert!(n >= u64::from(threshold));
                    let sum = q.percent_positive.unwrap() + q.percent_neutral.unwrap() + q.percent_negative.unwrap();
                    prop_assert!((99..=101).contains(&sum));
                } else {
                    prop_assert!(q.percent_positive.is_none());
                }
            }
        }
        for p in trend(&list, &questions, &team(threshold), &month(6), &month(0)) {
            prop_assert!(p.responses >= u64::from(threshold));
            for c in p.categories {
                prop_assert!(c.percent_positive.is_none_or(|v| v <= 100));
            }
        }
    }
}
