//! `mhsw token create | list | revoke`.

use super::{TokenCommand, open, settings};
use crate::store::Create;

pub(super) async fn run(command: TokenCommand) -> anyhow::Result<()> {
    use crate::service::tokens;
    match command {
        TokenCommand::Create {
            common,
            user,
            name,
            expires_in_days,
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let input = crate::domain::token::TokenInput {
                name,
                expires_in_days: expires_in_days.map(|d| d.to_string()).unwrap_or_default(),
            };
            let made = tokens::create_from_cli(&db, &s.security, &user, &input).await?;
            println!("{}", made.token);
            eprintln!(
                "Token {} \"{}\" expires at {}. It is shown only this once.",
                made.view.id, made.view.name, made.view.expires_at
            );
            Ok(())
        }
        TokenCommand::List { common, user } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let list = tokens::list_from_cli(&db, &user).await?;
            if list.is_empty() {
                println!("{user} has no API tokens.");
            }
            for t in list {
                println!(
                    "{:>5}  {:<30}  made {}  last used {}  {} {}",
                    t.id,
                    t.name,
                    t.created_at,
                    t.last_used_at
                        .map_or_else(|| "never".to_string(), |t| t.to_string()),
                    if t.expired { "expired" } else { "expires" },
                    t.expires_at
                );
            }
            Ok(())
        }
        TokenCommand::Revoke { common, user, id } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            tokens::revoke_from_cli(&db, &user, id).await?;
            println!("Token {id} of {user} is revoked.");
            Ok(())
        }
    }
}
