//! Emit the digest: the resolved schema set in the small line format that `#[derive(View)]`
//! reads at compile time, so that the proc-macro parses no YAML and resolves no `$ref`.
//!
//! The format (read by `macros/src/view/digest.rs`, which documents it in full) is one record
//! per line, fields separated by one space, the wire name last so that it may hold spaces:
//!
//! ```text
//! digest 1                          the format version
//! root ::voucherify_webhooks        the Rust path that holds the named types
//! runtime ::voucherify_webhooks_runtime  the runtime's path (absent: `::voucherify_webhooks`)
//! gates macro                       gates are `<root>::__view_gate_<feature>!` macros
//! o SimpleCustomer -                an object (struct), its gate (`-`: none), then its properties:
//! p o ?string source_id             optional (`o`) or required (`r`), shape, wire name
//! e SimpleOrderStatus -             a string enum
//! u Discount redemption             a tagged union
//! n CampaignDeleted campaign @Campaign   an event's data type that is no object of its own
//! v campaign.deleted CampaignDeleted     a wire event type and its data type
//! ```
//!
//! Shapes: `string`, `integer`, `number`, `boolean`, `any`, `object` (free-form), `[S]` (array),
//! `{S}` (map), `?S` (may be null), `@Name` (a named type).

use std::fmt::Write as _;

use crate::resolve::{Ir, Item, Ty};

use super::rust::EmitError;

/// Where the digest names its types and how it gates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestOptions {
    /// The Rust path that holds every named type, e.g. `::voucherify_webhooks`.
    pub root: String,
    /// Whether each type records the cargo feature of its module, checked through the
    /// `__view_gate_*` macros of `voucherify-webhooks`. Only that crate has them.
    pub gates: bool,
    /// The path of the runtime the views' code names (`View`, the fit traits); written only
    /// when it is not `::voucherify_webhooks`, the derive's default.
    pub runtime: String,
}

/// The digest of `ir`, headed by the comment lines of `header`.
pub fn digest(ir: &Ir, options: &DigestOptions, header: &str) -> Result<String, EmitError> {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "digest 1");
    let _ = writeln!(out, "root {}", options.root);
    if options.runtime != "::voucherify_webhooks" {
        let _ = writeln!(out, "runtime {}", options.runtime);
    }
    if options.gates {
        let _ = writeln!(out, "gates macro");
    }
    for module in &ir.modules {
        let gate = match (&module.feature, options.gates) {
            (Some(feature), true) => feature.as_str(),
            _ => "-",
        };
        for item in &module.items {
            match item {
                Item::Struct(s) => {
                    let _ = writeln!(out, "o {} {gate}", s.name);
                    for field in &s.fields {
                        if field.wire.contains(['\n', '\r']) {
                            return Err(EmitError(format!(
                                "{}: the property name {:?} holds a line break, which the digest cannot carry",
                                s.name, field.wire
                            )));
                        }
                        let presence = if field.optional { 'o' } else { 'r' };
                        let _ = writeln!(out, "p {presence} {} {}", shape(&field.ty), field.wire);
                    }
                }
                Item::Newtype(n) => {
                    let _ = writeln!(out, "n {} {gate} {}", n.name, shape(&n.inner));
                }
                Item::Enum(e) => {
                    let _ = writeln!(out, "e {} {gate}", e.name);
                }
                Item::Union(u) => {
                    let _ = writeln!(out, "u {} {gate}", u.name);
                }
            }
        }
    }
    for event in &ir.events {
        let _ = writeln!(out, "v {} {}", event.event_type, event.rust_type);
    }
    Ok(out)
}

/// A type as a digest shape. Boxing is the generator's affair: a view does not see it.
fn shape(ty: &Ty) -> String {
    match ty {
        // A view holds a time as the runtime's type or as the plain text: both fit `string`.
        Ty::String | Ty::Timestamp | Ty::Date => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Value => "any".into(),
        Ty::FreeForm => "object".into(),
        Ty::Array(inner) => format!("[{}]", shape(inner)),
        Ty::Map(inner) => format!("{{{}}}", shape(inner)),
        Ty::Named(name) => format!("@{name}"),
        Ty::Boxed(inner) => shape(inner),
        Ty::Nullable(inner) => format!("?{}", shape(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{self, Options};
    use crate::schema::{Channel, EventFile, SchemaSet};

    fn schema(yaml: &str) -> crate::schema::Schema {
        yaml_serde::from_str(yaml).unwrap()
    }

    #[test]
    fn shapes_nest() {
        let ty = Ty::Nullable(Box::new(Ty::Array(Box::new(Ty::Map(Box::new(Ty::Boxed(
            Box::new(Ty::Named("Voucher".into())),
        )))))));
        assert_eq!(shape(&ty), "?[{@Voucher}]");
    }

    #[test]
    fn one_line_per_type_property_and_event() {
        let set = SchemaSet {
            envelope: schema("name: Envelope\ntype: object\nproperties:\n  id: {type: string}\n"),
            events: vec![EventFile {
                event: "order.paid".into(),
                channel: Channel::ProjectSettings,
                docs: "https://docs.example.invalid".into(),
                data: schema(
                    "name: OrderPaid\ntype: object\nrequired: [id]\nproperties:\n  id: {type: string}\n  \
                     note: {type: string, nullable: true}\n  lines:\n    type: array\n    items: {type: integer}\n  \
                     status:\n    type: string\n    enum: [PAID]\n",
                ),
            }],
            objects: Default::default(),
        };
        let ir = resolve::resolve(
            &set,
            Options {
                family_features: true,
            },
        )
        .unwrap();
        let options = DigestOptions {
            root: "::voucherify_webhooks".into(),
            gates: true,
            runtime: "::voucherify_webhooks".into(),
        };
        assert_eq!(
            digest(&ir, &options, "@generated, one line").unwrap(),
            "# @generated, one line\ndigest 1\nroot ::voucherify_webhooks\ngates macro\n\
             o Envelope -\np o string id\n\
             o OrderPaid order\np r string id\np o ?string note\np o [integer] lines\np o @OrderPaidStatus status\n\
             e OrderPaidStatus order\n\
             v order.paid OrderPaid\n"
        );
    }
}
