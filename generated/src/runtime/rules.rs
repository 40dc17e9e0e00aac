//! Checks of documented input constraints, called by the generated
//! `Operation::validate` before anything is sent. Each failure names the
//! parameter (its wire name) and the rule, quoting the documentation.

use super::error::InvalidInput;
use super::time::{UtcDateTime, to_unix};

/// A time format documented for a request parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeFormat {
    /// `yyyy-MM-ddTHH:mm:ssZ`, UTC (`2018-05-19T21:00:00Z`).
    IsoUtc,
    /// `yyyy-MM-dd HH:mm:ss`, the service's local time (`2024-07-16 18:46:08`).
    DateTimeSpace,
    /// ISO 8601 to the second, in UTC or with an offset: `2019-01-08T10:00:00Z` or
    /// `2019-01-08T18:00:00+08:00`.
    Iso8601,
}

impl TimeFormat {
    /// The format as the documentation writes it.
    pub fn pattern(self) -> &'static str {
        match self {
            TimeFormat::IsoUtc => "yyyy-MM-ddTHH:mm:ssZ",
            TimeFormat::DateTimeSpace => "yyyy-MM-dd HH:mm:ss",
            TimeFormat::Iso8601 => "ISO 8601 (yyyy-MM-ddTHH:mm:ssZ, or an offset such as +08:00 for the Z)",
        }
    }

    /// Writes the instant `unix_seconds` (at or after 1970) in this format, as UTC.
    pub fn format(self, unix_seconds: u64) -> String {
        let t = UtcDateTime::from_unix(unix_seconds);
        let (separator, suffix) = match self {
            TimeFormat::IsoUtc | TimeFormat::Iso8601 => ('T', "Z"),
            TimeFormat::DateTimeSpace => (' ', ""),
        };
        format!(
            "{:04}-{:02}-{:02}{separator}{:02}:{:02}:{:02}{suffix}",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        )
    }

    /// Seconds since the Unix epoch of `value` (read as UTC unless it gives an
    /// offset), or `None` if it does not follow the format exactly or names no
    /// real instant.
    pub fn parse(self, value: &str) -> Option<i64> {
        if self == TimeFormat::Iso8601 {
            return Self::parse_offset(value);
        }
        let b = value.as_bytes();
        let (len, separator, suffix) = match self {
            TimeFormat::IsoUtc | TimeFormat::Iso8601 => (20, b'T', Some(b'Z')),
            TimeFormat::DateTimeSpace => (19, b' ', None),
        };
        let shape_ok = b.len() == len
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == separator
            && b[13] == b':'
            && b[16] == b':'
            && suffix.is_none_or(|z| b[19] == z);
        if !shape_ok {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = &b[range];
            digits.iter().all(u8::is_ascii_digit).then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        to_unix(
            i64::from(number(0..4)?),
            number(5..7)?,
            number(8..10)?,
            number(11..13)?,
            number(14..16)?,
            number(17..19)?,
        )
    }

    /// ISO 8601 to the second: `Z`, or `+HH:MM` / `-HH:MM` east or west of UTC.
    fn parse_offset(value: &str) -> Option<i64> {
        let (local, offset) = value.split_at_checked(19)?;
        let local = TimeFormat::IsoUtc.parse(&format!("{local}Z"))?;
        let east = match offset.as_bytes() {
            b"Z" => return Some(local),
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) => {
                let (hours, minutes) =
                    (i64::from((h1 - b'0') * 10 + (h2 - b'0')), i64::from((m1 - b'0') * 10 + (m2 - b'0')));
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let seconds = hours * 3600 + minutes * 60;
                if *sign == b'+' { seconds } else { -seconds }
            }
            _ => return None,
        };
        Some(local - east)
    }
}

/// `value` of parameter `field` must follow `format`; returns its instant.
#[doc(hidden)]
pub fn time(field: &'static str, value: &str, format: TimeFormat) -> Result<i64, InvalidInput> {
    format.parse(value).ok_or_else(|| {
        InvalidInput::new(field, format!("must be a time in the format {} (got {value:?})", format.pattern()))
    })
}

/// `value` is at most `max` characters (Unicode scalar values) long.
#[doc(hidden)]
pub fn max_chars(field: &'static str, value: &str, max: usize) -> Result<(), InvalidInput> {
    let length = value.chars().count();
    if length > max {
        return Err(InvalidInput::new(field, format!("must be at most {max} characters long (got {length})")));
    }
    Ok(())
}

/// `value` is at most `max` bytes long in UTF-8, where a Chinese character takes three.
#[doc(hidden)]
pub fn max_bytes(field: &'static str, value: &str, max: usize) -> Result<(), InvalidInput> {
    if value.len() > max {
        return Err(InvalidInput::new(
            field,
            format!("must be at most {max} bytes long in UTF-8 (got {})", value.len()),
        ));
    }
    Ok(())
}

/// `field` may only be given when `required` is.
#[doc(hidden)]
pub fn requires(
    (field, given): (&'static str, bool),
    (required, required_given): (&'static str, bool),
    documented: &str,
) -> Result<(), InvalidInput> {
    if given && !required_given {
        return Err(InvalidInput::new(field, format!("is set but `{required}` is not: {documented}")));
    }
    Ok(())
}

/// The fields take effect only when given together: all or none.
#[doc(hidden)]
pub fn together(fields: &[(&'static str, bool)], documented: &str) -> Result<(), InvalidInput> {
    let set: Vec<&str> = fields.iter().filter(|(_, given)| *given).map(|(name, _)| *name).collect();
    if set.is_empty() || set.len() == fields.len() {
        return Ok(());
    }
    let (missing, _) = fields.iter().find(|(_, given)| !given).copied().unwrap_or(("", false));
    Err(InvalidInput::new(missing, format!("is not set while `{}` is: {documented}", set.join("`, `"))))
}

/// The time from `start` to `end` is at most `days` days.
#[doc(hidden)]
pub fn max_span(
    (start_field, start): (&'static str, i64),
    (end_field, end): (&'static str, i64),
    days: u32,
    documented: &str,
) -> Result<(), InvalidInput> {
    if end - start > i64::from(days) * 86_400 {
        return Err(InvalidInput::new(
            end_field,
            format!("is more than {days} days after `{start_field}`: {documented}"),
        ));
    }
    Ok(())
}

/// `end` is later than `start`.
#[doc(hidden)]
pub fn end_after_start(
    (start_field, start): (&'static str, i64),
    (end_field, end): (&'static str, i64),
    documented: &str,
) -> Result<(), InvalidInput> {
    if end <= start {
        return Err(InvalidInput::new(end_field, format!("is not later than `{start_field}`: {documented}")));
    }
    Ok(())
}

/// `value` lies at most `days` days after `now` (Unix seconds).
#[doc(hidden)]
pub fn within_next(field: &'static str, value: i64, days: u32, now: u64, documented: &str) -> Result<(), InvalidInput> {
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    if value > now.saturating_add(i64::from(days) * 86_400) {
        return Err(InvalidInput::new(field, format!("is more than {days} days ahead: {documented}")));
    }
    Ok(())
}

/// `value` lies within the `days` days before `now` (Unix seconds).
#[doc(hidden)]
pub fn within_last(field: &'static str, value: i64, days: u32, now: u64, documented: &str) -> Result<(), InvalidInput> {
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    if value < now - i64::from(days) * 86_400 {
        return Err(InvalidInput::new(field, format!("is more than {days} days ago: {documented}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_or_bytes() {
        assert!(max_chars("Name", "直播名称", 4).is_ok());
        let refused = max_chars("Name", "直播名称!", 4).unwrap_err().to_string();
        assert!(refused.contains("must be at most 4 characters long (got 5)"), "{refused}");
        assert!(max_bytes("Name", "直播", 6).is_ok());
        let refused = max_bytes("Name", "直播!", 6).unwrap_err().to_string();
        assert!(refused.contains("must be at most 6 bytes long in UTF-8 (got 7)"), "{refused}");
    }

    #[test]
    fn times_parse_only_in_their_documented_format() {
        assert_eq!(TimeFormat::IsoUtc.parse("2018-05-19T21:00:00Z"), Some(1_526_763_600));
        assert_eq!(TimeFormat::DateTimeSpace.parse("2018-05-19 21:00:00"), Some(1_526_763_600));
        assert_eq!(TimeFormat::IsoUtc.format(1_526_763_600), "2018-05-19T21:00:00Z");
        assert_eq!(TimeFormat::DateTimeSpace.format(1_526_763_600), "2018-05-19 21:00:00");
        for bad in [
            "2018-05-19 21:00:00",
            "2018-05-19T21:00:00",
            "2018-5-19T21:00:00Z",
            "2018-02-30T00:00:00Z",
            "2018-05-19T21:00:00+08:00",
            "２018-05-19T21:00:00Z",
            "",
        ] {
            assert_eq!(TimeFormat::IsoUtc.parse(bad), None, "{bad}");
        }
        let utc = Some(1_546_941_600);
        assert_eq!(TimeFormat::Iso8601.parse("2019-01-08T10:00:00Z"), utc);
        assert_eq!(TimeFormat::Iso8601.parse("2019-01-08T18:00:00+08:00"), utc);
        assert_eq!(TimeFormat::Iso8601.parse("2019-01-08T05:30:00-04:30"), utc);
        for bad in [
            "2019-01-08T10:00:00",
            "2019-01-08 10:00:00Z",
            "2019-01-08T18:00:00+0800",
            "2019-01-08T18:00:00+24:00",
            "2019-01-08T18:00:00+08:00 ",
            "2019-01-0８T10:00:00Z",
        ] {
            assert_eq!(TimeFormat::Iso8601.parse(bad), None, "{bad}");
        }
        assert_eq!(TimeFormat::Iso8601.format(1_546_941_600), "2019-01-08T10:00:00Z");
        let e = time("start_time", "yesterday", TimeFormat::IsoUtc).unwrap_err();
        assert_eq!(
            e.to_string(),
            "parameter `start_time`: must be a time in the format yyyy-MM-ddTHH:mm:ssZ (got \"yesterday\")"
        );
    }

    #[test]
    fn rules_name_the_parameter_and_quote_the_page() {
        assert!(requires(("end_time", false), ("start_time", false), "doc").is_ok());
        assert!(requires(("end_time", true), ("start_time", true), "doc").is_ok());
        let e = requires(("end_time", true), ("start_time", false), "start_time不存在、end_time存在时，请求非法。")
            .unwrap_err();
        assert_eq!(e.field(), "end_time");
        assert_eq!(e.rule(), "is set but `start_time` is not: start_time不存在、end_time存在时，请求非法。");

        assert!(together(&[("PageNum", false), ("PageSize", false)], "doc").is_ok());
        assert!(together(&[("PageNum", true), ("PageSize", true)], "doc").is_ok());
        let e = together(&[("PageNum", true), ("PageSize", false)], "doc").unwrap_err();
        assert_eq!((e.field(), e.rule()), ("PageSize", "is not set while `PageNum` is: doc"));

        let day = 86_400;
        assert!(max_span(("start_time", 0), ("end_time", 30 * day), 30, "doc").is_ok());
        let e = max_span(("start_time", 0), ("end_time", 30 * day + 1), 30, "doc").unwrap_err();
        assert_eq!((e.field(), e.rule()), ("end_time", "is more than 30 days after `start_time`: doc"));

        let now = 100 * day as u64;
        assert!(within_last("start_time", 10 * day, 90, now, "doc").is_ok());
        assert!(within_last("start_time", 10 * day - 1, 90, now, "doc").is_err());
        assert!(within_next("ExpireTime", 107 * day, 7, now, "doc").is_ok());
        let e = within_next("ExpireTime", 107 * day + 1, 7, now, "doc").unwrap_err();
        assert_eq!((e.field(), e.rule()), ("ExpireTime", "is more than 7 days ahead: doc"));
        assert!(within_next("ExpireTime", i64::MAX, 7, u64::MAX, "doc").is_ok(), "no overflow");

        assert!(end_after_start(("StartTime", 0), ("EndTime", 1), "doc").is_ok());
        let e = end_after_start(("StartTime", 1), ("EndTime", 1), "doc").unwrap_err();
        assert_eq!((e.field(), e.rule()), ("EndTime", "is not later than `StartTime`: doc"));
    }
}
