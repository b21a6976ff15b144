//! The actions flows may call, registered by name.

mod accounts;
mod balance;
mod banks;
mod enrolment;
mod history;
mod identities;
mod language;
mod link;
mod notices;
mod pay;
mod pending;
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
    a.register(banks::Offer);
    a.register(banks::Chosen);
    a.register(banks::Add);
    a.register(banks::List);
    a.register(banks::Rename);
    a.register(banks::Remove);
    a.register(banks::TermsCheck);
    a.register(banks::TermsAccept);
    a.register(pay::Prepare);
    a.register(pay::Full);
    a.register(pay::CheckAmount);
    a.register(pay::Summary);
    a.register(pay::Submit);
    a.register(pending::List);
    a.register(pending::Cancel);
    a.register(pending::Activity);
    a.register(enrolment::AutopayStatus);
    a.register(enrolment::AutopaySet);
    a.register(enrolment::PaperlessStatus);
    a.register(enrolment::PaperlessSet);
    a.register(notices::LinkStatus);
    a.register(notices::Stop);
    a.register(usage_files::Export);
    a
}
