//! Captions: WebVTT files per post and language, written by the post's author, the facilitators
//! of its cohort and the course team. Each is checked strictly ([`vtt`]), stored at
//! `videos/{video_id}/captions/{lang}.vtt` (so whatever removes a video's objects removes its
//! captions too), and listed on the video (`videos.caption_langs`). Edits by anyone other than
//! the author are written to the audit log.

use std::path::Path;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Set, TransactionTrait as _,
};

use crate::auth::Principal;
use crate::entities::post::PostState;
use crate::entities::{audit_entry, caption, course, post, video};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::storage::Storage;
use crate::visibility::{Sight, Viewer};

pub mod vtt;

/// A stored caption file, as a page or the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionInfo {
    pub post_id: String,
    pub lang: String,
    /// Object key; hand it out only as a signed URL.
    pub key: String,
    pub bytes: i64,
    pub cues: usize,
    pub updated_at: DateTime<Utc>,
}

/// A language tag (BCP 47 shape: `en`, `pt-BR`, `zh-Hant-TW`), lowercased; `invalid_language` otherwise.
pub fn language(tag: &str) -> Result<String> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok = tag.len() <= 35
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        return Err(Error::invalid(
            "invalid_language",
            "the caption language must be a language tag such as en, fr or pt-BR",
        ));
    }
    Ok(tag.to_ascii_lowercase())
}

/// Where a video's caption in `lang` is stored.
pub fn key(video_id: &str, lang: &str) -> String {
    format!("videos/{video_id}/captions/{lang}.vtt")
}

/// The caption languages of a video, sorted.
pub fn langs(v: &video::Model) -> Vec<&str> {
    v.caption_langs.split(',').filter(|l| !l.is_empty()).collect()
}

fn actor_id(by: &Principal) -> (&'static str, String) {
    match by {
        Principal::Team { team_id, .. } => ("team", team_id.clone()),
        Principal::Member { member, .. } => ("member", member.id.clone()),
    }
}

/// The post if `by` may edit its captions: author, facilitator of its cohort, or the team.
/// Posts the caller cannot see (and deleted posts) are not found.
async fn editable(db: &DatabaseConnection, by: &Principal, post_id: &str) -> Result<(post::Model, bool)> {
    let p = crate::posts::find(db, post_id).await?;
    let c = course::Entity::find_by_id(&p.course_id).one(db).await?.ok_or(Error::NotFound("post"))?;
    let viewer = Viewer::of(by);
    if viewer.sight(&c, &p) != Sight::Full || p.state == PostState::Deleted {
        return Err(Error::NotFound("post"));
    }
    let author = viewer.member().is_some_and(|m| m.id == p.author_id);
    if !author && !viewer.moderates(&c, p.cohort_id.as_deref()) {
        return Err(Error::forbidden(
            "not_caption_editor",
            "only the author, the cohort's facilitators and the course team may change captions",
        ));
    }
    Ok((p, author))
}

/// Stores (or replaces) the caption of `post_id` in `lang`. `tmp_dir` holds the file on its way
/// into the store.
#[tracing::instrument(skip_all, fields(post_id = %post_id, lang = %lang), err)]
pub async fn put(
    db: &DatabaseConnection,
    storage: &Storage,
    tmp_dir: &Path,
    by: &Principal,
    post_id: &str,
    lang: &str,
    body: &[u8],
) -> Result<CaptionInfo> {
    let lang = language(lang)?;
    let (p, author) = editable(db, by, post_id).await?;
    let summary = vtt::validate(body)?;
    let key = key(&p.video_id, &lang);
    tokio::fs::create_dir_all(tmp_dir).await.map_err(|e| anyhow::anyhow!(e).context("creating temp dir"))?;
    let tmp = tmp_dir.join(format!("caption-{}", uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&tmp, body).await.map_err(|e| anyhow::anyhow!(e).context("writing caption temp file"))?;
    let stored = storage.put_file(&key, &tmp, "text/vtt").await;
    let _ = tokio::fs::remove_file(&tmp).await;
    stored?;

    let now = Utc::now();
    let (_, actor) = actor_id(by);
    let txn = db.begin().await?;
    lock_video(&txn, &p.video_id).await?;
    caption::Entity::insert(caption::ActiveModel {
        post_id: Set(p.id.clone()),
        lang: Set(lang.clone()),
        key: Set(key.clone()),
        bytes: Set(i64::try_from(body.len()).unwrap_or(i64::MAX)),
        updated_by: Set(actor),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([caption::Column::PostId, caption::Column::Lang])
            .update_columns([
                caption::Column::Key,
                caption::Column::Bytes,
                caption::Column::UpdatedBy,
                caption::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    sync_langs(&txn, &p).await?;
    if !author {
        audit(&txn, by, &p, "caption_update", &format!("captions in {lang} uploaded ({} cues)", summary.cues)).await?;
    }
    txn.commit().await?;
    Ok(CaptionInfo {
        post_id: p.id,
        lang,
        key,
        bytes: i64::try_from(body.len()).unwrap_or(i64::MAX),
        cues: summary.cues,
        updated_at: now,
    })
}

/// Deletes the caption of `post_id` in `lang` (`not_found` when there is none).
#[tracing::instrument(skip_all, fields(post_id = %post_id, lang = %lang), err)]
pub async fn delete(
    db: &DatabaseConnection,
    storage: &Storage,
    by: &Principal,
    post_id: &str,
    lang: &str,
) -> Result<()> {
    let lang = language(lang)?;
    let (p, author) = editable(db, by, post_id).await?;
    let row =
        caption::Entity::find_by_id((p.id.clone(), lang.clone())).one(db).await?.ok_or(Error::NotFound("caption"))?;
    // The object first: a failure leaves the row, and the DELETE can be repeated.
    storage.delete(&row.key).await?;
    let txn = db.begin().await?;
    lock_video(&txn, &p.video_id).await?;
    caption::Entity::delete_by_id((p.id.clone(), lang.clone())).exec(&txn).await?;
    sync_langs(&txn, &p).await?;
    if !author {
        audit(&txn, by, &p, "caption_delete", &format!("captions in {lang} deleted")).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The captions of a post, by language.
pub async fn list(db: &impl ConnectionTrait, post_id: &str) -> Result<Vec<caption::Model>> {
    Ok(caption::Entity::find()
        .filter(caption::Column::PostId.eq(post_id))
        .order_by_asc(caption::Column::Lang)
        .all(db)
        .await?)
}

/// Serializes caption changes of one video (a row lock on PostgreSQL, the write lock on SQLite),
/// so two languages written together both end up in `caption_langs`.
async fn lock_video(conn: &impl ConnectionTrait, video_id: &str) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::UpdatedAt, Expr::col(video::Column::UpdatedAt).into())
        .filter(video::Column::Id.eq(video_id))
        .exec(conn)
        .await?;
    Ok(())
}

async fn sync_langs(conn: &impl ConnectionTrait, p: &post::Model) -> Result<()> {
    let langs: Vec<String> = caption::Entity::find()
        .select_only()
        .column(caption::Column::Lang)
        .filter(caption::Column::PostId.eq(&p.id))
        .order_by_asc(caption::Column::Lang)
        .into_tuple()
        .all(conn)
        .await?;
    video::Entity::update_many()
        .col_expr(video::Column::CaptionLangs, langs.join(",").into())
        .filter(video::Column::Id.eq(&p.video_id))
        .exec(conn)
        .await?;
    Ok(())
}

async fn audit(conn: &impl ConnectionTrait, by: &Principal, p: &post::Model, action: &str, reason: &str) -> Result<()> {
    use sea_orm::ActiveModelTrait as _;
    let (kind, id) = actor_id(by);
    audit_entry::ActiveModel {
        id: Set(new_id("aud")),
        course_id: Set(p.course_id.clone()),
        cohort_id: Set(p.cohort_id.clone()),
        actor_kind: Set(kind.into()),
        actor_id: Set(id),
        action: Set(action.into()),
        post_id: Set(Some(p.id.clone())),
        subject_member_id: Set(Some(p.author_id.clone())),
        reason: Set(reason.to_owned()),
        note: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_tags() {
        assert_eq!(super::language("pt-BR").unwrap(), "pt-br");
        assert_eq!(super::language("en").unwrap(), "en");
        for bad in ["", "e", "english", "en_US", "../x", "en-", "fr-123456789", "é"] {
            assert_eq!(super::language(bad).unwrap_err().code(), "invalid_language", "{bad}");
        }
    }
}
