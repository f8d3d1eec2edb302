//! The two kinds of v2024-01-01 webhooks.
//!
//! The one definition of the channel: the code generator reads it from the schema files
//! (`channel: project_settings`) through the serde names below, and the runtime dispatches on it.

/// Which kind of webhook sends an event.
///
/// Project-settings webhooks name the event in the envelope's `type`; distribution webhooks put
/// the user's own "event name" there and the event type in `event.type`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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

#[cfg(test)]
mod tests {
    use super::Channel;

    /// The schema files name a channel by its serde name, the command output by `as_str`: one
    /// name each, whichever way it is read or written.
    #[test]
    fn serde_names_are_the_names_of_as_str() {
        for channel in [
            Channel::ProjectSettings,
            Channel::Distribution,
            Channel::Both,
        ] {
            let name = serde_json::to_value(channel).unwrap();
            assert_eq!(name, channel.as_str());
            assert_eq!(serde_json::from_value::<Channel>(name).unwrap(), channel);
        }
        assert!(serde_json::from_str::<Channel>("\"project-settings\"").is_err());
    }
}
