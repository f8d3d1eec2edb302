//! Conversions to `time` (feature `time`).

use super::rfc3339::{self, DATE_TIME, FULL_DATE};
use super::{Date, TimeError, Timestamp};

fn date(d: rfc3339::FullDate) -> Result<time::Date, String> {
    let month = time::Month::try_from(d.month).map_err(|e| e.to_string())?;
    time::Date::from_calendar_date(i32::from(d.year), month, d.day).map_err(|e| e.to_string())
}

impl Timestamp {
    /// The instant with the offset it was written in; an error for text that is not RFC 3339.
    pub fn to_time(&self) -> Result<time::OffsetDateTime, TimeError> {
        let t = rfc3339::date_time(self.as_str())?;
        let read = || -> Result<time::OffsetDateTime, String> {
            let clock = time::Time::from_hms_nano(t.hour, t.minute, t.second, t.nanosecond)
                .map_err(|e| e.to_string())?;
            let offset =
                time::UtcOffset::from_whole_seconds(t.offset_seconds).map_err(|e| e.to_string())?;
            Ok(time::PrimitiveDateTime::new(date(t.date)?, clock).assume_offset(offset))
        };
        read().map_err(|reason| TimeError::new(self.as_str(), DATE_TIME, reason))
    }
}

impl Date {
    /// The calendar date; an error for text that is not a full-date.
    pub fn to_time(&self) -> Result<time::Date, TimeError> {
        let d = rfc3339::full_date(self.as_str())?;
        date(d).map_err(|reason| TimeError::new(self.as_str(), FULL_DATE, reason))
    }
}
