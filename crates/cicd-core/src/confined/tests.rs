use super::*;

#[test]
fn relative_paths_are_cleaned_and_escapes_refused() {
    assert_eq!(relative_path("./a//b/./c.md").as_deref(), Ok("a/b/c.md"));
    assert_eq!(relative_path(".").as_deref(), Ok(""));
    assert_eq!(relative_path("").as_deref(), Ok(""));
    for bad in [
        "../outside.md",
        "a/../../b",
        "a/..",
        "/etc/passwd",
        "\\\\server\\share",
        "C:/x",
        "a\nb",
        "a\0b",
    ] {
        assert!(relative_path(bad).is_err(), "{bad:?} was taken");
    }
}

#[test]
fn a_symbolic_link_anywhere_on_the_path_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret"), "TOKEN=1").expect("write");
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            outside.path().join("secret"),
            dir.path().join("CHANGELOG.md"),
        )
        .expect("link");
        symlink(outside.path(), dir.path().join("linked")).expect("link");
        let root = Root::new(dir.path());
        let err = root.read("CHANGELOG.md").expect_err("link read");
        assert_eq!(
            err.to_string(),
            "refused `CHANGELOG.md`: `CHANGELOG.md` is a symbolic link; files are read and written only inside the repository, never through a link"
        );
        let err = root.read("linked/secret").expect_err("link read");
        assert!(
            err.to_string().contains("`linked` is a symbolic link"),
            "{err}"
        );
        // Not yet there under a linked folder: refused all the same.
        assert!(root.resolve("linked/new.md").is_err());
    }
    let root = Root::new(dir.path());
    assert_eq!(root.read("docs/absent.md").expect("absent"), None);
    assert!(root.read("docs").is_err(), "a folder is not a file");
    let err = root.read("../x").expect_err("escape");
    assert!(err.to_string().contains("`..` climbs out"), "{err}");
}

#[test]
fn relative_of_refuses_what_is_not_under_the_root() {
    let root = Root::new("/repo");
    assert_eq!(
        root.relative_of(Path::new("/repo/a/b")).as_deref().ok(),
        Some("a/b")
    );
    assert!(root.relative_of(Path::new("/elsewhere/a")).is_err());
    assert!(root.relative_of(Path::new("/repo/../x")).is_err());
    let current = Root::new(".");
    assert_eq!(
        current.relative_of(Path::new("a/b")).as_deref().ok(),
        Some("a/b")
    );
    assert_eq!(
        current.relative_of(Path::new("./a/b")).as_deref().ok(),
        Some("a/b")
    );
    assert!(current.relative_of(Path::new("../a")).is_err());
    assert!(current.relative_of(Path::new("/a")).is_err());
}

#[test]
fn text_keeps_its_line_endings_and_mark() {
    let text = decode("a.md", b"\xef\xbb\xbfone\r\ntwo\r\n".to_vec()).expect("utf-8");
    assert_eq!(text.content, "one\ntwo\n");
    assert_eq!(
        text.style,
        Style {
            bom: true,
            crlf: true
        }
    );
    assert_eq!(
        text.style.apply("zero\none\ntwo\n"),
        "\u{feff}zero\r\none\r\ntwo\r\n"
    );
    // Mixed endings are kept as they are.
    let mixed = decode("a.md", b"a\r\nb\n".to_vec()).expect("utf-8");
    assert_eq!(mixed.content, "a\r\nb\n");
    assert_eq!(mixed.style.apply(&mixed.content), "a\r\nb\n");
}

#[test]
fn text_that_is_not_utf8_is_refused_at_its_offset() {
    let err = decode("CHANGELOG.md", b"# Changes\ncaf\xe9\n".to_vec()).expect_err("latin-1");
    assert_eq!(
        err.to_string(),
        "`CHANGELOG.md` is not UTF-8 text: invalid byte at offset 13; expected UTF-8 (convert it, e.g. with `iconv -f latin1 -t utf-8`)"
    );
}

#[test]
fn control_characters_are_escaped_for_messages() {
    assert_eq!(escape_control("a\n::warning::x"), "a\\n::warning::x");
    assert_eq!(escape_control("plain"), "plain");
}

proptest::proptest! {
    #[test]
    fn a_cleaned_path_never_climbs_out(path in "[a-z./\\\\:]{0,24}") {
        if let Ok(clean) = relative_path(&path) {
            proptest::prop_assert!(!clean.starts_with('/'));
            proptest::prop_assert!(!clean.split('/').any(|part| part == ".." || part.is_empty() && !clean.is_empty()));
        }
    }

    #[test]
    fn style_round_trips(text in "(\u{feff}){0,2}([a-z\r\u{feff}]{0,5}(\r\n|\n|\r)){0,6}[a-z\r]{0,3}") {
        let decoded = decode("x", text.clone().into_bytes()).expect("utf-8");
        proptest::prop_assert_eq!(decoded.style.apply(&decoded.content), text);
    }
}
