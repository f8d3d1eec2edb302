//! `receive` with the crate's own event set: the runtime has no event set of its own to test
//! it with.

use voucherify_webhooks::signature::{sign, SignatureError};
use voucherify_webhooks::{ReceiveError, Webhook};

#[test]
fn an_empty_secret_is_the_receivers_fault_not_the_senders() {
    let body = br#"{"id":"whs_1"}"#;
    let forged = sign(b"", body);
    for signature in [Some(forged.as_str()), None] {
        let refused = Webhook::receive(b"", body, signature).unwrap_err();
        assert_eq!(
            refused,
            ReceiveError::Signature(SignatureError::EmptySecret)
        );
        assert_eq!(refused.status(), 500);
        let refused = Webhook::receive_any(&[b"new", b""], body, signature).unwrap_err();
        assert_eq!(
            refused,
            ReceiveError::Signature(SignatureError::EmptySecret)
        );
    }
}
