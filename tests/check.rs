//! The shipped dialogues and locales load strictly; broken ones are refused by name.

use std::path::Path;

use gridchat::engine::action::Actions;
use gridchat::engine::i18n::I18n;
use gridchat::engine::loader::load_sources;

const WORDS: &str = "[cancel]\ncommands=[\"cancel\"]\n[help]\ncommands=[\"help\"]\n[yes]\nen=[\"yes\"]\n[no]\nen=[\"no\"]\n";

fn locales() -> I18n {
    I18n::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
        .expect("shipped locales load")
}

fn load(flow: &str) -> String {
    let i18n = locales();
    let actions: Actions = gridchat::engine::actions::builtin();
    match load_sources(
        &[("dialogues/bad.toml".into(), flow.into())],
        ("dialogues/words.toml", WORDS),
        &i18n,
        &actions,
    ) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn shipped_dialogues_and_locales_are_consistent() {
    let e = gridchat::engine::Engine::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues"),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"),
        Default::default(),
    );
    assert!(e.is_ok(), "{:#}", e.err().unwrap());
}

const HEAD: &str = "[flow]\nname=\"x\"\nversion=1\nstart=\"a\"\ntitle=\"menu-help\"\n";

#[rstest::rstest]
#[case(
    "[steps.a]\nsay=\"no-such-message\"\n",
    "dialogues/bad.toml: step `a`: unknown message id `no-such-message`"
)]
#[case(
    "[steps.a]\nsay=\"cancelled\"\nnext=\"b\"\n",
    "dialogues/bad.toml: step `a`: unknown step `b`"
)]
#[case(
    "[steps.a]\naction=\"no.such\"\n",
    "dialogues/bad.toml: step `a`: unknown action `no.such`"
)]
#[case(
    "[steps.a]\naction=\"link.unlink\"\non={done=\"end\"}\n",
    "outcome `not_linked` of action `link.unlink` is not routed"
)]
#[case(
    "[steps.a]\nask=\"link-ask-zip\"\nslot=\"zip\"\ntype=\"postcode\"\nnext=\"end\"\n",
    "unknown variant `postcode`"
)]
#[case("[steps.a]\nsay=\"link-done\"\n", "message `link-done` uses variable `account_count` that no slot or action of this flow provides")]
#[case(
    "[steps.a]\nsay=\"cancelled\"\nask=\"link-ask-zip\"\n",
    "a step needs exactly one of"
)]
fn broken_dialogues_are_refused_naming_file_and_step(#[case] steps: &str, #[case] want: &str) {
    let got = load(&format!("{HEAD}{steps}"));
    assert!(got.contains(want), "expected `{want}` in `{got}`");
}

#[test]
fn a_message_missing_in_one_language_is_refused() {
    let err = I18n::from_sources(vec![
        (
            gridchat::domain::Locale::En,
            "en/a.ftl".into(),
            "hello = Hello\nbye = Bye\n".into(),
        ),
        (
            gridchat::domain::Locale::Vi,
            "vi/a.ftl".into(),
            "hello = Xin chào\n".into(),
        ),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "message `bye` exists in en but is missing in vi"
    );
}
