/// Every `tests/cmd/*.toml` case: arguments, stdin, files in `<case>.in/`,
/// expected stdout, stderr and exit code. `TRYCMD=overwrite` updates them.
#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
