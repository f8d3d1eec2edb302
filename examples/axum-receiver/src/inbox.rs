//! The durable inbox: every verified webhook is a row before its 200 goes out.
//!
//! One code path for SQLite (the default, a file) and Postgres (several instances sharing one
//! database), through `sqlx`'s `Any` driver: the statements below are written in the SQL both
//! speak (`$N` parameters, `ON CONFLICT`, `RETURNING`); only the table definitions differ.
//!
//! - `voucherify_inbox` holds one row per envelope `id` (a unique key, so a redelivery is a
//!   no-op whichever instance it reaches) with the body as it was signed, and the row's state:
//!   `claimed_until` (a worker's lease) and `processed_at`.
//! - `voucherify_effects` stands for the service's own tables: what processing a webhook did.
//!   It is written in the same transaction that marks the inbox row processed, and only when
//!   that transaction is the one that moved the row from unprocessed to processed, so each
//!   stored webhook has its effect exactly once, however often it was claimed.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;
use sqlx::Row;
use tokio::sync::Notify;

/// Which database the URL names; they differ only in how a table is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Dialect::Postgres)
        } else {
            Err(sqlx::Error::Configuration(
                "the inbox URL must start with `sqlite:` or `postgres://`".into(),
            ))
        }
    }

    fn schema(self) -> impl Iterator<Item = String> {
        let key = match self {
            Dialect::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
            Dialect::Postgres => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        };
        SCHEMA.iter().map(move |sql| sql.replace("{key}", key))
    }
}

const SCHEMA: [&str; 3] = [
    "CREATE TABLE IF NOT EXISTS voucherify_inbox (
        seq {key},
        webhook_id TEXT NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        claimed_until BIGINT,
        processed_at BIGINT,
        outcome TEXT
    )",
    "CREATE INDEX IF NOT EXISTS voucherify_inbox_unprocessed
        ON voucherify_inbox (seq) WHERE processed_at IS NULL",
    "CREATE TABLE IF NOT EXISTS voucherify_effects (
        seq {key},
        webhook_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        outcome TEXT NOT NULL,
        processed_at BIGINT NOT NULL
    )",
];

/// A handle on the inbox, cheap to clone: the HTTP handler stores, the worker claims.
#[derive(Clone, Debug)]
pub struct Inbox {
    pool: AnyPool,
    dialect: Dialect,
    stored: Arc<Notify>,
}

/// What storing a delivery did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new row: the webhook will be processed.
    New,
    /// Its envelope `id` is already in the inbox: a redelivery, acknowledged and dropped.
    Duplicate,
}

/// A row a worker holds the lease on.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub seq: i64,
    pub webhook_id: String,
    pub body: String,
}

/// One effect of processing, as `voucherify_effects` holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    pub webhook_id: String,
    pub event_type: String,
    pub outcome: String,
}

/// How many rows are in the inbox, and how many of them are processed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub stored: i64,
    pub processed: i64,
}

impl Inbox {
    /// Connects to the inbox at `url` (`sqlite://FILE?mode=rwc` or `postgres://...`) and creates
    /// its tables if they are missing.
    pub async fn open(url: &str) -> Result<Inbox, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(5)
            .connect(url)
            .await?;
        if dialect == Dialect::Sqlite {
            // Readers (the tests, an operator) do not block the handler and the worker. The
            // mode is kept in the file; waits for the write lock are sqlx's busy timeout.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let mut tx = pool.begin().await?;
        if dialect == Dialect::Postgres {
            // Two instances starting at once would race on `CREATE TABLE IF NOT EXISTS`.
            sqlx::query("SELECT pg_advisory_xact_lock(7493061)")
                .execute(&mut *tx)
                .await?;
        }
        for statement in dialect.schema() {
            sqlx::query(&statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Inbox {
            pool,
            dialect,
            stored: Arc::new(Notify::new()),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Stores a verified body under its envelope `id`; the caller answers 200 only after this
    /// returned `Ok`, so an acknowledged webhook is on disk.
    pub async fn store(
        &self,
        webhook_id: &str,
        event_type: &str,
        body: &str,
    ) -> Result<Stored, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO voucherify_inbox (webhook_id, event_type, body, received_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (webhook_id) DO NOTHING",
        )
        .bind(webhook_id)
        .bind(event_type)
        .bind(body)
        .bind(now_millis())
        .execute(&self.pool)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(Stored::Duplicate);
        }
        self.stored.notify_one();
        Ok(Stored::New)
    }

    /// Takes the lease on the oldest unprocessed row nobody holds (or whose holder's lease ran
    /// out: a crashed or stuck worker). `None` when there is nothing to do.
    pub async fn claim(&self, lease: Duration) -> Result<Option<Claimed>, sqlx::Error> {
        let now = now_millis();
        let until = now.saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX));
        // The conditions are repeated outside the subquery: on Postgres, a worker that waited
        // for another's update of the same row re-checks them there, and claims nothing.
        let row: Option<AnyRow> = sqlx::query(
            "UPDATE voucherify_inbox
             SET claimed_until = $1, attempts = attempts + 1
             WHERE seq = (
                 SELECT seq FROM voucherify_inbox
                 WHERE processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
                 ORDER BY seq LIMIT 1
             )
             AND processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
             RETURNING seq, webhook_id, body",
        )
        .bind(until)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Claimed {
                seq: row.try_get("seq")?,
                webhook_id: row.try_get("webhook_id")?,
                body: row.try_get("body")?,
            })
        })
        .transpose()
    }

    /// Writes `effect` and marks the row processed, in one transaction. `false` (and nothing
    /// written) when the row was processed already, by a worker that took over an expired
    /// lease: the effect must not happen twice.
    pub async fn finish(&self, claimed: &Claimed, effect: &Effect) -> Result<bool, sqlx::Error> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        // The update comes first: it takes the row's lock (Postgres) or the write lock
        // (SQLite), so two finishers of one row are serialised and the second sees it done.
        let marked = sqlx::query(
            "UPDATE voucherify_inbox SET processed_at = $1, outcome = $2
             WHERE seq = $3 AND processed_at IS NULL",
        )
        .bind(now)
        .bind(&effect.outcome)
        .bind(claimed.seq)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO voucherify_effects (webhook_id, event_type, outcome, processed_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&effect.webhook_id)
        .bind(&effect.event_type)
        .bind(&effect.outcome)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Waits until this process stores a new row (other instances' rows are found by polling).
    pub async fn stored(&self) {
        self.stored.notified().await
    }

    /// Every effect, oldest first: what the crash test counts.
    pub async fn effects(&self) -> Result<Vec<Effect>, sqlx::Error> {
        sqlx::query("SELECT webhook_id, event_type, outcome FROM voucherify_effects ORDER BY seq")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Effect {
                    webhook_id: row.try_get("webhook_id")?,
                    event_type: row.try_get("event_type")?,
                    outcome: row.try_get("outcome")?,
                })
            })
            .collect()
    }

    /// How many times each stored webhook was claimed, by envelope `id`.
    pub async fn attempts(&self) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query("SELECT webhook_id, attempts FROM voucherify_inbox ORDER BY seq")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("webhook_id")?, row.try_get("attempts")?)))
            .collect()
    }

    pub async fn counts(&self) -> Result<Counts, sqlx::Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS stored, COUNT(processed_at) AS processed FROM voucherify_inbox",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            stored: row.try_get("stored")?,
            processed: row.try_get("processed")?,
        })
    }

    /// Closes the connections (a test reopens the file after the receiver was killed).
    pub async fn close(&self) {
        self.pool.close().await
    }
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
