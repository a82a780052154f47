-- The identity provider a session was signed in through (its [[sso.providers]] name), or
-- empty for a password: signing out of such a session offers to sign out at the provider
-- too (service::sso::signed_out), since on a shared computer the provider's own session
-- would otherwise let the next person sign in as the last. Only the name is kept, no token.
ALTER TABLE sessions ADD COLUMN sso_provider TEXT;
