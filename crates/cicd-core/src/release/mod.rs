//! Releases: `release-please-config.json`, and the version files a release
//! rewrites (format-preserving); release plans come next.

mod closed;
mod config;
mod config_check;
mod files;
pub mod glob;
pub mod java;
mod json_edit;
mod labels;
mod linked;
mod manifest;
mod maven_workspace;
mod node_workspace;
pub mod overflow;
mod package_config;
pub mod plan;
mod plugins;
mod previous;
mod pull_request;
pub mod strategy;
mod workspace;
mod xml;

pub use closed::{Closed, ClosedPullRequest, SNOOZE_LABEL, read_closed};
pub use config::{Config, UnknownKey};
pub use files::{
    DATE_FORMAT, FileKind, KRM_BLUEPRINT_ANNOTATION, MarkerDate, Updated, expo_sdk_version,
    package_name, pom_version, set_expo_app_json, set_gemfile_lock_version, set_generic,
    set_json_path, set_krm_blueprint, set_lock_versions, set_pom_version, set_released_markers,
    set_terraform_file, set_toml_path, set_uv_lock_version, set_version, set_xml_path,
    set_yaml_path, xml_path_text,
};
pub use labels::Labels;
pub use linked::{LinkedGroup, linked_groups, linked_version};
pub use manifest::{read_manifest, set_manifest_version};
pub use maven_workspace::{
    MissingCoordinate, in_maven_workspace, maven_artifact, maven_dependency_bump,
    maven_dependency_notes, maven_release_order, set_maven_dependencies,
};
pub use node_workspace::{
    node_member, set_node_dependencies, set_node_lock_versions, set_samples_dependency,
};
pub use package_config::{ChangelogType, ExtraFile, ExtraFileKind, PackageConfig};
pub use plugins::{WorkspaceKind, WorkspacePlugin};
pub use previous::{Previous, highest_release, overtaken, previous_release, previous_releases};
pub use pull_request::{
    FOOTER, GROUP_TITLE_PATTERN, HEADER, Naming, Proposed, PullRequest, TITLE_PATTERN, Title, body,
    body_with, branch_component, component_of, confirm, parse_pull_request, parse_title,
    release_branch, title,
};
pub use workspace::{
    DependencyChange, Member, cargo_member, dependency_bump, dependency_notes, dependents,
    name_order, set_cargo_dependencies, with_dependency_notes,
};
