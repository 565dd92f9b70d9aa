//! Where folio keeps its files.
//!
//! Configuration and bookmarks live in the config directory
//! (`$XDG_CONFIG_HOME/folio`, usually `~/.config/folio`); reading positions
//! and search history in the state directory (`$XDG_STATE_HOME/folio`,
//! usually `~/.local/state/folio`). `--config-dir DIR` or `FOLIO_CONFIG_DIR`
//! puts everything under DIR (state in `DIR/state`), which is what tests do.

use std::path::{Path, PathBuf};

/// The environment variable that overrides the config directory.
pub const CONFIG_DIR_ENV: &str = "FOLIO_CONFIG_DIR";

/// folio's directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub state_dir: PathBuf,
    /// `config.toml` in the config directory, unless `--config` named another.
    pub config_file: PathBuf,
}

impl Paths {
    /// Resolves the directories: an explicit directory first, then
    /// `FOLIO_CONFIG_DIR`, then the platform's conventions.
    #[must_use]
    pub fn resolve(explicit: Option<&Path>) -> Self {
        let overridden = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
        if let Some(dir) = overridden {
            return Self::under(&dir);
        }
        match directories::ProjectDirs::from("", "", "folio") {
            Some(dirs) => Self {
                config_dir: dirs.config_dir().to_path_buf(),
                state_dir: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf(),
                config_file: dirs.config_dir().join("config.toml"),
            },
            // No home directory at all: keep files beside the working
            // directory rather than failing to start.
            None => Self::under(Path::new(".folio")),
        }
    }

    /// Everything under one directory.
    #[must_use]
    pub fn under(dir: &Path) -> Self {
        Self { config_dir: dir.to_path_buf(), state_dir: dir.join("state"), config_file: dir.join("config.toml") }
    }

    #[must_use]
    pub fn bookmarks_file(&self) -> PathBuf {
        self.config_dir.join("bookmarks.toml")
    }

    #[must_use]
    pub fn history_file(&self) -> PathBuf {
        self.state_dir.join("search-history")
    }

    #[must_use]
    pub fn positions_file(&self) -> PathBuf {
        self.state_dir.join("positions.toml")
    }
}
