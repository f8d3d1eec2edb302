//! The one call a webhook handler needs: verify the signature, then parse.

use std::fmt;

use crate::signature::{verify_any, SignatureError};
use crate::{EventSet, ParseError, Webhook};

/// Why a delivery was refused, and so what to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiveError {
    /// The signature is missing or wrong: answer 401, the body is not to be trusted.
    Signature(SignatureError),
    /// The signature is right but the body is no v2024-01-01 webhook: answer 400.
    Payload(ParseError),
}

impl ReceiveError {
    /// The HTTP status to answer with: 500 when the receiver's own secret is empty (its
    /// configuration is at fault, and Voucherify retries a 5XX once that is fixed).
    pub fn status(&self) -> u16 {
        match self {
            ReceiveError::Signature(SignatureError::EmptySecret) => 500,
            ReceiveError::Signature(_) => 401,
            ReceiveError::Payload(_) => 400,
        }
    }
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiveError::Signature(e) => write!(f, "signature refused: {e}"),
            ReceiveError::Payload(e) => write!(f, "payload refused: {e}"),
        }
    }
}

impl std::error::Error for ReceiveError {}

impl<E: EventSet> Webhook<E> {
    /// Verifies `signature` (the `x-voucherify-signature` header, `None` when absent) for the
    /// raw `body` against the webhook `secret`, then parses the body.
    ///
    /// ```
    /// use voucherify_webhooks::{signature, Webhook};
    /// let body = br#"{"not": "a webhook"}"#;
    /// let header = signature::sign(b"secret", body);
    /// let refused = Webhook::receive(b"secret", body, Some(&header)).unwrap_err();
    /// assert_eq!(refused.status(), 400);
    /// let refused = Webhook::receive(b"another", body, Some(&header)).unwrap_err();
    /// assert_eq!(refused.status(), 401);
    /// ```
    pub fn receive(
        secret: &[u8],
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<Webhook<E>, ReceiveError> {
        Webhook::receive_any(&[secret], body, signature)
    }

    /// Like [`Webhook::receive`], accepting any of several secrets (while rotating them).
    pub fn receive_any(
        secrets: &[&[u8]],
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<Webhook<E>, ReceiveError> {
        if secrets.iter().any(|secret| secret.is_empty()) {
            return Err(ReceiveError::Signature(SignatureError::EmptySecret));
        }
        let signature = signature.ok_or(ReceiveError::Signature(SignatureError::Missing))?;
        verify_any(secrets, body, signature).map_err(ReceiveError::Signature)?;
        Webhook::from_slice(body).map_err(ReceiveError::Payload)
    }
}
