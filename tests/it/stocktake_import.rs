//! `mhsw stocktake import` of more returns than one transaction stores: batches stored two
//! at a time, and a return in a later batch replacing one in an earlier batch still
//! replaces it, as if the files were stored one after another.

use crate::helpers::*;

/// A small valid return for `ods` at `day` with `in_post` people in post.
fn a_return(ods: &str, day: time::Date, in_post: u32) -> String {
    [
        "collection_date,ods_code,measure,employer,dimension,category,headcount,wte".to_string(),
        format!("{day},{ods},in_post,nhs,total,all,{in_post},{in_post}"),
        format!("{day},{ods},in_post,nhs,band,6,{in_post},{in_post}"),
        format!("{day},{ods},registered_population,,,,1150000,"),
    ]
    .join("\n")
}

#[tokio::test]
async fn returns_in_a_later_batch_replace_those_for_the_same_day_in_an_earlier_one() {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let first_day = time::macros::date!(2019 - 01 - 01);
    // 200 files are one batch (the command's RETURNS_AT_ONCE): 250 days for the trust,
    // then the same 250 days again with more people, then 100 for another organisation.
    let mut files = Vec::new();
    let mut write = |name: String, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        files.push(path.to_string_lossy().into_owned());
    };
    for (round, in_post) in [(1, 10), (2, 11)] {
        for n in 0..250 {
            let day = first_day + time::Duration::days(n);
            write(
                format!("{round}-R9N-{n}.csv"),
                a_return("R9N", day, in_post),
            );
        }
    }
    for n in 0..100 {
        let day = first_day + time::Duration::days(n);
        write(format!("3-R8A-{n}.csv"), a_return("R8A", day, 4));
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .env("MHSW_LOG", "error")
        .args(["stocktake", "import", "--database-url", &t.url])
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("600 files: 600 stored (250 replacing an earlier return), 0 refused."),
        "{}",
        stdout.lines().last().unwrap_or_default()
    );
    // Each day's counted return is the later file's; every earlier one is kept, replaced.
    let counted = |ods: &str, in_post: i64| {
        format!(
            "SELECT COUNT(*) FROM stocktake_returns r JOIN organisations o ON o.id = r.org_id
             WHERE o.ods_code = '{ods}' AND r.replaced_at IS NULL
               AND r.in_post_headcount = {in_post}"
        )
    };
    assert_eq!(t.scalar_i64(&counted("R9N", 11)).await, 250);
    assert_eq!(t.scalar_i64(&counted("R9N", 10)).await, 0);
    assert_eq!(t.scalar_i64(&counted("R8A", 4)).await, 100);
    let replaced = t
        .scalar_i64("SELECT COUNT(*) FROM stocktake_returns WHERE replaced_at IS NOT NULL")
        .await;
    assert_eq!(replaced, 250);
    // Each replaced return was replaced by the one for its own day, stored after it.
    let misreplaced = t
        .scalar_i64(
            "SELECT COUNT(*) FROM stocktake_returns old JOIN stocktake_returns new
               ON new.org_id = old.org_id AND new.collection_date = old.collection_date
             WHERE old.replaced_at IS NOT NULL AND new.replaced_at IS NULL AND new.id < old.id",
        )
        .await;
    assert_eq!(misreplaced, 0);
}
