//! GitHub Actions workflows, read for the check names their jobs produce:
//! a job's `name` or id; a matrix's ` (a, b)` suffix for every combination
//! (`include` added, `exclude` taken out) unless the name has an expression;
//! a reusable workflow's jobs as `caller / callee`, recursively; names that
//! keep an unresolved `${{ }}` marked dynamic. With the lines, for findings.

use std::collections::BTreeMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A YAML node, reduced to what workflows need, with its line.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Node {
    Scalar(String, usize),
    List(Vec<Node>, usize),
    /// Entries, the map's line, and each key's line.
    Map(Vec<(String, Node)>, usize, Vec<usize>),
    Null(usize),
}

impl Node {
    pub(super) fn line(&self) -> usize {
        match self {
            Self::Scalar(_, line)
            | Self::List(_, line)
            | Self::Map(_, line, _)
            | Self::Null(line) => *line,
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Self::Map(entries, _, _) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Self::Scalar(text, _) => Some(text),
            _ => None,
        }
    }

    pub(super) fn entries(&self) -> &[(String, Node)] {
        match self {
            Self::Map(entries, _, _) => entries,
            _ => &[],
        }
    }

    pub(super) fn items(&self) -> &[Node] {
        match self {
            Self::List(items, _) => items,
            _ => &[],
        }
    }
}

fn scalar(value: &Scalar<'_>) -> String {
    match value {
        Scalar::Null => String::new(),
        Scalar::Boolean(value) => value.to_string(),
        Scalar::Integer(value) => value.to_string(),
        Scalar::FloatingPoint(value) => value.to_string(),
        Scalar::String(value) => value.to_string(),
    }
}

fn convert(node: &MarkedYaml<'_>) -> Node {
    let line = node.span.start.line();
    match &node.data {
        YamlData::Value(value) => Node::Scalar(scalar(value), line),
        YamlData::Representation(text, _, _) => Node::Scalar(text.to_string(), line),
        YamlData::Sequence(items) => Node::List(items.iter().map(convert).collect(), line),
        YamlData::Mapping(entries) => Node::Map(
            entries
                .iter()
                .map(|(key, value)| {
                    let key = match convert(key) {
                        Node::Scalar(text, _) => text,
                        _ => String::new(),
                    };
                    (key, convert(value))
                })
                .collect(),
            line,
            entries.keys().map(|key| key.span.start.line()).collect(),
        ),
        YamlData::Tagged(_, inner) => convert(inner),
        _ => Node::Null(line),
    }
}

/// Parse YAML text; the error's line and message.
pub(super) fn parse(text: &str) -> Result<Node, (usize, String)> {
    let documents = MarkedYaml::load_from_str(text)
        .map_err(|err| (err.marker().line(), err.info().to_owned()))?;
    Ok(documents.first().map(convert).unwrap_or(Node::Null(1)))
}

/// A check name a job produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Produced {
    /// The name (`build (3.11, ubuntu-latest)`, `call / job`).
    pub name: String,
    /// It still holds an expression GitHub fills at run time.
    pub dynamic: bool,
    /// The job's id in its workflow file (the caller's for a reusable one).
    pub job: String,
    /// The line of that job.
    pub line: usize,
    /// Its `needs` are set and its `if` has no `always()`: skipped, not
    /// failed, when a needed job fails.
    pub skips_on_failure: bool,
}

/// One workflow, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    /// Its file, `.github/workflows/ci.yml`.
    pub path: String,
    /// Its `name:`, else its path (as GitHub shows it).
    pub name: String,
    /// Its triggers, by event.
    pub(super) on: BTreeMap<String, Node>,
    /// The line of `on:`.
    pub(super) on_line: usize,
    /// Its top node.
    pub(super) root: Node,
}

impl Workflow {
    /// Read a workflow file.
    ///
    /// # Errors
    ///
    /// The line and what is wrong, when it is not YAML or not a workflow.
    pub fn parse(path: &str, text: &str) -> Result<Self, (usize, String)> {
        let root = parse(text)?;
        if !matches!(root, Node::Map(..)) {
            return Err((
                1,
                "expected a workflow: a mapping with `on` and `jobs`".to_owned(),
            ));
        }
        let name = root
            .get("name")
            .and_then(Node::text)
            .map(str::to_owned)
            .unwrap_or_else(|| path.to_owned());
        let on_node = root.get("on");
        let mut on = BTreeMap::new();
        match on_node {
            Some(Node::Scalar(event, line)) => {
                on.insert(event.clone(), Node::Null(*line));
            }
            Some(Node::List(events, _)) => {
                for event in events {
                    if let Some(name) = event.text() {
                        on.insert(name.to_owned(), Node::Null(event.line()));
                    }
                }
            }
            Some(Node::Map(events, _, _)) => {
                for (event, spec) in events {
                    on.insert(event.clone(), spec.clone());
                }
            }
            _ => {}
        }
        Ok(Self {
            path: path.to_owned(),
            name,
            on_line: on_node.map(Node::line).unwrap_or(1),
            on,
            root,
        })
    }

    /// Whether it runs for pull requests.
    pub fn on_pull_requests(&self) -> bool {
        self.on.contains_key("pull_request") || self.on.contains_key("pull_request_target")
    }

    /// Whether it runs for merge queues.
    pub fn on_merge_group(&self) -> bool {
        self.on.contains_key("merge_group")
    }

    /// The `paths`, `paths-ignore`, `branches` and `branches-ignore` filters
    /// of its pull request triggers, with their lines.
    pub fn pull_request_filters(&self) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        for event in ["pull_request", "pull_request_target", "merge_group"] {
            let Some(spec) = self.on.get(event) else {
                continue;
            };
            for filter in ["paths", "paths-ignore", "branches", "branches-ignore"] {
                if let Some(node) = spec.get(filter) {
                    found.push((format!("{event}.{filter}"), node.line()));
                }
            }
        }
        found
    }

    /// The jobs whose matrix has more combinations than GitHub runs
    /// (256 per matrix): id, line and (at least) how many.
    pub fn oversized_matrices(&self) -> Vec<(String, usize, u64)> {
        let Some(jobs) = self.root.get("jobs") else {
            return Vec::new();
        };
        jobs.entries()
            .iter()
            .filter_map(|(id, job)| {
                let node = job.get("strategy")?.get("matrix")?;
                match matrix(node) {
                    Matrix::TooLarge(count) => Some((id.clone(), node.line(), count)),
                    _ => None,
                }
            })
            .collect()
    }

    /// Every check name its jobs produce; `load` reads a local reusable
    /// workflow (`./.github/workflows/x.yml`) by path.
    pub fn produces(&self, load: &dyn Fn(&str) -> Option<Workflow>) -> Vec<Produced> {
        self.produced(load, 0, &std::cell::Cell::new(MAX_JOBS_READ))
    }

    /// The names of [`Self::produces`], `depth` calls deep; every job read
    /// spends one of `budget`, so that workflows calling each other (GitHub
    /// refuses cycles) cannot make the work grow past it.
    fn produced(
        &self,
        load: &dyn Fn(&str) -> Option<Workflow>,
        depth: usize,
        budget: &std::cell::Cell<usize>,
    ) -> Vec<Produced> {
        let mut out = Vec::new();
        let Some(jobs) = self.root.get("jobs") else {
            return out;
        };
        let key_lines: &[usize] = match jobs {
            Node::Map(_, _, lines) => lines,
            _ => &[],
        };
        for (at, (id, job)) in jobs.entries().iter().enumerate() {
            if budget.get() == 0 {
                break;
            }
            budget.set(budget.get() - 1);
            let line = key_lines.get(at).copied().unwrap_or_else(|| job.line());
            let needs = job.get("needs").is_some();
            let condition = job.get("if").and_then(Node::text).unwrap_or_default();
            let skips_on_failure = needs && !condition.contains("always()");
            let names = job_names(id, job);
            let called = job
                .get("uses")
                .and_then(Node::text)
                .filter(|uses| uses.starts_with("./"))
                .and_then(|uses| load(uses.trim_start_matches("./")));
            match called {
                Some(callee) if depth < 8 => {
                    let inner_names = callee.produced(load, depth + 1, budget);
                    for (caller, caller_dynamic) in &names {
                        if out.len() + inner_names.len() > MAX_NAMES {
                            break;
                        }
                        for inner in &inner_names {
                            out.push(Produced {
                                name: format!("{caller} / {}", inner.name),
                                dynamic: *caller_dynamic || inner.dynamic,
                                job: id.clone(),
                                line,
                                skips_on_failure: skips_on_failure || inner.skips_on_failure,
                            });
                        }
                    }
                }
                _ => {
                    for (name, dynamic) in
                        names.into_iter().take(MAX_NAMES.saturating_sub(out.len()))
                    {
                        out.push(Produced {
                            name,
                            dynamic,
                            job: id.clone(),
                            line,
                            skips_on_failure,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The names of one job: its name (or id), with a matrix suffix per
/// combination when the name has no expression; `(name, dynamic)`.
fn job_names(id: &str, job: &Node) -> Vec<(String, bool)> {
    let base = job
        .get("name")
        .and_then(Node::text)
        .unwrap_or(id)
        .to_owned();
    let combinations = job
        .get("strategy")
        .and_then(|strategy| strategy.get("matrix"))
        .map(matrix);
    let has_expression = base.contains("${{");
    match combinations {
        Some(Matrix::Combinations(combinations)) if !combinations.is_empty() => combinations
            .iter()
            .map(|combination| {
                if has_expression {
                    let (name, dynamic) = substitute(&base, combination);
                    (name, dynamic)
                } else {
                    let values: Vec<&str> = combination
                        .iter()
                        .map(|(_, value)| value.as_str())
                        .collect();
                    (format!("{base} ({})", values.join(", ")), false)
                }
            })
            .collect(),
        // A matrix from an expression (`fromJSON(…)`), or one too large
        // for GitHub to run (reported by [`Workflow::oversized_matrices`]):
        // names unknown.
        Some(Matrix::Dynamic | Matrix::TooLarge(_)) => {
            vec![(format!("{base} (${{{{ matrix }}}})"), true)]
        }
        _ => vec![(base.clone(), has_expression)],
    }
}

/// `${{ matrix.key }}` filled from the combination; another expression
/// leaves the name dynamic.
fn substitute(name: &str, combination: &[(String, String)]) -> (String, bool) {
    let mut out = String::new();
    let mut rest = name;
    let mut dynamic = false;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return (out, true);
        };
        let expression = rest[start + 3..start + end].trim();
        match expression
            .strip_prefix("matrix.")
            .and_then(|key| combination.iter().find(|(name, _)| name == key))
        {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push_str(&rest[start..start + end + 2]);
                dynamic = true;
            }
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    (out, dynamic)
}

/// The most check names read from one workflow, reusable workflows called
/// from matrices included: a bound on `matrix × matrix × …`.
const MAX_NAMES: usize = 1 << 16;

/// The most jobs read for one workflow, those of the reusable workflows it
/// calls (and they call) included.
const MAX_JOBS_READ: usize = 4096;

/// The most jobs GitHub runs for one matrix.
pub(crate) const MAX_MATRIX_JOBS: u64 = 256;

/// The most combinations expanded before `exclude` (GitHub's limit counts
/// after it): past this a matrix is too large, whatever it excludes, and is
/// not expanded, so that a few bytes of YAML cannot ask for gigabytes.
const MAX_EXPANDED: u64 = MAX_MATRIX_JOBS * 16;

/// A `strategy.matrix`, read.
enum Matrix {
    /// Each combination as (key, value), in the matrix's key order.
    Combinations(Vec<Vec<(String, String)>>),
    /// An expression (`fromJSON(…)`): known only at run time.
    Dynamic,
    /// More combinations than GitHub runs: at least this many.
    TooLarge(u64),
}

/// The combinations of a `strategy.matrix`, bounded by [`MAX_EXPANDED`]
/// and [`MAX_MATRIX_JOBS`].
fn matrix(node: &Node) -> Matrix {
    let Node::Map(entries, _, _) = node else {
        return Matrix::Dynamic;
    };
    let product = entries
        .iter()
        .filter(|(key, _)| key != "include" && key != "exclude")
        .filter_map(|(_, values)| match values {
            Node::List(items, _) => Some(items.len() as u64),
            _ => None,
        })
        .fold(1_u64, u64::saturating_mul);
    if product > MAX_EXPANDED {
        return Matrix::TooLarge(product);
    }
    match expand(node, entries) {
        Some(combinations) if combinations.len() as u64 > MAX_MATRIX_JOBS => {
            Matrix::TooLarge(combinations.len() as u64)
        }
        Some(combinations) => Matrix::Combinations(combinations),
        None => Matrix::Dynamic,
    }
}

/// The combinations of a matrix of at most [`MAX_EXPANDED`] before
/// `exclude`; `None` when it is an expression.
fn expand(node: &Node, entries: &[(String, Node)]) -> Option<Vec<Vec<(String, String)>>> {
    let value_text = |value: &Node| -> String {
        match value {
            Node::Scalar(text, _) => text.clone(),
            // GitHub shows an object value as JSON-ish; keep it readable.
            other => format!("{other:?}"),
        }
    };
    let mut combinations: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (key, values) in entries {
        if key == "include" || key == "exclude" {
            continue;
        }
        match values {
            Node::List(items, _) => {
                let mut next = Vec::new();
                for combination in &combinations {
                    for item in items {
                        let mut extended = combination.clone();
                        extended.push((key.clone(), value_text(item)));
                        next.push(extended);
                    }
                }
                combinations = next;
            }
            Node::Scalar(text, _) if text.contains("${{") => return None,
            _ => {}
        }
    }
    if combinations.len() == 1 && combinations[0].is_empty() {
        combinations.clear();
    }
    let matches = |combination: &[(String, String)], pattern: &Node| {
        pattern.entries().iter().all(|(key, value)| {
            combination
                .iter()
                .any(|(name, existing)| name == key && *existing == value_text(value))
        })
    };
    if let Some(exclude) = node.get("exclude") {
        combinations.retain(|combination| {
            !exclude
                .items()
                .iter()
                .any(|pattern| matches(combination, pattern))
        });
    }
    if let Some(include) = node.get("include") {
        let original: Vec<String> = entries
            .iter()
            .map(|(key, _)| key.clone())
            .filter(|key| key != "include" && key != "exclude")
            .collect();
        for extra in include.items() {
            // Includes only add: past GitHub's bound the matrix is too large
            // whatever follows, so a long `include:` list is not read on
            // (each entry is matched against every combination).
            if combinations.len() as u64 > MAX_MATRIX_JOBS {
                break;
            }
            // An include that matches existing combinations on their keys
            // extends them; otherwise it is a combination of its own.
            let on_original: Vec<(String, Node)> = extra
                .entries()
                .iter()
                .filter(|(key, _)| original.contains(key))
                .cloned()
                .collect();
            let pattern = Node::Map(on_original.clone(), 0, Vec::new());
            let mut extended = false;
            if !on_original.is_empty() || original.is_empty() {
                for combination in combinations.iter_mut() {
                    if !original.is_empty() && matches(combination, &pattern) {
                        for (key, value) in extra.entries() {
                            if !original.contains(key)
                                && !combination.iter().any(|(name, _)| name == key)
                            {
                                combination.push((key.clone(), value_text(value)));
                            }
                        }
                        extended = true;
                    }
                }
            }
            if !extended {
                combinations.push(
                    extra
                        .entries()
                        .iter()
                        .map(|(key, value)| (key.clone(), value_text(value)))
                        .collect(),
                );
            }
        }
    }
    Some(combinations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, others: &[(&str, &str)]) -> Vec<String> {
        let workflow = Workflow::parse(".github/workflows/ci.yml", text).unwrap();
        let others: Vec<(String, String)> = others
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect();
        let load = move |path: &str| {
            others
                .iter()
                .find(|(candidate, _)| candidate == path)
                .and_then(|(path, text)| Workflow::parse(path, text).ok())
        };
        workflow
            .produces(&load)
            .into_iter()
            .map(|produced| {
                if produced.dynamic {
                    format!("{}*", produced.name)
                } else {
                    produced.name
                }
            })
            .collect()
    }

    #[test]
    fn names_as_github_gives_them() {
        let ci = "name: CI\non:\n  pull_request:\n    paths: ['src/**']\njobs:\n  lint:\n    runs-on: ubuntu-latest\n  test:\n    name: Unit tests\n    strategy:\n      matrix:\n        python: ['3.11', 3.12]\n        os: [ubuntu-latest]\n        include:\n          - python: '3.13'\n            os: macos-latest\n        exclude:\n          - python: '3.11'\n  build:\n    name: Build ${{ matrix.target }}\n    strategy:\n      matrix:\n        target: [linux, mac]\n  deploy:\n    name: Deploy ${{ github.ref_name }}\n  call-legal:\n    uses: ./.github/workflows/legal.yml\n  dyn:\n    strategy:\n      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}\n";
        let legal = "on: workflow_call\njobs:\n  legal:\n    name: Legal Checks\n";
        assert_eq!(
            names(ci, &[(".github/workflows/legal.yml", legal)]),
            [
                "lint",
                "Unit tests (3.12, ubuntu-latest)",
                "Unit tests (3.13, macos-latest)",
                "Build linux",
                "Build mac",
                "Deploy ${{ github.ref_name }}*",
                "call-legal / Legal Checks",
                "dyn (${{ matrix }})*",
            ]
        );
        let workflow = Workflow::parse("ci.yml", ci).unwrap();
        assert!(workflow.on_pull_requests() && !workflow.on_merge_group());
        assert_eq!(
            workflow.pull_request_filters(),
            [("pull_request.paths".to_owned(), 4)]
        );
        assert!(Workflow::parse("x.yml", "jobs: [").is_err());
        assert!(Workflow::parse("x.yml", "- a\n").is_err());
    }
}
