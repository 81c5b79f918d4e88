//! The CLI owns the clock: today's date, or `SOURCE_DATE_EPOCH`'s.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today (UTC) as `YYYY-MM-DD`; `SOURCE_DATE_EPOCH` wins when set, so builds
/// can be reproduced.
pub(crate) fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0)
        });
    civil_date(seconds.div_euclid(86_400))
}

/// The time `SOURCE_DATE_EPOCH` says, else `fallback` (seconds since the
/// epoch), else now, as `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn timestamp(fallback: Option<i64>) -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .or(fallback)
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0)
        });
    let time = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        civil_date(seconds.div_euclid(86_400)),
        time / 3600,
        time / 60 % 60,
        time % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(20_784), "2026-11-27");
    }

    #[test]
    fn timestamps_fall_back_to_the_given_time() {
        if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
            assert_eq!(
                super::timestamp(Some(1_767_225_661)),
                "2026-01-01T00:01:01Z"
            );
        }
    }
}
