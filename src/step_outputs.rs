//! GitHub Actions step outputs: `name<<DELIMITER` blocks appended to the file
//! in `$GITHUB_OUTPUT`, safe for values of any number of lines.

use std::path::Path;

use crate::error::Error;

/// Outputs collected in order, then appended at once.
#[derive(Debug, Default)]
pub(crate) struct StepOutputs(Vec<(String, String)>);

impl StepOutputs {
    /// Set `name` to `value` (a later value of the same name wins, as in
    /// GitHub's own reading).
    pub(crate) fn set(&mut self, name: impl Into<String>, value: impl ToString) {
        self.0.push((name.into(), value.to_string()));
    }

    /// Set `name` to `value` serialised as compact JSON.
    pub(crate) fn set_json<T: serde::Serialize>(&mut self, name: impl Into<String>, value: &T) {
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.0.push((name.into(), text));
    }

    /// The outputs so far as one JSON object (the last value of a name
    /// wins), for actions whose outputs cannot all be declared.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let object: serde_json::Map<String, serde_json::Value> = self
            .0
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
            .collect();
        serde_json::Value::Object(object)
    }

    /// The outputs in GitHub's file syntax.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.0 {
            let delimiter = delimiter_for(value);
            out.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
        }
        out
    }

    /// Append them to `path` (`$GITHUB_OUTPUT`).
    pub(crate) fn append_to(&self, path: &Path) -> Result<(), Error> {
        crate::files::append(path, &self.render())
    }
}

/// A delimiter that is no line of `value`.
fn delimiter_for(value: &str) -> String {
    let mut delimiter = "ghadelimiter_cicd".to_owned();
    let mut counter = 0_u32;
    while value.lines().any(|line| line == delimiter) {
        counter += 1;
        delimiter = format!("ghadelimiter_cicd_{counter}");
    }
    delimiter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_many_lines_are_delimited_by_a_line_they_do_not_hold() {
        let mut outputs = StepOutputs::default();
        outputs.set("release_created", true);
        outputs.set("body", "## 1.0.0\n\nghadelimiter_cicd\n* x");
        outputs.set_json("paths_released", &["."]);
        assert_eq!(
            outputs.render(),
            "release_created<<ghadelimiter_cicd\ntrue\nghadelimiter_cicd\n\
             body<<ghadelimiter_cicd_1\n## 1.0.0\n\nghadelimiter_cicd\n* x\nghadelimiter_cicd_1\n\
             paths_released<<ghadelimiter_cicd\n[\".\"]\nghadelimiter_cicd\n"
        );
    }
}
