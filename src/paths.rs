//! Where folio keeps its files.
//!
//! Configuration and bookmarks live in the config directory
//! (`$XDG_CONFIG_HOME/folio`, usually `~/.config/folio`); reading positions
//! and search history in the state directory (`$XDG_STATE_HOME/folio`,
//! usually `~/.local/state/folio`). `--config-dir DIR` or `FOLIO_CONFIG_DIR`
//! puts everything under DIR (state in `DIR/state`), which is what tests do.
//! Derived data (the library's metadata cache) lives in the cache directory
//! (`$XDG_CACHE_HOME/folio`, usually `~/.cache/folio`; `DIR/cache` under an
//! overridden config directory); `--cache-dir DIR` or `FOLIO_CACHE_DIR`
//! puts it elsewhere.

use std::path::{Path, PathBuf};

/// The environment variable that overrides the config directory.
pub const CONFIG_DIR_ENV: &str = "FOLIO_CONFIG_DIR";
/// The environment variable that overrides the cache directory.
pub const CACHE_DIR_ENV: &str = "FOLIO_CACHE_DIR";

/// folio's directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub state_dir: PathBuf,
    /// `config.toml` in the config directory, unless `--config` named another.
    pub config_file: PathBuf,
    /// Derived data, safe to delete.
    pub cache_dir: PathBuf,
    /// The user's data: articles saved from the web (`$XDG_DATA_HOME/folio`,
    /// usually `~/.local/share/folio`; `DIR/data` under an overridden
    /// config directory).
    pub data_dir: PathBuf,
}

impl Paths {
    /// Resolves the directories: an explicit directory first, then
    /// `FOLIO_CONFIG_DIR`, then the platform's conventions.
    #[must_use]
    pub fn resolve(explicit: Option<&Path>) -> Self {
        let overridden = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
        let mut paths = match (overridden, directories::ProjectDirs::from("", "", "folio")) {
            (Some(dir), _) => Self::under(&dir),
            (None, Some(dirs)) => Self {
                config_dir: dirs.config_dir().to_path_buf(),
                state_dir: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf(),
                config_file: dirs.config_dir().join("config.toml"),
                cache_dir: dirs.cache_dir().to_path_buf(),
                data_dir: dirs.data_dir().to_path_buf(),
            },
            // No home directory at all: keep files beside the working
            // directory rather than failing to start.
            (None, None) => Self::under(Path::new(".folio")),
        };
        if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|v| !v.is_empty()) {
            paths.cache_dir = PathBuf::from(dir);
        }
        paths
    }

    /// Everything under one directory.
    #[must_use]
    pub fn under(dir: &Path) -> Self {
        Self {
            config_dir: dir.to_path_buf(),
            state_dir: dir.join("state"),
            config_file: dir.join("config.toml"),
            cache_dir: dir.join("cache"),
            data_dir: dir.join("data"),
        }
    }

    /// Where `folio save` keeps articles, unless the configuration's
    /// `articles` names another folder.
    #[must_use]
    pub fn articles_dir(&self) -> PathBuf {
        self.data_dir.join("articles")
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
    pub fn sort_file(&self) -> PathBuf {
        self.state_dir.join("list-sort")
    }

    #[must_use]
    pub fn positions_file(&self) -> PathBuf {
        self.state_dir.join("positions.toml")
    }
}
