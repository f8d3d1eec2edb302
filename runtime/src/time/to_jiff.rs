//! Conversions to `jiff` (feature `jiff`).

use super::rfc3339::{self, DATE_TIME, FULL_DATE};
use super::{Date, TimeError, Timestamp};

impl Timestamp {
    /// The instant, as `jiff` holds one; an error for text that is not RFC 3339.
    pub fn to_jiff(&self) -> Result<jiff::Timestamp, TimeError> {
        let t = rfc3339::date_time(self.as_str())?;
        let out_of_range = |e: jiff::Error| TimeError::new(self.as_str(), DATE_TIME, e.to_string());
        let local = jiff::civil::DateTime::new(
            t.date.year as i16,
            t.date.month as i8,
            t.date.day as i8,
            t.hour as i8,
            t.minute as i8,
            t.second as i8,
            t.nanosecond as i32,
        )
        .map_err(out_of_range)?;
        jiff::tz::Offset::from_seconds(t.offset_seconds)
            .and_then(|offset| offset.to_timestamp(local))
            .map_err(out_of_range)
    }
}

impl Date {
    /// The calendar date, as `jiff` holds one; an error for text that is not a full-date.
    pub fn to_jiff(&self) -> Result<jiff::civil::Date, TimeError> {
        let d = rfc3339::full_date(self.as_str())?;
        jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map_err(|e| TimeError::new(self.as_str(), FULL_DATE, e.to_string()))
    }
}
