//! Signed one-click unsubscribe links (RFC 8058): the token, its check, and turning a category off.

use base64::Engine as _;
use sea_orm::{DatabaseConnection, EntityTrait as _};

use super::preferences::{update_preferences, Category, PreferencesPatch};
use super::B64;
use crate::auth::SigningKey;
use crate::entities::member;
use crate::error::{Error, Result};

/// The token of a signed unsubscribe link: which member, which category, and an HMAC of both.
pub fn unsubscribe_token(key: &SigningKey, member_id: &str, category: Category) -> String {
    let body = format!("{member_id}.{}", category.as_str());
    let sig = key.sign(format!("unsubscribe.{body}").as_bytes());
    format!("{body}.{}", B64.encode(&sig[..16]))
}

fn verify_unsubscribe(key: &SigningKey, token: &str) -> Option<(String, Category)> {
    let mut parts = token.splitn(3, '.');
    let (member_id, cat, sig) = (parts.next()?, parts.next()?, parts.next()?);
    let category = Category::parse(cat)?;
    let sig = B64.decode(sig).ok()?;
    let expected = key.sign(format!("unsubscribe.{member_id}.{cat}").as_bytes());
    (sig.len() == 16 && subtle::ConstantTimeEq::ct_eq(&sig[..], &expected[..16]).into())
        .then(|| (member_id.to_owned(), category))
}

/// What an unsubscribe link is about, for its confirmation page.
pub struct Unsubscribe {
    pub member: member::Model,
    pub category: Category,
}

/// Checks a link's token; `Err(NotFound)` when tampered or the member is gone.
pub async fn check_unsubscribe(db: &DatabaseConnection, key: &SigningKey, token: &str) -> Result<Unsubscribe> {
    let (member_id, category) = verify_unsubscribe(key, token).ok_or(Error::NotFound("unsubscribe link"))?;
    let member = member::Entity::find_by_id(member_id).one(db).await?.ok_or(Error::NotFound("unsubscribe link"))?;
    Ok(Unsubscribe { member, category })
}

/// Turns the link's category off (one click, RFC 8058). Repeating it changes nothing.
pub async fn unsubscribe(db: &DatabaseConnection, key: &SigningKey, token: &str) -> Result<Unsubscribe> {
    let u = check_unsubscribe(db, key, token).await?;
    let mut patch = PreferencesPatch::default();
    let off = Some(false);
    match u.category {
        Category::Replies => patch.replies = off,
        Category::VideoStatus => patch.video_status = off,
        Category::Moderation => patch.moderation = off,
        Category::Digest => patch.digest = off,
        Category::Nudges => patch.nudges = off,
    }
    update_preferences(db, &u.member.id, patch).await?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_tokens_are_signed() {
        let key = SigningKey::from_bytes(b"k");
        let t = unsubscribe_token(&key, "mem_1", Category::Replies);
        assert_eq!(verify_unsubscribe(&key, &t), Some(("mem_1".into(), Category::Replies)));
        assert_eq!(verify_unsubscribe(&key, &t.replace("replies", "digest")), None);
        assert_eq!(verify_unsubscribe(&key, &t.replace("mem_1", "mem_2")), None);
        assert_eq!(verify_unsubscribe(&SigningKey::from_bytes(b"other"), &t), None);
    }
}
