//! Changelogs in your own shape: a `MiniJinja` template (Jinja2 syntax, as
//! git-cliff's Tera) rendered over the changelog context.

use serde::Serialize;

use crate::{Error, Result};

/// Render `template` (its text; `origin` names it in errors) with `context`,
/// the serde form of the changelog (`releases`, `unreleased`, …).
///
/// ```
/// use cicd_core::changelog::render_template;
///
/// let context = serde_json::json!({"releases": [{"version": "1.2.0", "commits": [{"summary": "feat: x"}]}]});
/// let text = render_template(
///     "{% for r in releases %}{{ r.version }}: {{ r.commits | length }} commit(s){% endfor %}",
///     "t.j2",
///     &context,
/// )?;
/// assert_eq!(text, "1.2.0: 1 commit(s)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A template runs at most [`TEMPLATE_FUEL`] steps: far more than a
/// changelog of a million commits takes, far fewer than nested
/// `range(100000)` loops ask for.
///
/// # Errors
///
/// [`Error::Template`] when the template does not parse or fails to render
/// (or runs out of steps), with the line it failed on.
pub fn render_template<T: Serialize>(template: &str, origin: &str, context: &T) -> Result<String> {
    render_with_fuel(template, origin, context, TEMPLATE_FUEL)
}

/// The most steps (`MiniJinja` instructions) one template render takes.
pub const TEMPLATE_FUEL: u64 = 100_000_000;

fn render_with_fuel<T: Serialize>(
    template: &str,
    origin: &str,
    context: &T,
    fuel: u64,
) -> Result<String> {
    let error = |err: minijinja::Error| Error::Template {
        origin: origin.to_owned(),
        line: err.line(),
        what: err.to_string(),
    };
    let mut environment = minijinja::Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(error)?;
    environment.set_syntax(syntax);
    environment.set_fuel(Some(fuel));
    environment.add_template(origin, template).map_err(error)?;
    let compiled = environment.get_template(origin).map_err(error)?;
    compiled
        .render(minijinja::value::Serde(context))
        .map_err(error)
}

#[cfg(test)]
mod tests {
    use super::{render_template, render_with_fuel};

    #[test]
    fn a_template_that_loops_too_long_runs_out_of_fuel() {
        let nested =
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
        let err =
            render_with_fuel(nested, "loop.j2", &serde_json::json!({}), 1_000_000).unwrap_err();
        assert!(
            err.to_string().starts_with("template `loop.j2` line 1:"),
            "{err}"
        );
        assert!(err.to_string().contains("fuel"), "{err}");
        assert!(
            render_with_fuel(
                "{% for a in range(10) %}x{% endfor %}",
                "ok.j2",
                &serde_json::json!({}),
                1_000_000
            )
            .is_ok()
        );
    }

    #[test]
    fn template_errors_name_the_file_and_line() {
        let err =
            render_template("ok\n{% for x in %}", "my.j2", &serde_json::json!({})).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("template `my.j2` line 2:"), "{text}");
        let err = render_template("{{ 1 / 0 }}", "div.j2", &serde_json::json!({})).unwrap_err();
        assert!(
            err.to_string().starts_with("template `div.j2` line 1:"),
            "{err}"
        );
    }
}
