//! Boxing large fields: a struct held by value inside another makes the outer one as large as
//! both, and a parse moves each value several times on its way into place (slot, struct,
//! result, box). Event data that holds a campaign, a voucher and an order by value grows to
//! kilobytes, and the moves cost more than the parse itself. So a by-value field whose struct
//! is larger than [`LIMIT_WORDS`] is boxed: one allocation, and the moves stay small.

use std::collections::BTreeMap;

use super::ir::{Item, Ty};
use super::items::Placed;

/// Structs up to this many machine words (of an estimate) stay inline: the small objects
/// (a customer reference, an event source) are read most and box least well.
const LIMIT_WORDS: usize = 32;

/// Boxes every by-value struct field whose struct is estimated above the limit.
pub fn box_large(items: &mut [Placed]) {
    let index: BTreeMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, p)| (p.item.name().to_string(), i))
        .collect();
    let mut sizes: Vec<Option<usize>> = vec![None; items.len()];
    for i in 0..items.len() {
        size_of_item(items, &index, &mut sizes, i, 0);
    }
    let large = |name: &str| {
        index.get(name).is_some_and(|&j| {
            matches!(items[j].item, Item::Struct(_)) && sizes[j].unwrap_or(0) > LIMIT_WORDS
        })
    };
    let large: Vec<String> = index.keys().filter(|name| large(name)).cloned().collect();
    for placed in items.iter_mut() {
        if let Item::Struct(s) = &mut placed.item {
            for field in &mut s.fields {
                box_in(&mut field.ty, &large);
            }
        }
    }
}

fn box_in(ty: &mut Ty, large: &[String]) {
    match ty {
        Ty::Named(name) if large.binary_search(name).is_ok() => {
            let named = std::mem::replace(ty, Ty::Value);
            *ty = Ty::Boxed(Box::new(named));
        }
        Ty::Nullable(inner) => box_in(inner, large),
        _ => {}
    }
}

/// The estimated size of item `i` in words, memoised. `depth` stops a by-value cycle the
/// cycle pass would have boxed already (it cannot happen after it, but the estimate must not
/// loop if it did).
fn size_of_item(
    items: &[Placed],
    index: &BTreeMap<String, usize>,
    sizes: &mut Vec<Option<usize>>,
    i: usize,
    depth: usize,
) -> usize {
    if let Some(size) = sizes[i] {
        return size;
    }
    if depth > items.len() {
        return 1;
    }
    let size = match &items[i].item {
        // The extra map, then every field (an optional one has its own discriminant).
        Item::Struct(s) => {
            3 + s
                .fields
                .iter()
                .map(|f| size_of_ty(&f.ty, items, index, sizes, depth) + usize::from(f.optional))
                .sum::<usize>()
        }
        Item::Newtype(n) => size_of_ty(&n.inner, items, index, sizes, depth),
        // An open enum holds its `Other(String)`; a union holds boxes.
        Item::Enum(_) => 3,
        Item::Union(_) => 2,
    };
    sizes[i] = Some(size);
    size
}

fn size_of_ty(
    ty: &Ty,
    items: &[Placed],
    index: &BTreeMap<String, usize>,
    sizes: &mut Vec<Option<usize>>,
    depth: usize,
) -> usize {
    match ty {
        Ty::Boolean | Ty::Integer | Ty::Boxed(_) => 1,
        Ty::Number => 2,
        Ty::String | Ty::Timestamp | Ty::Date | Ty::Array(_) | Ty::Map(_) | Ty::FreeForm => 3,
        Ty::Value => 4,
        Ty::Nullable(inner) => 1 + size_of_ty(inner, items, index, sizes, depth),
        Ty::Named(name) => match index.get(name) {
            Some(&j) => size_of_item(items, index, sizes, j, depth + 1),
            None => 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::ir::{Field, Struct};
    use crate::resolve::items::Home;

    fn object(name: &str, fields: Vec<(&str, Ty)>) -> Placed {
        Placed {
            item: Item::Struct(Struct {
                name: name.into(),
                docs: vec![],
                fields: fields
                    .into_iter()
                    .map(|(ident, ty)| Field {
                        ident: ident.into(),
                        wire: ident.into(),
                        docs: vec![],
                        ty,
                        optional: true,
                        personal: false,
                    })
                    .collect(),
                extra: "extra".into(),
                events: Vec::new(),
            }),
            home: Home::Shared,
        }
    }

    #[test]
    fn large_structs_are_boxed_where_held_and_small_ones_stay_inline() {
        let big_fields = (0..20)
            .map(|i| {
                (
                    [
                        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
                        "p", "q", "r", "s", "t",
                    ][i],
                    Ty::String,
                )
            })
            .collect();
        let mut items = vec![
            object("Big", big_fields),
            object("Small", vec![("id", Ty::String)]),
            object(
                "Outer",
                vec![
                    ("big", Ty::Nullable(Box::new(Ty::Named("Big".into())))),
                    ("small", Ty::Named("Small".into())),
                    ("bigs", Ty::Array(Box::new(Ty::Named("Big".into())))),
                ],
            ),
        ];
        box_large(&mut items);
        let Item::Struct(outer) = &items[2].item else {
            unreachable!()
        };
        assert_eq!(
            outer.fields[0].ty,
            Ty::Nullable(Box::new(Ty::Boxed(Box::new(Ty::Named("Big".into())))))
        );
        assert_eq!(outer.fields[1].ty, Ty::Named("Small".into()));
        // Vec already holds its items on the heap.
        assert_eq!(
            outer.fields[2].ty,
            Ty::Array(Box::new(Ty::Named("Big".into())))
        );
    }
}
