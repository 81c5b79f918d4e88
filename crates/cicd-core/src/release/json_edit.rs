//! Editing one string value in a JSON text in place: every other byte (key
//! order, indentation, spacing, line endings) is kept.

/// The byte range of the string value (quotes included) at `path` (object keys
/// from the root), when the text has one there.
pub(super) fn string_value_span(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut scanner = Scanner { bytes, at: 0 };
    scanner.skip_space();
    scanner.find(path)
}

/// One step into a JSON value: an object's key, or an array's index.
#[derive(Clone, Copy, Debug)]
pub(super) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The byte range of the string value (quotes included) at `steps` from the
/// root, when the text has one there.
pub(super) fn string_span_at(text: &str, steps: &[Step<'_>]) -> Option<(usize, usize)> {
    value_span_at(text, steps).filter(|&(start, _)| text.as_bytes()[start] == b'"')
}

/// The byte range of the value, of any type, at `steps` from the root, when
/// the text has one there.
pub(super) fn value_span_at(text: &str, steps: &[Step<'_>]) -> Option<(usize, usize)> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.skip_space();
    for step in steps {
        match *step {
            Step::Key(key) => scanner.enter(&[key])?,
            Step::Index(index) => scanner.enter_array(index)?,
        }
    }
    let start = scanner.at;
    scanner.skip_value()?;
    (scanner.at > start).then_some((start, scanner.at))
}

/// The keys of the object at `path`, in the order the text has them.
pub(super) fn object_keys(text: &str, path: &[&str]) -> Option<Vec<String>> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.skip_space();
    scanner.enter(path)?;
    scanner.keys()
}

/// `text` with the string at `path` replaced by `value` (JSON-escaped).
pub(super) fn replace_string(text: &str, path: &[&str], value: &str) -> Option<String> {
    let (start, end) = string_value_span(text, path)?;
    let escaped = serde_json::to_string(value).ok()?;
    Some(format!("{}{escaped}{}", &text[..start], &text[end..]))
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// Find the string value at `path` inside the value that starts here.
    fn find(&mut self, path: &[&str]) -> Option<(usize, usize)> {
        self.enter(path)?;
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at;
        self.skip_string()?;
        Some((start, self.at))
    }

    /// Move to the value at `path` (object keys from here).
    fn enter(&mut self, path: &[&str]) -> Option<()> {
        for key in path {
            self.open_object()?;
            loop {
                let found = self.next_key()??;
                if found == *key {
                    break;
                }
                self.skip_value()?;
            }
        }
        Some(())
    }

    /// Move to element `index` of the array that starts here.
    fn enter_array(&mut self, index: usize) -> Option<()> {
        if self.bytes.get(self.at) != Some(&b'[') {
            return None;
        }
        self.at += 1;
        self.skip_space();
        for _ in 0..index {
            if self.bytes.get(self.at) == Some(&b']') {
                return None;
            }
            self.skip_value()?;
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b',') {
                return None;
            }
            self.at += 1;
            self.skip_space();
        }
        (self.bytes.get(self.at) != Some(&b']')).then_some(())
    }

    /// The keys of the object that starts here.
    fn keys(&mut self) -> Option<Vec<String>> {
        self.open_object()?;
        let mut keys = Vec::new();
        while let Some(key) = self.next_key()? {
            keys.push(key);
            self.skip_value()?;
        }
        Some(keys)
    }

    fn open_object(&mut self) -> Option<()> {
        if self.bytes.get(self.at) != Some(&b'{') {
            return None;
        }
        self.at += 1;
        Some(())
    }

    /// The next key of the object being read, with the position moved to its
    /// value; `Some(None)` at the object's end; `None` on malformed text.
    fn next_key(&mut self) -> Option<Option<String>> {
        loop {
            self.skip_space();
            match self.bytes.get(self.at)? {
                b'}' => return Some(None),
                b',' => self.at += 1,
                b'"' => break,
                _ => return None,
            }
        }
        let start = self.at;
        self.skip_string()?;
        let key: String = serde_json::from_slice(&self.bytes[start..self.at]).ok()?;
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b':') {
            return None;
        }
        self.at += 1;
        self.skip_space();
        Some(Some(key))
    }

    fn skip_string(&mut self) -> Option<()> {
        debug_assert_eq!(self.bytes.get(self.at), Some(&b'"'));
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.bytes.get(self.at)? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.bytes.get(self.at)? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !b",}] \t\r\n".contains(b))
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Step, object_keys, replace_string, string_span_at, value_span_at};

    #[test]
    fn array_elements_are_entered_by_index() {
        let text = "{\"dirs\": [ {\"v\": \"a\"} , {\"w\": [1, \"x\"], \"v\": \"b\"} ]}";
        let at = |steps: &[Step<'_>]| string_span_at(text, steps).map(|(s, e)| &text[s..e]);
        let dir = |index| [Step::Key("dirs"), Step::Index(index), Step::Key("v")];
        assert_eq!(at(&dir(0)), Some("\"a\""));
        assert_eq!(at(&dir(1)), Some("\"b\""));
        assert_eq!(at(&dir(2)), None);
        assert_eq!(
            at(&[
                Step::Key("dirs"),
                Step::Index(1),
                Step::Key("w"),
                Step::Index(1)
            ]),
            Some("\"x\"")
        );
        assert_eq!(at(&[Step::Index(0)]), None);
    }

    #[test]
    fn values_of_any_type_have_spans() {
        let text = "{\"a\": 12 , \"b\": {\"c\": [1, {}]}, \"d\": true}";
        let at = |steps: &[Step<'_>]| value_span_at(text, steps).map(|(s, e)| &text[s..e]);
        assert_eq!(at(&[Step::Key("a")]), Some("12"));
        assert_eq!(at(&[Step::Key("b")]), Some("{\"c\": [1, {}]}"));
        assert_eq!(
            at(&[Step::Key("b"), Step::Key("c"), Step::Index(1)]),
            Some("{}")
        );
        assert_eq!(at(&[Step::Key("d")]), Some("true"));
        assert_eq!(at(&[Step::Key("e")]), None);
        assert_eq!(string_span_at(text, &[Step::Key("a")]), None);
    }

    #[test]
    fn object_keys_keep_the_texts_order() {
        let text = "{\"packages\": {\"py/tool\": {\"a\": 1}, \"crates/core\": {}}, \"x\": 1}";
        assert_eq!(
            object_keys(text, &["packages"]).unwrap(),
            ["py/tool", "crates/core"]
        );
        assert_eq!(object_keys(text, &["nope"]), None);
    }

    #[test]
    fn only_the_value_at_the_path_changes() {
        let text = "{\n    \"name\": \"w\",\n    \"dependencies\": {\"version\": \"^1.0.0\"},\n    \"version\": \"1.0.0\", \"x\": [1, {\"version\": \"z\"}]\n}\n";
        assert_eq!(
            replace_string(text, &["version"], "1.1.0").unwrap(),
            text.replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"")
        );
        let lock = "{\"version\":\"1.0.0\",\"packages\":{\"\":{\"name\":\"w\",\"version\":\"1.0.0\"},\"node_modules/a\":{\"version\":\"9\"}}}";
        assert_eq!(
            replace_string(lock, &["packages", "", "version"], "2.0.0").unwrap(),
            "{\"version\":\"1.0.0\",\"packages\":{\"\":{\"name\":\"w\",\"version\":\"2.0.0\"},\"node_modules/a\":{\"version\":\"9\"}}}"
        );
        assert_eq!(
            replace_string("{\"a\": \"\\\"version\\\"\"}", &["version"], "x"),
            None
        );
        assert_eq!(replace_string("[1]", &["version"], "x"), None);
        assert_eq!(replace_string("{\"version\": 3}", &["version"], "x"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_edited_or_left_alone(text in proptest::prelude::any::<String>()) {
            let _ = replace_string(&text, &["version"], "1.0.0");
        }
    }
}
