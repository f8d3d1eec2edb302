//! The RFC 3339 grammar (section 5.6), checked by hand so that every conversion accepts the
//! same text whichever time library it feeds.

use std::fmt;

/// Text that a conversion of a [`Timestamp`](super::Timestamp) or [`Date`](super::Date) could
/// not read: not RFC 3339, or out of the target type's range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    text: String,
    expected: &'static str,
    reason: String,
}

impl TimeError {
    pub(crate) fn new(text: &str, expected: &'static str, reason: impl Into<String>) -> Self {
        TimeError {
            text: text.to_string(),
            expected,
            reason: reason.into(),
        }
    }

    /// The text that was not read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 {}: {}",
            self.text, self.expected, self.reason
        )
    }
}

impl std::error::Error for TimeError {}

pub(crate) const DATE_TIME: &str = "date-time (e.g. 2024-01-31T12:00:00Z)";
pub(crate) const FULL_DATE: &str = "full-date (e.g. 2024-01-31)";

/// A calendar date whose day exists in its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FullDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A `date-time`: the local date and time and the offset from UTC. A leap second (`:60`) is
/// read as second 59 (none of the three libraries keeps one the same way), and digits of the
/// fraction past the ninth (nanoseconds) are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub date: FullDate,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
    /// East of UTC; `Z` and `-00:00` are 0.
    pub offset_seconds: i32,
}

pub(crate) fn full_date(text: &str) -> Result<FullDate, TimeError> {
    let mut cursor = Cursor(text.as_bytes());
    let date = read_date(&mut cursor).map_err(|reason| TimeError::new(text, FULL_DATE, reason))?;
    if !cursor.0.is_empty() {
        return Err(TimeError::new(text, FULL_DATE, "text follows the day"));
    }
    Ok(date)
}

pub(crate) fn date_time(text: &str) -> Result<DateTime, TimeError> {
    read_date_time(text).map_err(|reason| TimeError::new(text, DATE_TIME, reason))
}

fn read_date_time(text: &str) -> Result<DateTime, String> {
    let mut cursor = Cursor(text.as_bytes());
    let date = read_date(&mut cursor)?;
    match cursor.next() {
        Some(b'T' | b't') => {}
        _ => return Err("expected `T` between the date and the time".into()),
    }
    let hour = cursor.number(2, "hour")?;
    cursor.expect(b':', "hour")?;
    let minute = cursor.number(2, "minute")?;
    cursor.expect(b':', "minute")?;
    let second = cursor.number(2, "second")?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!("no such time {hour:02}:{minute:02}:{second:02}"));
    }
    let mut nanosecond = 0u32;
    if cursor.0.first() == Some(&b'.') {
        cursor.next();
        let digits = cursor.digits();
        if digits.is_empty() {
            return Err("expected digits after the decimal point".into());
        }
        for (i, digit) in digits.iter().take(9).enumerate() {
            nanosecond += u32::from(digit - b'0') * 10u32.pow(8 - i as u32);
        }
    }
    let offset_seconds = match cursor.next() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = cursor.number(2, "offset hour")?;
            cursor.expect(b':', "offset hour")?;
            let minutes = cursor.number(2, "offset minute")?;
            if hours > 23 || minutes > 59 {
                return Err(format!("no such offset {hours:02}:{minutes:02}"));
            }
            let seconds = (hours as i32 * 60 + minutes as i32) * 60;
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return Err("expected the offset (`Z`, `+hh:mm` or `-hh:mm`) after the time".into()),
    };
    if !cursor.0.is_empty() {
        return Err("text follows the offset".into());
    }
    Ok(DateTime {
        date,
        hour: hour as u8,
        minute: minute as u8,
        second: second.min(59) as u8,
        nanosecond,
        offset_seconds,
    })
}

fn read_date(cursor: &mut Cursor<'_>) -> Result<FullDate, String> {
    let year = cursor.number(4, "year")?;
    cursor.expect(b'-', "year")?;
    let month = cursor.number(2, "month")?;
    cursor.expect(b'-', "month")?;
    let day = cursor.number(2, "day")?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("no such day {year:04}-{month:02}-{day:02}"));
    }
    Ok(FullDate {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn digits(&mut self) -> &[u8] {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (digits, rest) = self.0.split_at(n);
        self.0 = rest;
        digits
    }

    /// Exactly `width` ASCII digits.
    fn number(&mut self, width: usize, what: &str) -> Result<u32, String> {
        match self.0.get(..width) {
            Some(digits) if digits.iter().all(u8::is_ascii_digit) => {
                self.0 = &self.0[width..];
                Ok(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            }
            _ => Err(format!("expected the {what} as {width} digits")),
        }
    }

    fn expect(&mut self, byte: u8, after: &str) -> Result<(), String> {
        if self.next() == Some(byte) {
            Ok(())
        } else {
            Err(format!("expected `{}` after the {after}", byte as char))
        }
    }
}
