//! A scanner for the XML that version files hold (`pom.xml`, `.csproj`):
//! it finds the elements whose content is plain text, with where they sit,
//! so that an edit replaces that text and keeps every other byte. Comments,
//! CDATA sections, processing instructions and declarations are skipped;
//! namespace prefixes are dropped from names, as `local-name()` does.

/// An element on the way down to a text: its name without a namespace
/// prefix, and its place among all the elements opened before it (so that
/// two `<dependency>` siblings can be told apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Step<'a> {
    pub(crate) name: &'a str,
    pub(crate) ordinal: usize,
}

/// Call `visit` with every element whose content is text alone (no child
/// element), in document order: the path from the root down to it
/// (itself last), and where its text lies in `text`, without the
/// whitespace around it. An element that cannot be read (a tag never
/// closed) ends the scan.
pub(crate) fn text_elements<'a>(text: &'a str, mut visit: impl FnMut(&[Step<'a>], (usize, usize))) {
    let mut stack: Vec<Step<'a>> = Vec::new();
    let mut opened = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('<') {
        let rest = &text[at + open..];
        let skip = |end: &str| rest.find(end).map(|found| found + end.len());
        let consumed = if rest.starts_with("<!--") {
            skip("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip("]]>")
        } else if rest.starts_with("<?") {
            skip("?>")
        } else if rest.starts_with("<!") {
            skip(">")
        } else {
            let Some(close) = rest.find('>') else {
                break;
            };
            let tag = &rest[1..close];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.last().map(|step| step.name) == Some(local(name.trim())) {
                    stack.pop();
                }
            } else if !tag.ends_with('/') {
                let name = tag.split([' ', '\t', '\n', '\r']).next().unwrap_or(tag);
                stack.push(Step {
                    name: local(name),
                    ordinal: opened,
                });
                opened += 1;
                let content = &rest[close + 1..];
                let text_end = content.find('<').unwrap_or(content.len());
                if content[text_end..].starts_with("</") {
                    let value = &content[..text_end];
                    let lead = value.len() - value.trim_start().len();
                    let trail = value.trim_end().len().max(lead);
                    let base = at + open + close + 1;
                    visit(&stack, (base + lead, base + trail));
                    at = base + text_end;
                    continue;
                }
            }
            Some(close + 1)
        };
        let Some(consumed) = consumed else {
            break;
        };
        at += open + consumed;
    }
}

/// An element name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(Vec<(String, usize)>, String)> {
        let mut found = Vec::new();
        text_elements(text, |path, (start, end)| {
            let path = path
                .iter()
                .map(|step| (step.name.to_owned(), step.ordinal))
                .collect();
            found.push((path, text[start..end].to_owned()));
        });
        found
    }

    #[test]
    fn texts_come_with_their_path_and_siblings_apart() {
        let text = "<?xml version=\"1.0\"?>\n<!-- <version>0</version> -->\n<p:project xmlns:p=\"x\">\n  <a> 1 </a>\n  <list><item>x</item><item/><item>y</item></list>\n</p:project>\n";
        let found = all(text);
        let names = |path: &[(String, usize)]| {
            path.iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join("/")
        };
        assert_eq!(found.len(), 3);
        assert_eq!(names(&found[0].0), "project/a");
        assert_eq!(found[0].1, "1");
        assert_eq!(names(&found[1].0), "project/list/item");
        assert_eq!(found[2].1, "y");
        // Two items, told apart by their ordinals.
        assert_ne!(found[1].0[2].1, found[2].0[2].1);
    }

    #[test]
    fn broken_text_ends_the_scan_without_panicking() {
        for text in ["<a>1</a><b", "<a><!-- never closed", "<", "<a>é</a><"] {
            let _ = all(text);
        }
        assert_eq!(all("<a>é</a><b").len(), 1);
    }
}
