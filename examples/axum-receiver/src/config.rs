//! How the receiver is set up, from code or from the environment, and what is refused at start.

use std::fmt;
use std::path::Path;
use std::time::Duration;

/// The SQLite file used when neither `DATABASE_URL` nor `VOUCHERIFY_INBOX_PATH` is set.
pub const DEFAULT_INBOX_PATH: &str = "voucherify-inbox.sqlite3";

/// How the receiver is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Webhook secrets from Project settings; more than one while rotating.
    pub secrets: Vec<Vec<u8>>,
    /// The largest body accepted, in bytes.
    pub body_limit: usize,
    /// Where the inbox lives: `sqlite://FILE?mode=rwc` or `postgres://...`.
    pub database_url: String,
    /// How the worker claims and processes stored webhooks.
    pub worker: WorkerConfig,
}

/// How the worker claims and processes stored webhooks.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// How long a claimed row is left to its worker before another may take it over: the time a
    /// crashed instance's rows wait before they are processed again. Longer than processing one
    /// webhook takes.
    pub lease: Duration,
    /// How often an idle worker looks for rows it was not told about (stored by another instance,
    /// or whose lease ran out).
    pub poll: Duration,
    /// Fault injection for the crash test: after this many rows, claim the next one and stop
    /// there for good, as a worker in the middle of slow processing. `None` in a real service.
    pub hang_after: Option<usize>,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            lease: Duration::from_secs(60),
            poll: Duration::from_secs(1),
            hang_after: None,
        }
    }
}

impl Config {
    /// A receiver for one `secret`, with its inbox in the SQLite file `inbox_path`.
    pub fn new(secret: impl Into<Vec<u8>>, inbox_path: impl AsRef<Path>) -> Self {
        Config {
            secrets: vec![secret.into()],
            body_limit: 1024 * 1024,
            database_url: sqlite_url(inbox_path.as_ref()),
            worker: WorkerConfig::default(),
        }
    }

    /// The setup from the environment:
    ///
    /// - `VOUCHERIFY_WEBHOOK_SECRET` (required, not empty);
    /// - `DATABASE_URL` (`postgres://...` or `sqlite://...`) or else `VOUCHERIFY_INBOX_PATH`, a
    ///   SQLite file ([`DEFAULT_INBOX_PATH`] when unset);
    /// - `VOUCHERIFY_WORKER_LEASE_MS`, `VOUCHERIFY_WORKER_POLL_MS` and, for the crash test only,
    ///   `VOUCHERIFY_WORKER_HANG_AFTER`.
    pub fn from_env() -> Result<Self, ConfigError> {
        let secret = std::env::var_os(SECRET_VAR).ok_or(ConfigError::MissingSecret)?;
        let secret = secret
            .into_string()
            .map_err(|_| ConfigError::NotUnicode(SECRET_VAR))?;
        let mut config = Config::new(secret, DEFAULT_INBOX_PATH);
        if let Some(path) = non_empty_var("VOUCHERIFY_INBOX_PATH")? {
            config.database_url = sqlite_url(Path::new(&path));
        }
        if let Some(url) = non_empty_var("DATABASE_URL")? {
            config.database_url = url;
        }
        if let Some(ms) = number_var("VOUCHERIFY_WORKER_LEASE_MS")? {
            config.worker.lease = Duration::from_millis(ms);
        }
        if let Some(ms) = number_var("VOUCHERIFY_WORKER_POLL_MS")? {
            config.worker.poll = Duration::from_millis(ms);
        }
        if let Some(n) = number_var("VOUCHERIFY_WORKER_HANG_AFTER")? {
            config.worker.hang_after = Some(n as usize);
        }
        config.check()?;
        Ok(config)
    }

    /// Refuses a setup that would accept forged webhooks: an HMAC keyed with an empty secret is
    /// one anybody can compute, so an unset-but-present variable must not start a receiver.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.secrets.is_empty() || self.secrets.iter().any(Vec::is_empty) {
            return Err(ConfigError::EmptySecret);
        }
        Ok(())
    }
}

const SECRET_VAR: &str = "VOUCHERIFY_WEBHOOK_SECRET";

/// Why the receiver refuses to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `VOUCHERIFY_WEBHOOK_SECRET` is not set.
    MissingSecret,
    /// A webhook secret is empty.
    EmptySecret,
    /// A variable holds bytes that are not Unicode.
    NotUnicode(&'static str),
    /// A variable that holds a number does not.
    NotANumber { var: &'static str, value: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingSecret => write!(
                f,
                "set {SECRET_VAR} to the webhook secret from Project settings"
            ),
            ConfigError::EmptySecret => write!(
                f,
                "the webhook secret is empty: anybody could sign a webhook with it; set \
                 {SECRET_VAR} to the secret from Project settings"
            ),
            ConfigError::NotUnicode(var) => write!(f, "{var} is not valid Unicode"),
            ConfigError::NotANumber { var, value } => {
                write!(f, "{var} must be a whole number, not {value:?}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// The `sqlx` URL of the SQLite file at `path`, created when missing. `%`, `?` and `#` are
/// escaped so that any file name survives the URL.
pub fn sqlite_url(path: &Path) -> String {
    let mut url = String::from("sqlite://");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => url.push_str("%25"),
            '?' => url.push_str("%3F"),
            '#' => url.push_str("%23"),
            c => url.push(c),
        }
    }
    url.push_str("?mode=rwc");
    url
}

fn non_empty_var(var: &'static str) -> Result<Option<String>, ConfigError> {
    match std::env::var(var) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::NotUnicode(var)),
    }
}

fn number_var(var: &'static str) -> Result<Option<u64>, ConfigError> {
    let Some(value) = non_empty_var(var)? else {
        return Ok(None);
    };
    value
        .parse()
        .map(Some)
        .map_err(|_| ConfigError::NotANumber { var, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_secret_is_refused() {
        let config = Config::new("", "inbox.sqlite3");
        assert_eq!(config.check(), Err(ConfigError::EmptySecret));
        let mut rotating = Config::new("new", "inbox.sqlite3");
        rotating.secrets.push(Vec::new());
        assert_eq!(rotating.check(), Err(ConfigError::EmptySecret));
        rotating.secrets.clear();
        assert_eq!(rotating.check(), Err(ConfigError::EmptySecret));
        assert_eq!(Config::new("s", "inbox.sqlite3").check(), Ok(()));
    }

    #[test]
    fn a_file_name_survives_the_sqlite_url() {
        assert_eq!(
            sqlite_url(Path::new("/tmp/a %?#b.db")),
            "sqlite:///tmp/a %25%3F%23b.db?mode=rwc"
        );
    }
}
