//! A facilitator's digest of the moderation queue: counts, one line per cohort, the oldest wait.

use super::{Content, Messages};
use crate::mail::DigestCohort;

pub(super) fn digest(
    m: &Messages,
    course: &str,
    (pending, flagged): (i64, i64),
    oldest_hours: i64,
    cohorts: &[DigestCohort],
    url: &str,
) -> Content {
    let counts = [("course", course.into()), ("pending", pending.into()), ("flagged", flagged.into())];
    let subject = if pending == 0 && flagged == 0 {
        m.get("mail-digest-subject-empty", &counts)
    } else {
        m.get("mail-digest-subject", &counts)
    };
    let course_arg = [("course", course.into())];
    let mut c = Content::new(subject, (m.t("mail-digest-action"), url), m.get("mail-why-facilitator", &course_arg));
    c.paragraphs.push(m.get("mail-digest-intro", &course_arg));
    c.list.push(m.get("mail-digest-waiting", &[("count", pending.into())]));
    c.list.push(m.get("mail-digest-flagged", &[("count", flagged.into())]));
    for cohort in cohorts {
        c.list.push(m.get(
            "mail-digest-cohort",
            &[
                ("cohort", cohort.name.as_str().into()),
                ("pending", cohort.pending.into()),
                ("flagged", cohort.flagged.into()),
            ],
        ));
    }
    if pending + flagged > 0 {
        // Under an hour, then hours up to two days, then whole days.
        let (unit, n) = match oldest_hours {
            h if h < 1 => ("none", 0),
            h if h < 48 => ("hours", h),
            h => ("days", h / 24),
        };
        c.after.push(m.get("mail-digest-oldest", &[("unit", unit.into()), ("n", n.into())]));
    }
    c
}
