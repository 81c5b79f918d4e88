use super::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn a_rewrite_keeps_line_endings_mark_and_mode() {
    let dir = temp();
    let path = dir.path().join("Cargo.toml");
    std::fs::write(&path, "\u{feff}[package]\r\nversion = \"1.0.0\"\r\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let root = Root::new(dir.path());
    write_all(&root, &[("Cargo.toml", "[package]\nversion = \"1.1.0\"\n")]).expect("written");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "\u{feff}[package]\r\nversion = \"1.1.0\"\r\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o755);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_stays_read_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp();
    let path = dir.path().join("version.txt");
    std::fs::write(&path, "1.0.0\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    write_all(&Root::new(dir.path()), &[("version.txt", "1.0.1\n")]).expect("written");
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o444);
}

#[cfg(unix)]
#[test]
fn a_linked_target_or_folder_is_refused_and_nothing_is_written() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    let outside = temp();
    std::fs::write(outside.path().join("victim"), "safe").expect("write");
    std::fs::write(dir.path().join("CHANGELOG.md"), "# Changelog\n").expect("write");
    symlink(
        outside.path().join("victim"),
        dir.path().join("version.txt"),
    )
    .expect("link");
    symlink(outside.path(), dir.path().join("docs")).expect("link");
    let root = Root::new(dir.path());
    for path in ["version.txt", "docs/victim", "../victim"] {
        let err =
            write_all(&root, &[("CHANGELOG.md", "# new\n"), (path, "owned")]).expect_err("refused");
        assert!(err.to_string().starts_with("refused"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim")).expect("read"),
        "safe"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("CHANGELOG.md")).expect("read"),
        "# Changelog\n",
        "the first file is not rewritten when a later one is refused"
    );
    assert!(
        std::fs::symlink_metadata(dir.path().join("version.txt"))
            .expect("stat")
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn a_planted_link_where_the_old_temporary_file_went_is_never_followed() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    let outside = temp();
    std::fs::write(outside.path().join("victim"), "safe").expect("write");
    std::fs::write(dir.path().join("CHANGELOG.md"), "old\n").expect("write");
    // The names this writer (and its predecessor) would pick.
    let pid = std::process::id();
    for name in [
        format!(".CHANGELOG.md.cicd-{pid}"),
        format!(".cicd-{pid}-planted.tmp"),
    ] {
        symlink(outside.path().join("victim"), dir.path().join(name)).expect("link");
    }
    write_all(&Root::new(dir.path()), &[("CHANGELOG.md", "new\n")]).expect("written");
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim")).expect("read"),
        "safe"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("CHANGELOG.md")).expect("read"),
        "new\n"
    );
}

#[test]
fn a_failure_midway_leaves_every_file_as_it_was() {
    let dir = temp();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(dir.path().join(name), name).expect("write");
    }
    let root = Root::new(dir.path());
    let staged: Vec<Staged> = [("a.txt", "A"), ("b.txt", "B"), ("c.txt", "C")]
        .iter()
        .map(|(path, text)| {
            Staged::new(root.resolve(path).expect("inside"), Content::Text(text)).expect("staged")
        })
        .collect();
    // The third target turns into a folder with a file in it: no rename
    // can replace it, not even root's.
    std::fs::remove_file(dir.path().join("c.txt")).expect("rm");
    std::fs::create_dir(dir.path().join("c.txt")).expect("mkdir");
    std::fs::write(dir.path().join("c.txt/keep"), "x").expect("write");
    let err = commit_all(staged).expect_err("the third rename fails");
    assert!(err.to_string().contains("c.txt"), "{err}");
    for name in ["a.txt", "b.txt"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).expect("read"),
            name
        );
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(TEMP_SUFFIX))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn stale_temporary_files_of_dead_processes_are_removed() {
    let dir = temp();
    // No process has a pid this large.
    let stale = dir.path().join(".cicd-4294967295-abc.tmp");
    std::fs::write(&stale, "half a changelog").expect("write");
    let other = dir.path().join(".cicd-notes.tmp");
    std::fs::write(&other, "not ours").expect("write");
    write_all(&Root::new(dir.path()), &[("CHANGELOG.md", "x\n")]).expect("written");
    if Path::new("/proc/self").exists() {
        assert!(
            !stale.exists(),
            "a dead process's temporary file is removed"
        );
    }
    assert!(other.exists(), "a file not named as ours is left");
}

#[cfg(unix)]
#[test]
fn a_file_named_on_the_command_line_may_not_be_a_link() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    let outside = temp();
    std::fs::write(outside.path().join("victim"), "safe").expect("write");
    let link = dir.path().join("sbom.json");
    symlink(outside.path().join("victim"), &link).expect("link");
    assert!(write_atomically(&link, "{}").is_err());
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim")).expect("read"),
        "safe"
    );
}

#[cfg(unix)]
#[test]
fn a_streamed_file_replaces_the_old_keeping_its_mode_and_never_through_a_link() {
    use std::io::Write as _;
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let dir = temp();
    let target = dir.path().join("sbom.json");
    std::fs::write(&target, "old").expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("mode");
    let mut file = AtomicFile::create(&target).expect("staged");
    file.write_all(b"new").expect("written");
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
    file.commit().expect("committed");
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
    let mode = std::fs::metadata(&target)
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);

    let outside = temp();
    std::fs::write(outside.path().join("victim"), "safe").expect("write");
    let link = dir.path().join("linked.json");
    symlink(outside.path().join("victim"), &link).expect("link");
    let err = AtomicFile::create(&link).err().expect("refused");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim")).expect("read"),
        "safe"
    );
}

#[cfg(unix)]
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever path a configuration names, the writer writes inside the
    /// root or nowhere: nothing appears beside the root, nothing in the
    /// folder a link inside it points to.
    #[test]
    fn the_writer_never_writes_outside_the_root(
        parts in proptest::collection::vec(
            proptest::sample::select(vec!["a", "b", "..", ".", "", "link", "/", "\\", "CHANGELOG.md"]),
            0..7,
        ),
        absolute in proptest::bool::ANY,
    ) {
        let top = temp();
        let root = top.path().join("repo");
        let outside = top.path().join("outside");
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::create_dir(&outside).expect("mkdir");
        std::os::unix::fs::symlink(&outside, root.join("link")).expect("link");
        std::os::unix::fs::symlink(&outside, root.join("a/link")).expect("link");
        let mut path = parts.join("/");
        if absolute {
            path = format!("{}/{path}", outside.display());
        }
        let _ = write_all(&Root::new(&root), &[(path.as_str(), "x")]);
        let beside: Vec<String> = std::fs::read_dir(top.path())
            .expect("list")
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        let mut beside = beside;
        beside.sort();
        proptest::prop_assert_eq!(beside, ["outside", "repo"], "{:?}", path);
        let written: Vec<_> = std::fs::read_dir(&outside).expect("list").flatten().collect();
        proptest::prop_assert!(written.is_empty(), "{:?} wrote {:?}", path, written);
    }
}
