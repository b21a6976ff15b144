//! The actions flows may call, registered by name.

mod accounts;
mod balance;
mod history;
mod identities;
mod language;
mod link;
mod usage;
mod usage_files;

use super::action::Actions;

/// Every built-in action.
pub fn builtin() -> Actions {
    let mut a = Actions::default();
    a.register(language::Welcome);
    a.register(language::SetLanguage);
    a.register(link::Precheck);
    a.register(link::CheckAccount);
    a.register(link::CheckCode);
    a.register(link::Unlink);
    a.register(identities::List);
    a.register(identities::Remove);
    a.register(accounts::Pick);
    a.register(balance::Show);
    a.register(balance::Deposit);
    a.register(history::Show);
    a.register(usage::Compare);
    a.register(usage::Range);
    a.register(usage_files::Export);
    a
}
