//! Members who left the platform's course: marked inactive (never deleted with their videos),
//! and active again when the platform lists them again.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, Set};

use super::entities::inactive_member;
use crate::error::Result;

/// Marks `left` inactive and `active` active again; returns how many are inactive now.
pub async fn mark(db: &DatabaseConnection, course_id: &str, left: &[String], active: &[String]) -> Result<u64> {
    for chunk in active.chunks(500) {
        inactive_member::Entity::delete_many()
            .filter(inactive_member::Column::MemberId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    let now = Utc::now();
    for chunk in left.chunks(200) {
        let rows = chunk.iter().map(|id| inactive_member::ActiveModel {
            member_id: Set(id.clone()),
            course_id: Set(course_id.to_owned()),
            since: Set(now),
        });
        inactive_member::Entity::insert_many(rows)
            .on_conflict(OnConflict::column(inactive_member::Column::MemberId).do_nothing().to_owned())
            .do_nothing()
            .exec(db)
            .await?;
    }
    Ok(left.len() as u64)
}

/// Whether a member is marked inactive.
pub async fn is_inactive(db: &DatabaseConnection, member_id: &str) -> Result<bool> {
    Ok(inactive_member::Entity::find_by_id(member_id).one(db).await?.is_some())
}
