//! The gates of `#[derive(View)]`: one macro per event family, which the derive wraps around a
//! view that reads the family's types.

// A view of an event family's types compiles only where the family's feature is on; without
// it the derive's output becomes one clear error instead of a list of missing types. Each gate
// is a macro so that the feature is read here, not in the user's crate.
#[cfg(feature = "campaign")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_campaign {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "campaign"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_campaign {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `campaign` event family: enable the feature `campaign` of voucherify-webhooks");
    };
}
#[cfg(feature = "customer")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_customer {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "customer"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_customer {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `customer` event family: enable the feature `customer` of voucherify-webhooks");
    };
}
#[cfg(feature = "distribution")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_distribution {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "distribution"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_distribution {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `distribution` event family: enable the feature `distribution` of voucherify-webhooks");
    };
}
#[cfg(feature = "publication")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_publication {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "publication"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_publication {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `publication` event family: enable the feature `publication` of voucherify-webhooks");
    };
}
#[cfg(feature = "redemption")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_redemption {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "redemption"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_redemption {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `redemption` event family: enable the feature `redemption` of voucherify-webhooks");
    };
}
#[cfg(feature = "validation-rules")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_validation_rules {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "validation-rules"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_validation_rules {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `validation_rules` event family: enable the feature `validation-rules` of voucherify-webhooks");
    };
}
#[cfg(feature = "voucher")]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_voucher {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "voucher"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __view_gate_voucher {
    ($($item:tt)*) => {
        ::core::compile_error!("this view reads types of the `voucher` event family: enable the feature `voucher` of voucherify-webhooks");
    };
}
