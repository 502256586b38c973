//! How a webhook's signing secret is kept: sealed ([`crate::sealed`]) and bound to its webhook's
//! id, since signing a delivery needs the secret itself (a hash would not do).

use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};

use crate::auth::SigningKey;
use crate::entities::webhook;
use crate::error::Result;
use crate::sealed::{self, Purpose, SealingKey, Unsealable};

/// What to store for webhook `id`'s new `secret`.
pub fn seal(signing: &SigningKey, id: &str, secret: &str) -> String {
    SealingKey::new(signing, Purpose::WebhookSecret).seal(secret.as_bytes(), id.as_bytes())
}

/// The secret to sign webhook `id`'s deliveries with, from what is stored. A plain secret
/// stored by an older version (sealed at the next start) is taken as it is.
pub fn open(signing: &SigningKey, id: &str, stored: &str) -> std::result::Result<String, Unsealable> {
    if !sealed::is_sealed(stored) {
        return Ok(stored.to_owned());
    }
    let plain = SealingKey::new(signing, Purpose::WebhookSecret).open(stored, id.as_bytes())?;
    String::from_utf8(plain).map_err(|_| Unsealable)
}

/// Seals the secrets an older version stored in plain text (run at start). Returns how many.
pub async fn seal_plain(db: &DatabaseConnection, signing: &SigningKey) -> Result<usize> {
    let rows = webhook::Entity::find()
        .filter(webhook::Column::Secret.not_like(format!("{}%", sealed::PREFIX)))
        .all(db)
        .await?;
    let mut n = 0;
    for w in rows {
        // Conditional on the plain value: instances starting at once seal it only once.
        let r = webhook::Entity::update_many()
            .col_expr(webhook::Column::Secret, seal(signing, &w.id, &w.secret).into())
            .filter(webhook::Column::Id.eq(&w.id))
            .filter(webhook::Column::Secret.eq(&w.secret))
            .exec(db)
            .await?;
        n += usize::try_from(r.rows_affected).unwrap_or(0);
    }
    Ok(n)
}
