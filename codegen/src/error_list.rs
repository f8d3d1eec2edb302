//! The one `Display` of a list of errors: one error a line, in order, with no trailing newline
//! (the caller's `eprintln!` ends the last line).

use std::fmt;

pub(crate) fn display<T: fmt::Display>(f: &mut fmt::Formatter<'_>, errors: &[T]) -> fmt::Result {
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    struct List(Vec<&'static str>);

    impl std::fmt::Display for List {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            super::display(f, &self.0)
        }
    }

    #[test]
    fn one_error_a_line_and_no_trailing_newline() {
        assert_eq!(List(vec!["a: one", "b: two"]).to_string(), "a: one\nb: two");
        assert_eq!(List(vec![]).to_string(), "");
    }
}
