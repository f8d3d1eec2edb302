//! Checked views: a service's own small struct for the few properties it reads, checked when
//! it compiles against the schema of the object it reads, and taken from a webhook by the JSON
//! pointer it declares.
//!
//! ```
//! use voucherify_webhooks::{View, Webhook};
//!
//! #[derive(serde::Deserialize, View)]
//! #[view(event = "redemption.succeeded", path = "/data/customer")]
//! struct RedeemingCustomer {
//!     id: Option<String>, // the schema lets `id` be absent: `String` would not compile
//!     email: Option<String>,
//!     #[serde(rename = "source_id")]
//!     external_id: Option<String>,
//! }
//!
//! # fn handle(webhook: &Webhook) -> Result<(), voucherify_webhooks::view::ViewError> {
//! // `Ok(None)` where the webhook has no customer (`/data/customer` may be null).
//! if let Some(customer) = RedeemingCustomer::from_webhook(webhook)? {
//!     println!("{:?} redeemed", customer.email);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! `#[derive(View)]` reads the schemas this crate was generated from (a digest of them built
//! into `voucherify-webhooks-macros`), so a schema change recompiles every view. It reports
//! every problem at once, each at the field at fault:
//!
//! - a wire name (after `#[serde(rename)]` and `rename_all`) that the object does not have,
//!   with the nearest name it does have;
//! - a property the schema lets be absent (not `required`) or `null` (`nullable`) in a field that
//!   is no `Option` (absent alone is also fine with `#[serde(default)]`);
//! - a type that cannot hold the schema's values: rustc reports it, through [`Fits`].
//!
//! # What fits what
//!
//! | schema | Rust types that fit |
//! | --- | --- |
//! | string | `String`, `Cow<str>`, `&str`, `Box<str>` |
//! | integer | `i64`, `i128`, `serde_json::Number` (the schemas set no bounds, so a narrower or unsigned type could overflow or refuse a negative value) |
//! | number | `f64`, `serde_json::Number` (a number may have a fraction: no integer type fits) |
//! | boolean | `bool` |
//! | string enum `E` | the generated `E`, or any string type above |
//! | object `O` | the generated `O`, a view of `O` (`#[view(object = "O")]`, or an event view whose path ends at `O`), [`Map`] |
//! | union `U` | the generated `U` |
//! | object with any properties | [`Map`], `HashMap<String, Value>`, `BTreeMap<String, Value>` |
//! | array of `S` | `Vec<T>` where `T` fits `S` |
//! | map of `S` | `HashMap<String, T>` or `BTreeMap<String, T>` where `T` fits `S`, [`Map`] |
//! | `S` or null (inside arrays and maps) | `Option<T>` where `T` fits `S` |
//! | anything | `serde_json::Value` fits every schema |
//!
//! A view of an event reads types of that event's family: with `default-features = false`,
//! enable the family's feature (`redemption` for `redemption.succeeded`).
//!
//! # Your own schemas
//!
//! A crate that generates its types from its own schema set with `voucherify_codegen::Builder`
//! asks it for a digest too (`Builder::view_digest("crate::webhooks")`, the path where it
//! includes the types), and points its views at it:
//! `#[view(event = "...", path = "...", schemas = "$OUT_DIR/voucherify_webhooks.digest")]`. A
//! relative path is read from the package's folder; cargo rebuilds the views when the file
//! changes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::__private::Generated;
use crate::{Data, DataError, EventSet, Map, ParseError, Webhook};

/// A struct checked by `#[derive(View)]` against the object at [`Self::POINTER`] in the data of
/// [`Self::EVENT`]. Implemented by the derive for views of an event.
pub trait View: DeserializeOwned {
    /// The event set whose webhooks the view is taken from: the `Event` of the types the
    /// view's digest names.
    type Events: EventSet;
    /// The wire event type, e.g. `redemption.succeeded`.
    const EVENT: &'static str;
    /// The JSON pointer of the object in the webhook, e.g. `/data/customer`.
    const POINTER: &'static str;

    /// Takes the view from a parsed webhook: `Ok(None)` where the object is absent or `null`,
    /// an error for a webhook of another event or an object that does not fit the view.
    fn from_webhook(webhook: &Webhook<Self::Events>) -> Result<Option<Self>, ViewError> {
        let found = webhook.event_type();
        if found != Self::EVENT {
            return Err(ViewError::OtherEvent {
                expected: Self::EVENT,
                found: found.to_string(),
            });
        }
        // The derive checked that the pointer starts with `/data`.
        let inner = Self::POINTER.strip_prefix("/data").unwrap_or(Self::POINTER);
        let serialised;
        let data = match &webhook.data {
            Data::Raw(raw) => &raw.value,
            Data::Typed(event) => {
                // The typed data writes back exactly what came (the types are lossless).
                serialised = serde_json::to_value(event).map_err(|e| {
                    ViewError::Data(DataError {
                        pointer: "/data".into(),
                        message: e.to_string(),
                    })
                })?;
                &serialised
            }
        };
        match data.pointer(inner) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_path_to_error::deserialize(value)
                .map(Some)
                .map_err(|e| ViewError::Data(DataError::from_path_error(Self::POINTER, e))),
        }
    }

    /// Parses a webhook body (as [`Webhook::from_slice`] does) and takes the view from it.
    fn from_slice(body: &[u8]) -> Result<Option<Self>, ViewError> {
        let webhook = Webhook::<Self::Events>::from_slice(body).map_err(ViewError::NotAWebhook)?;
        Self::from_webhook(&webhook)
    }
}

/// Why a view could not be taken from a webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewError {
    /// The body is not a v2024-01-01 webhook.
    NotAWebhook(ParseError),
    /// The webhook is of another event than the view's.
    OtherEvent {
        /// The view's event type.
        expected: &'static str,
        /// The webhook's event type.
        found: String,
    },
    /// The object does not fit the view (the payload breaks the schema).
    Data(DataError),
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::NotAWebhook(e) => e.fmt(f),
            ViewError::OtherEvent { expected, found } => {
                write!(f, "a `{found}` webhook, not `{expected}`")
            }
            ViewError::Data(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ViewError {}

/// The schema's shapes as types, for [`Fits`]. Never constructed.
pub mod kind {
    use std::marker::PhantomData;

    /// A string.
    pub enum String {}
    /// An integer.
    pub enum Integer {}
    /// A number (may have a fraction).
    pub enum Number {}
    /// `true` or `false`.
    pub enum Boolean {}
    /// Any JSON value.
    pub enum Any {}
    /// An object with any properties.
    pub enum AnyObject {}
    /// An array of `K`.
    pub struct Array<K>(PhantomData<fn() -> K>);
    /// A map (an object whose values are all alike) of `K`.
    pub struct MapOf<K>(PhantomData<fn() -> K>);
    /// `K` or `null`.
    pub struct Nullable<K>(PhantomData<fn() -> K>);
    /// The object whose generated type is `T`.
    pub struct Object<T>(PhantomData<fn() -> T>);
    /// The string enum whose generated type is `T`.
    pub struct Enum<T>(PhantomData<fn() -> T>);
    /// The union whose generated type is `T`.
    pub struct Union<T>(PhantomData<fn() -> T>);
}

/// `Self` holds every value of the schema shape `K`. Each kind has its own trait below, which
/// `#[derive(View)]` asserts of each field and whose error message says what fits it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold what the schema allows here: {K}",
    label = "the schema says: {K}",
    note = "see what fits what in the docs of voucherify_webhooks::view"
)]
pub trait Fits<K> {}

macro_rules! kind_trait {
    ($(#[$doc:meta])* $trait:ident for $kind:ty, $message:literal, $label:literal, $note:literal) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        pub trait $trait {}
        impl<T: $trait> Fits<$kind> for T {}
    };
    ($(#[$doc:meta])* $trait:ident<$k:ident> for $kind:ty, $message:literal, $label:literal, $note:literal) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        pub trait $trait<$k> {}
        impl<$k, T: $trait<$k>> Fits<$kind> for T {}
    };
}

kind_trait!(
    /// Holds a string.
    FitsString for kind::String,
    "`{Self}` cannot hold the schema's string",
    "the schema says: a string",
    "a string fits String, Cow<str>, &str, Box<str> or serde_json::Value (and Timestamp or Date, which keep a string's text)"
);
kind_trait!(
    /// Holds any integer the schema allows.
    FitsInteger for kind::Integer,
    "`{Self}` cannot hold the schema's integer",
    "the schema says: an integer",
    "an integer fits i64, i128, serde_json::Number or serde_json::Value: the schemas set no bounds, so a narrower or unsigned type could overflow or refuse a negative value"
);
kind_trait!(
    /// Holds any number, fractions included.
    FitsNumber for kind::Number,
    "`{Self}` cannot hold the schema's number",
    "the schema says: a number",
    "a number fits f64, serde_json::Number or serde_json::Value: it may have a fraction, so no integer type fits"
);
kind_trait!(
    /// Holds a boolean.
    FitsBoolean for kind::Boolean,
    "`{Self}` cannot hold the schema's boolean",
    "the schema says: a boolean",
    "a boolean fits bool or serde_json::Value"
);
kind_trait!(
    /// Holds any JSON value.
    FitsAny for kind::Any,
    "`{Self}` cannot hold any JSON value, which the schema allows here",
    "the schema says: any JSON value",
    "only serde_json::Value holds any JSON value"
);
kind_trait!(
    /// Holds an object with any properties.
    FitsAnyObject for kind::AnyObject,
    "`{Self}` cannot hold the schema's object with any properties",
    "the schema says: an object with any properties",
    "an object with any properties fits voucherify_webhooks::Map, HashMap<String, Value>, BTreeMap<String, Value> or serde_json::Value"
);
kind_trait!(
    /// Holds an array whose items fit `K`.
    FitsArray<K> for kind::Array<K>,
    "`{Self}` cannot hold the schema's array",
    "the schema says: an array of {K}",
    "an array fits Vec<T> where T fits each item, or serde_json::Value"
);
kind_trait!(
    /// Holds a map whose values fit `K`.
    FitsMap<K> for kind::MapOf<K>,
    "`{Self}` cannot hold the schema's map",
    "the schema says: a map (an object of any keys) of {K}",
    "a map fits HashMap<String, T> or BTreeMap<String, T> where T fits each value, voucherify_webhooks::Map or serde_json::Value"
);
kind_trait!(
    /// Holds `null` as well as `K`.
    FitsNullable<K> for kind::Nullable<K>,
    "`{Self}` cannot hold the `null` that the schema allows here",
    "the schema says: {K} or null",
    "use Option<T> where T fits the value, or serde_json::Value"
);
kind_trait!(
    /// Holds the object whose generated type is `O`. A view implements it for the object it reads.
    FitsObject<O> for kind::Object<O>,
    "`{Self}` cannot hold the schema's object `{O}`",
    "the schema says: the object {O}",
    "an object fits its generated type, a struct that derives View for it (#[view(object = \"...\")]), voucherify_webhooks::Map or serde_json::Value"
);
kind_trait!(
    /// Holds the string enum whose generated type is `E`.
    FitsEnum<E> for kind::Enum<E>,
    "`{Self}` cannot hold the schema's string enum `{E}`",
    "the schema says: the string enum {E}",
    "a string enum fits its generated type, String (or another string type) or serde_json::Value"
);
kind_trait!(
    /// Holds the union whose generated type is `U`.
    FitsUnion<U> for kind::Union<U>,
    "`{Self}` cannot hold the schema's union `{U}`",
    "the schema says: the union {U}",
    "a union fits its generated type or serde_json::Value"
);

// serde_json::Value holds every schema.
impl FitsString for Value {}
impl FitsInteger for Value {}
impl FitsNumber for Value {}
impl FitsBoolean for Value {}
impl FitsAny for Value {}
impl FitsAnyObject for Value {}
impl<K> FitsArray<K> for Value {}
impl<K> FitsMap<K> for Value {}
impl<K> FitsNullable<K> for Value {}
impl<O> FitsObject<O> for Value {}
impl<E> FitsEnum<E> for Value {}
impl<U> FitsUnion<U> for Value {}

impl FitsString for String {}
impl FitsString for Cow<'_, str> {}
impl FitsString for &str {}
impl FitsString for Box<str> {}
// A `date-time` or `date` property is a string in the digest: a view may hold it as the
// generator does or as the plain text.
impl FitsString for crate::Timestamp {}
impl FitsString for crate::Date {}

impl FitsInteger for i64 {}
impl FitsInteger for i128 {}
impl FitsInteger for Number {}

impl FitsNumber for f64 {}
impl FitsNumber for Number {}

impl FitsBoolean for bool {}

impl FitsAnyObject for Map {}
impl<S> FitsAnyObject for HashMap<String, Value, S> {}
impl FitsAnyObject for BTreeMap<String, Value> {}

impl<K, T: Fits<K>> FitsArray<K> for Vec<T> {}

impl<K, T: Fits<K>, S> FitsMap<K> for HashMap<String, T, S> {}
impl<K, T: Fits<K>> FitsMap<K> for BTreeMap<String, T> {}
impl<K> FitsMap<K> for Map {}

impl<K, T: Fits<K>> FitsNullable<K> for Option<T> {}

// Each generated type fits its own shape; `Generated` tells them from the types above.
impl<T: Generated> FitsObject<T> for T {}
impl<O> FitsObject<O> for Map {}
impl<T: Generated> FitsEnum<T> for T {}
impl<E> FitsEnum<E> for String {}
impl<E> FitsEnum<E> for Cow<'_, str> {}
impl<E> FitsEnum<E> for &str {}
impl<E> FitsEnum<E> for Box<str> {}
impl<T: Generated> FitsUnion<T> for T {}
