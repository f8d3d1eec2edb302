//! The formats a check asserts, as RFC 3339 (section 5.6) defines them: `full-date`,
//! `full-time` and `date-time`. A leap second (`:60`) is a time only at 23:59 UTC, once the
//! offset is taken off. `T` and `Z` may be lower case, as the RFC allows.

/// `YYYY-MM-DD`, with a day that the month (and the year, for 29 February) has.
pub(super) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM:SS[.frac](Z|±HH:MM)`.
pub(super) fn is_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (digits(&b[0..2]), digits(&b[3..5]), digits(&b[6..8]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &b[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    // The offset, in minutes to add to the local time to get UTC.
    let to_utc: i32 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(h), Some(m)) = (digits(&[*h1, *h2]), digits(&[*m1, *m2])) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let offset = (h * 60 + m) as i32;
            if *sign == b'+' {
                -offset
            } else {
                offset
            }
        }
        _ => return false,
    };
    if second == 60 {
        let utc = ((hour * 60 + minute) as i32 + to_utc).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// A `full-date`, `T` (or `t`), a `full-time`.
pub(super) fn is_date_time(text: &str) -> bool {
    match text.find(['T', 't']) {
        Some(t) => is_date(&text[..t]) && is_time(&text[t + 1..]),
        None => false,
    }
}

/// The value of ASCII digits; `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| match b {
        b'0'..=b'9' => Some(n * 10 + u32::from(b - b'0')),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(is_date("2000-02-29"));
        assert!(!is_date("1900-02-29"));
        assert!(!is_date("2024-04-31"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-00-10"));
        assert!(!is_date("2024-1-01"));
        assert!(!is_date("２０２４-01-01"));
    }

    #[test]
    fn times() {
        assert!(is_time("11:11:11Z"));
        assert!(is_time("11:11:11.111z"));
        assert!(is_time("11:11:11+02:00"));
        assert!(!is_time("11:11:11"));
        assert!(!is_time("11:11:11."));
        assert!(!is_time("24:00:00Z"));
        assert!(!is_time("11:11:11+2:00"));
        assert!(!is_time("11:11:11+02:60"));
        assert!(is_time("23:59:60Z"));
        assert!(!is_time("22:59:60Z"));
        assert!(is_time("00:59:60+01:00"));
        assert!(is_time("22:59:60-01:00"));
    }

    #[test]
    fn date_times() {
        assert!(is_date_time("2024-01-01T11:11:11.111Z"));
        assert!(is_date_time("2024-01-01t11:11:11z"));
        assert!(!is_date_time("2024-01-01 11:11:11Z"));
        assert!(!is_date_time("2024-01-01"));
        assert!(!is_date_time("2024-01-01TT11:11:11Z"));
    }
}
