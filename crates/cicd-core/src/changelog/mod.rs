//! Release notes in Release Please's exact Markdown: which changes show, under
//! which headings (`changelog-sections`), and how a release section reads.

mod collate;
mod insert;
mod markup;
mod plugins;
mod render;
mod repository;
mod template;
mod whole;

pub use crate::commits::{Section, Sections};
pub use insert::{insert, insert_news};
pub use plugins::{sentence_case, sentence_case_words};
pub use render::{Authors, Prepared, Release, prepare, render, render_prepared};
pub use repository::Repository;
pub use template::{TEMPLATE_FUEL, render_template};
pub use whole::{ReleaseNotes, WholeHistory, WholeOptions};

/// Compare names as Release Please sorts them (`localeCompare`).
pub(crate) fn collation_order(a: &str, b: &str) -> std::cmp::Ordering {
    collate::compare(a, b)
}
