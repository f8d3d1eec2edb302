//! Boxing by a graph pass: a type that holds itself by value, directly or through other types,
//! would be infinitely large. The pass finds the strongly connected components of the
//! "holds by value" graph and boxes exactly the references that stay inside a component.
//! Arrays and maps already hold their values on the heap, and union members are always boxed,
//! so neither is an edge here.

use std::collections::BTreeMap;

use super::ir::{Item, Ty};
use super::items::Placed;

/// Boxes every by-value reference that closes a cycle.
pub fn box_cycles(items: &mut [Placed]) {
    let index: BTreeMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, p)| (p.item.name().to_string(), i))
        .collect();
    let edges: Vec<Vec<usize>> = items
        .iter()
        .map(|p| {
            let mut named = Vec::new();
            match &p.item {
                Item::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(true, &mut named)),
                Item::Newtype(n) => n.inner.named(true, &mut named),
                Item::Enum(_) | Item::Union(_) => {}
            }
            named
                .into_iter()
                .filter(|(_, by_value)| *by_value)
                .filter_map(|(name, _)| index.get(&name).copied())
                .collect()
        })
        .collect();
    let component = components(&edges);
    for (i, placed) in items.iter_mut().enumerate() {
        let same = |name: &str| {
            index
                .get(name)
                .is_some_and(|&j| component[j] == component[i])
        };
        match &mut placed.item {
            Item::Struct(s) => s.fields.iter_mut().for_each(|f| box_in(&mut f.ty, &same)),
            Item::Newtype(n) => box_in(&mut n.inner, &same),
            Item::Enum(_) | Item::Union(_) => {}
        }
    }
}

/// Wraps the by-value references for which `same` holds in a `Box`.
fn box_in(ty: &mut Ty, same: &dyn Fn(&str) -> bool) {
    match ty {
        Ty::Named(name) if same(name) => {
            let named = std::mem::replace(ty, Ty::Value);
            *ty = Ty::Boxed(Box::new(named));
        }
        Ty::Nullable(inner) => box_in(inner, same),
        _ => {}
    }
}

/// Tarjan's algorithm: the component number of every node. Iterative, so a long chain of
/// types cannot overflow the stack.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_find_cycles_and_leave_chains_apart() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 and 4 -> 4 (itself).
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
