//! UTC calendar fields from Unix time (signature dates), and back (documented
//! time formats in request parameters).

/// A UTC date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcDateTime {
    /// Converts seconds since the Unix epoch (Howard Hinnant's civil_from_days).
    pub fn from_unix(secs: u64) -> Self {
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        UtcDateTime {
            year,
            month,
            day,
            hour: (rem / 3_600) as u32,
            minute: (rem % 3_600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// `YYYY-MM-DD`
    pub fn date_dashed(&self) -> String {
        let year = match u32::try_from(self.year) {
            Ok(year) if year <= 9_999 => year,
            _ => return self.formatted("-", ""),
        };
        let mut out = String::with_capacity(10);
        push_two_digits(&mut out, year / 100);
        push_two_digits(&mut out, year % 100);
        out.push('-');
        push_two_digits(&mut out, self.month);
        out.push('-');
        push_two_digits(&mut out, self.day);
        out
    }

    /// `YYYYMMDDTHHMMSSZ`
    pub fn compact(&self) -> String {
        let year = match u32::try_from(self.year) {
            Ok(year) if year <= 9_999 => year,
            _ => return self.formatted("", "T"),
        };
        let mut out = String::with_capacity(16);
        for (i, field) in
            [year / 100, year % 100, self.month, self.day, self.hour, self.minute, self.second].into_iter().enumerate()
        {
            if i == 4 {
                out.push('T');
            }
            push_two_digits(&mut out, field);
        }
        out.push('Z');
        out
    }

    /// The same texts through `format!`, for years outside 0..=9999.
    fn formatted(&self, date_separator: &str, time_separator: &str) -> String {
        let date = format!("{:04}{date_separator}{:02}{date_separator}{:02}", self.year, self.month, self.day);
        if time_separator.is_empty() {
            return date;
        }
        format!("{date}{time_separator}{:02}{:02}{:02}Z", self.hour, self.minute, self.second)
    }
}

/// Appends `value` (below 100) as two decimal digits; signatures format dates
/// on every request, and this is several times cheaper than `format!`.
fn push_two_digits(out: &mut String, value: u32) {
    let digit = |d: u32| char::from(b'0' + (d % 10) as u8);
    out.push(digit(value / 10));
    out.push(digit(value));
}

/// Seconds since the Unix epoch of a calendar date and time of day, or `None`
/// if the fields do not name a real instant (Howard Hinnant's days_from_civil).
pub(crate) fn to_unix(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&month)
        || day == 0
        || day > month_days[month as usize - 1]
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + i64::from(hour * 3_600 + minute * 60 + second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unix_inverts_from_unix_and_refuses_impossible_dates() {
        for secs in [0u64, 951_782_400, 1_709_600_523, 1_709_596_799, 4_102_444_800, 1_234_567_890] {
            let t = UtcDateTime::from_unix(secs);
            assert_eq!(to_unix(t.year, t.month, t.day, t.hour, t.minute, t.second), Some(secs as i64), "{secs}");
        }
        assert_eq!(to_unix(2023, 2, 29, 0, 0, 0), None);
        assert_eq!(to_unix(2024, 2, 29, 0, 0, 0), Some(1_709_164_800));
        assert_eq!(to_unix(2024, 13, 1, 0, 0, 0), None);
        assert_eq!(to_unix(2024, 4, 31, 0, 0, 0), None);
        assert_eq!(to_unix(2024, 4, 30, 24, 0, 0), None);
    }

    #[test]
    fn known_instants() {
        // date -u -d @N
        let cases = [
            (0, "19700101T000000Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_600_523, "20240305T010203Z"),
            (1_709_596_799, "20240304T235959Z"),
            (4_102_444_800, "21000101T000000Z"),
        ];
        for (secs, expected) in cases {
            assert_eq!(UtcDateTime::from_unix(secs).compact(), expected, "{secs}");
        }
        assert_eq!(UtcDateTime::from_unix(1_709_600_523).date_dashed(), "2024-03-05");
        // Every path gives what `format!` gives, including years beyond 9999.
        for secs in
            [0, 59, 86_399, 951_782_400, 1_709_600_523, 4_102_444_799, 253_402_300_799, 253_402_300_800, u64::MAX]
        {
            let t = UtcDateTime::from_unix(secs);
            let (y, mo, d, h, mi, s) = (t.year, t.month, t.day, t.hour, t.minute, t.second);
            assert_eq!(t.compact(), format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z"), "{secs}");
            assert_eq!(t.date_dashed(), format!("{y:04}-{mo:02}-{d:02}"), "{secs}");
        }
    }
}
