//! Release notes: which changes show, under which headings (Release Please's
//! `changelog-sections`).

mod sections;

pub use sections::{Section, Sections};
