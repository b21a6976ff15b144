//! Domain and engine stay free of I/O libraries: they see the world only through ports.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn domain_and_engine_import_no_io_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let forbidden = [
        "sqlx",
        "teloxide",
        "serenity",
        "lettre",
        "mail_parser",
        "reqwest",
        "axum",
        "hyper",
        "tokio::net",
        "tokio::fs",
        "std::net",
    ];
    let mut files = Vec::new();
    rust_files(&root.join("domain"), &mut files);
    rust_files(&root.join("engine"), &mut files);
    assert!(files.len() > 10, "found the source files");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in forbidden {
            assert!(
                !text.contains(&format!("{c}::")) && !text.contains(&format!("use {c}")),
                "{} uses {c}",
                f.display()
            );
        }
    }
}
