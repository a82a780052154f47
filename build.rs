//! Rebuilds when a migration is added: `sqlx::migrate!` embeds the migration directories,
//! but Cargo does not know to watch them (sqlx's own advice).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
