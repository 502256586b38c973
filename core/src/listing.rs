//! Running listing statements (thread pages, the moderation queue) on the listing pool
//! ([`crate::db::connect_listings`]), whose PostgreSQL connections plan each statement once.
//!
//! A generic plan cannot see a bound row limit: with `LIMIT $n` PostgreSQL plans for a tenth of
//! the matching rows, so it reads and sorts the whole range where `LIMIT 21` walks an index and
//! stops (7-8 ms instead of 0.4 ms for the team's queue on the bench). The trailing limit of a
//! listing is therefore written into the statement as a literal; it is one of a few page sizes,
//! so each connection keeps a handful of statements.

use sea_orm::sea_query::Value;
use sea_orm::{
    ConnectionTrait as _, DatabaseConnection, DbBackend, QueryTrait as _, SelectThree, SelectThreeModel,
    SelectorTrait as _, Statement,
};

use crate::entities::{member, post, video};
use crate::error::Result;

pub type MediaRow = (post::Model, Option<video::Model>, Option<member::Model>);

/// The rows of a [`crate::posts::with_media`] query, its row limit written as a literal.
pub async fn all_with_media(
    db: &DatabaseConnection,
    q: SelectThree<post::Entity, video::Entity, member::Entity>,
) -> Result<Vec<MediaRow>> {
    let mut stmt = q.build(db.get_database_backend());
    inline_limit(&mut stmt);
    let rows = db.query_all(stmt).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(SelectThreeModel::<post::Model, video::Model, member::Model>::from_raw_query_result(r)?);
    }
    Ok(out)
}

/// `... LIMIT $k` with the limit bound last -> `... LIMIT 21`. Other statements are left alone.
fn inline_limit(stmt: &mut Statement) {
    if stmt.db_backend != DbBackend::Postgres {
        return;
    }
    let Some(values) = stmt.values.as_mut() else { return };
    let k = values.0.len();
    let tail = format!(" LIMIT ${k}");
    if !stmt.sql.ends_with(&tail) {
        return;
    }
    let n = match values.0.last() {
        Some(Value::BigUnsigned(Some(n))) => *n,
        Some(Value::BigInt(Some(n))) if *n >= 0 => *n as u64,
        Some(Value::Unsigned(Some(n))) => u64::from(*n),
        _ => return,
    };
    values.0.pop();
    stmt.sql.truncate(stmt.sql.len() - tail.len());
    stmt.sql.push_str(&format!(" LIMIT {n}"));
}

#[cfg(test)]
mod tests {
    use sea_orm::{EntityTrait as _, QueryFilter as _, QuerySelect as _, QueryTrait as _};

    use super::*;
    use crate::entities::post;

    #[test]
    fn the_trailing_limit_becomes_a_literal() {
        use sea_orm::ColumnTrait as _;
        let q = crate::posts::with_media(post::Entity::find().filter(post::Column::PromptId.eq("prm_1")).limit(21));
        let mut stmt = q.build(DbBackend::Postgres);
        assert!(stmt.sql.ends_with("LIMIT $2"), "{}", stmt.sql);
        inline_limit(&mut stmt);
        assert!(stmt.sql.ends_with(" LIMIT 21"), "{}", stmt.sql);
        assert_eq!(stmt.values.as_ref().map(|v| v.0.len()), Some(1));
        let mut lite = crate::posts::with_media(post::Entity::find().limit(5)).build(DbBackend::Sqlite);
        let before = lite.sql.clone();
        inline_limit(&mut lite);
        assert_eq!(lite.sql, before);
    }
}
