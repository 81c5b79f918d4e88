//! The labels of Release Please's release state machine: a release PR is
//! opened `autorelease: pending`, a snapshot one `autorelease: snapshot`,
//! and a released one relabelled `autorelease: tagged`.

use super::{Config, java};

/// The labels of the release state machine (`label`, `release-label`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// On an open release PR: `autorelease: pending`.
    pub pending: Vec<String>,
    /// On a released one: `autorelease: tagged`.
    pub tagged: Vec<String>,
    /// `extra-label`: also put on a new release PR.
    pub extra: Vec<String>,
    /// `skip-labeling`: put no label on a new release PR.
    pub skip: bool,
}

impl Labels {
    /// From the configuration's comma-separated `label` and `release-label`.
    #[must_use]
    pub fn new(pending: Option<&str>, tagged: Option<&str>) -> Self {
        let split = |text: Option<&str>, default: &str| -> Vec<String> {
            let labels: Vec<String> = text
                .unwrap_or(default)
                .split(',')
                .map(str::trim)
                .filter(|label| !label.is_empty())
                .map(str::to_owned)
                .collect();
            if labels.is_empty() {
                vec![default.to_owned()]
            } else {
                labels
            }
        };
        Self {
            pending: split(pending, "autorelease: pending"),
            tagged: split(tagged, "autorelease: tagged"),
            extra: Vec::new(),
            skip: false,
        }
    }

    /// With the configuration's comma-separated `extra-label` and its
    /// `skip-labeling`.
    #[must_use]
    pub fn with_extra(mut self, extra: Option<&str>, skip: bool) -> Self {
        self.extra = extra
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|label| {
                !label.is_empty() && !self.pending.iter().any(|pending| pending == label)
            })
            .map(str::to_owned)
            .collect();
        self.skip = skip;
        self
    }

    /// These labels for a release PR that moves packages to a `-SNAPSHOT`:
    /// the `snapshot-label`s (comma-separated; `autorelease: snapshot` by
    /// default) on it, after the pending ones when it also releases.
    #[must_use]
    pub fn with_snapshot(&self, snapshot: Option<&str>, also_releases: bool) -> Self {
        let mut snapshot: Vec<String> = snapshot
            .unwrap_or(java::SNAPSHOT_LABEL)
            .split(',')
            .map(str::trim)
            .filter(|label| !label.is_empty())
            .map(str::to_owned)
            .collect();
        if snapshot.is_empty() {
            snapshot.push(java::SNAPSHOT_LABEL.to_owned());
        }
        let mut labels = self.clone();
        labels.pending = if also_releases {
            let mut both = self.pending.clone();
            both.extend(
                snapshot
                    .into_iter()
                    .filter(|label| !self.pending.contains(label)),
            );
            both
        } else {
            snapshot
        };
        labels
    }

    /// The labels a new release PR gets.
    #[must_use]
    pub fn on_open(&self) -> Vec<String> {
        if self.skip {
            return Vec::new();
        }
        self.pending.iter().chain(&self.extra).cloned().collect()
    }
}

impl Labels {
    /// The labels `config` names (`label`, `release-label`, and the first
    /// package's `extra-label`), or Release Please's; none on a new PR with
    /// `skip` (`--skip-labeling`).
    #[must_use]
    pub fn of(config: Option<&Config>, extra: Option<&str>, skip: bool) -> Self {
        Self::new(
            config.and_then(Config::label),
            config.and_then(Config::release_label),
        )
        .with_extra(extra, skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_comma_separated_configuration() {
        let default = Labels::new(None, None);
        assert_eq!(default.pending, ["autorelease: pending"]);
        assert_eq!(default.tagged, ["autorelease: tagged"]);
        let custom = Labels::new(Some("release, bot "), Some(" , "));
        assert_eq!(custom.pending, ["release", "bot"]);
        assert_eq!(custom.tagged, ["autorelease: tagged"]);
    }

    #[test]
    fn a_snapshot_pr_is_labelled_so() {
        let labels = Labels::new(None, None).with_extra(Some("bot, autorelease: pending"), false);
        assert_eq!(labels.on_open(), ["autorelease: pending", "bot"]);
        let snapshot = labels.with_snapshot(None, false);
        assert_eq!(snapshot.pending, ["autorelease: snapshot"]);
        let both = labels.with_snapshot(Some("snap"), true);
        assert_eq!(both.pending, ["autorelease: pending", "snap"]);
        assert!(
            Labels::new(None, None)
                .with_extra(None, true)
                .on_open()
                .is_empty()
        );
    }
}
