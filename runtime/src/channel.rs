//! The two kinds of v2024-01-01 webhooks.

/// Which kind of webhook sends an event.
///
/// Project-settings webhooks name the event in the envelope's `type`; distribution webhooks put
/// the user's own "event name" there and the event type in `event.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// Sent by the webhooks of Project settings (`source.object` is `webhook`).
    ProjectSettings,
    /// Sent by a distribution (`source.object` is `distribution`).
    Distribution,
    /// Documented for both.
    Both,
}

impl Channel {
    /// The name used by the schemas and the command-line tools.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::ProjectSettings => "project_settings",
            Channel::Distribution => "distribution",
            Channel::Both => "both",
        }
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
