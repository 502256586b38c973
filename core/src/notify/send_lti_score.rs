//! Sending one LTI score delivery: the learner's completed prompt posted to the platform's line
//! item ([`crate::lti::ags`]), through the same SSRF guard switch as webhooks.

use super::sender::{Notifier, Outcome};
use crate::entities::delivery;
use crate::lti::ags::{self, Posted};
use crate::lti::egress::Egress;

impl Notifier {
    pub(super) async fn send_lti_score(&self, d: &delivery::Model) -> anyhow::Result<Outcome> {
        let egress = Egress::new(self.allow_private_webhooks);
        let status = |s: Option<u16>| s.map(i32::from);
        Ok(match ags::post(&self.db, &self.key, egress, &d.dedupe_key).await? {
            Posted::Sent(s) => Outcome::Sent(Some(i32::from(s))),
            Posted::Retry(why, s) => Outcome::Retry(why, status(s)),
            Posted::Failed(why, s) => Outcome::Failed(why, status(s)),
            Posted::Skipped(why) => Outcome::Skipped(why),
        })
    }
}
