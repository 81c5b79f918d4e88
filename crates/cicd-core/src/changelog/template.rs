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
/// # Errors
///
/// [`Error::Template`] when the template does not parse or fails to render,
/// with the line it failed on.
pub fn render_template<T: Serialize>(template: &str, origin: &str, context: &T) -> Result<String> {
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
    environment.add_template(origin, template).map_err(error)?;
    let compiled = environment.get_template(origin).map_err(error)?;
    compiled
        .render(minijinja::value::Serde(context))
        .map_err(error)
}

#[cfg(test)]
mod tests {
    use super::render_template;

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
