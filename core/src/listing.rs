//! Loading posts with their video and author in one statement ([`all_with_media`]): thread pages
//! and the moderation queue, which run on the listing pool ([`crate::db::connect_listings`]) whose
//! PostgreSQL connections plan each statement once, and a member's own answers and whole threads.
//!
//! A generic plan cannot see a bound row limit: with `LIMIT $n` PostgreSQL plans for a tenth of
//! the matching rows, so it reads and sorts the whole range where `LIMIT 21` walks an index and
//! stops (7-8 ms instead of 0.4 ms for the team's queue on the bench). The trailing limit of a
//! listing is therefore written into the statement as a literal; it is one of a few page sizes,
//! so each connection keeps a handful of statements.
//!
//! Rows are decoded by position, not by name: a page of 20 threads is ~80 rows of 48 columns, and
//! looking each column up by its name (a hash of `"A_moderation_reason"` per value) was a sixth of
//! the API's CPU per listing. The column lists and the decoders come from one list of field names
//! per model (`by_position!`), so they cannot disagree, and a model's new field is a compile error
//! here until it is listed.

use sea_orm::sea_query::Value;
use sea_orm::{
    ConnectionTrait as _, DatabaseConnection, DbBackend, DbErr, EntityTrait as _, JoinType, QueryResult,
    QuerySelect as _, QueryTrait as _, Select, Statement,
};

use crate::entities::{member, post, video};
use crate::error::Result;

pub type MediaRow = (post::Model, Option<video::Model>, Option<member::Model>);

/// `columns()`: the model's columns in the listed order; `decode(row, at)`: the model from the
/// row's values at `at..at + N`; `N`: how many.
macro_rules! by_position {
    ($m:ident, [$($f:ident),+ $(,)?]) => {
        pub const N: usize = [$(stringify!($f)),+].len();

        pub fn columns() -> Vec<$m::Column> {
            vec![$(<$m::Column as std::str::FromStr>::from_str(stringify!($f)).expect("a column of the model")),+]
        }

        pub fn decode(row: &QueryResult, at: usize) -> std::result::Result<$m::Model, DbErr> {
            let mut i = at;
            $(
                let $f = row.try_get_by_index(i)?;
                i += 1;
            )+
            debug_assert_eq!(i, at + N);
            Ok($m::Model { $($f),+ })
        }
    };
}

mod post_cols {
    use super::*;
    by_position!(
        post,
        [
            id,
            course_id,
            prompt_id,
            author_id,
            parent_id,
            root_id,
            depth,
            text,
            state,
            video_id,
            created_at,
            updated_at,
            last_activity_at,
            cohort_id,
            open_flags,
            moderation_reason,
            moderated_at,
            queued_at,
            reply_count,
        ]
    );
}

mod video_cols {
    use super::*;
    by_position!(
        video,
        [
            id,
            post_id,
            upload_id,
            course_id,
            status,
            progress,
            reason,
            duration_ms,
            width,
            height,
            has_audio,
            meta,
            source_bytes,
            output_bytes,
            created_at,
            updated_at,
            ready_at,
            caption_langs,
        ]
    );
}

mod member_cols {
    use super::*;
    by_position!(
        member,
        [id, course_id, external_id, role, display_name, email, country, languages, locale, created_at, updated_at,]
    );
}

/// The posts of `q` with their video and author (LEFT JOINs: `None` when that row is missing),
/// the row limit written as a literal, decoded by position.
pub async fn all_with_media(db: &DatabaseConnection, q: Select<post::Entity>) -> Result<Vec<MediaRow>> {
    let mut stmt = with_media(q).build(db.get_database_backend());
    inline_limit(&mut stmt);
    decode(db.query_all(stmt).await?)
}

/// [`all_with_media`] with the reasons of each post's open flags (a reason once per flag), read in
/// the same statement: a subquery per post of the page on `ix_flags_post`, evaluated after the
/// page's limit, instead of a second statement and round trip (the moderation queue).
pub async fn all_with_media_and_open_flags(
    db: &DatabaseConnection,
    q: Select<post::Entity>,
) -> Result<Vec<(MediaRow, Vec<String>)>> {
    let backend = db.get_database_backend();
    let reasons = sea_orm::sea_query::Expr::cust(format!(
        "(SELECT {} FROM \"flags\" WHERE \"flags\".\"post_id\" = \"posts\".\"id\" AND \"flags\".\"status\" = 'open')",
        crate::db::comma_list(backend, "\"flags\".\"reason\"")
    ));
    let mut stmt = with_media(q).expr(reasons).build(backend);
    inline_limit(&mut stmt);
    let rows = db.query_all(stmt).await?;
    let at = post_cols::N + video_cols::N + member_cols::N;
    let mut reasons = Vec::with_capacity(rows.len());
    for r in &rows {
        // Flag reasons are the taxonomy's words: never a comma.
        let list: Option<String> = r.try_get_by_index(at)?;
        reasons.push(list.map(|l| l.split(',').map(str::to_owned).collect()).unwrap_or_default());
    }
    Ok(decode(rows)?.into_iter().zip(reasons).collect())
}

fn with_media(q: Select<post::Entity>) -> Select<post::Entity> {
    q.select_only()
        .columns(post_cols::columns())
        .join(JoinType::LeftJoin, post_video())
        .join(JoinType::LeftJoin, post_author())
        .columns(video_cols::columns())
        .columns(member_cols::columns())
}

/// `SELECT <the columns of all_with_media> FROM posts LEFT JOIN videos .. LEFT JOIN members ..` in
/// PostgreSQL's dialect, for a statement written by hand ([`raw_with_media`]) and decoded the same
/// way: [`all_with_media`]'s own select, built once.
pub fn select_with_media() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| with_media(post::Entity::find()).build(DbBackend::Postgres).sql)
}

/// The rows of a statement that starts with [`select_with_media`], decoded by position.
pub async fn raw_with_media(db: &DatabaseConnection, sql: String, values: Vec<Value>) -> Result<Vec<MediaRow>> {
    let stmt = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    decode(db.query_all(stmt).await?)
}

fn decode(rows: Vec<QueryResult>) -> Result<Vec<MediaRow>> {
    let (v, m) = (post_cols::N, post_cols::N + video_cols::N);
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let post = post_cols::decode(r, 0)?;
        let video = match r.try_get_by_index::<Option<String>>(v)? {
            Some(_) => Some(video_cols::decode(r, v)?),
            None => None,
        };
        let author = match r.try_get_by_index::<Option<String>>(m)? {
            Some(_) => Some(member_cols::decode(r, m)?),
            None => None,
        };
        out.push((post, video, author));
    }
    Ok(out)
}

fn post_video() -> sea_orm::RelationDef {
    post::Entity::belongs_to(video::Entity).from(post::Column::VideoId).to(video::Column::Id).into()
}

fn post_author() -> sea_orm::RelationDef {
    post::Entity::belongs_to(member::Entity).from(post::Column::AuthorId).to(member::Column::Id).into()
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
    use sea_orm::{QueryFilter as _, QuerySelect as _};

    use super::*;

    #[test]
    fn the_trailing_limit_becomes_a_literal() {
        use sea_orm::ColumnTrait as _;
        let q = post::Entity::find().filter(post::Column::PromptId.eq("prm_1")).limit(21);
        let mut stmt = q.build(DbBackend::Postgres);
        assert!(stmt.sql.ends_with("LIMIT $2"), "{}", stmt.sql);
        inline_limit(&mut stmt);
        assert!(stmt.sql.ends_with(" LIMIT 21"), "{}", stmt.sql);
        assert_eq!(stmt.values.as_ref().map(|v| v.0.len()), Some(1));
        let mut lite = post::Entity::find().limit(5).build(DbBackend::Sqlite);
        let before = lite.sql.clone();
        inline_limit(&mut lite);
        assert_eq!(lite.sql, before);
    }
}
