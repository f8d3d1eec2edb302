//! Conversions to `chrono` (feature `chrono`).

use chrono::TimeZone;

use super::rfc3339::{self, DATE_TIME, FULL_DATE};
use super::{Date, TimeError, Timestamp};

impl Timestamp {
    /// The instant with the offset it was written in; an error for text that is not RFC 3339.
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, TimeError> {
        let t = rfc3339::date_time(self.as_str())?;
        let error = |reason: &str| TimeError::new(self.as_str(), DATE_TIME, reason);
        let local = chrono::NaiveDate::from_ymd_opt(
            i32::from(t.date.year),
            u32::from(t.date.month),
            u32::from(t.date.day),
        )
        .and_then(|date| {
            date.and_hms_nano_opt(
                u32::from(t.hour),
                u32::from(t.minute),
                u32::from(t.second),
                t.nanosecond,
            )
        })
        .ok_or_else(|| error("out of chrono's range"))?;
        let offset = chrono::FixedOffset::east_opt(t.offset_seconds)
            .ok_or_else(|| error("offset out of chrono's range"))?;
        offset
            .from_local_datetime(&local)
            .single()
            .ok_or_else(|| error("out of chrono's range"))
    }
}

impl Date {
    /// The calendar date; an error for text that is not a full-date.
    pub fn to_chrono(&self) -> Result<chrono::NaiveDate, TimeError> {
        let d = rfc3339::full_date(self.as_str())?;
        chrono::NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            .ok_or_else(|| TimeError::new(self.as_str(), FULL_DATE, "out of chrono's range"))
    }
}
