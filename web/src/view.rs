//! What templates show of a post: its author, words, state and video, with signed media URLs and
//! every label already in the page's language. Post and video states are read here only, so a
//! change of their representation touches this file alone.

use crosstalk_core::entities::post::PostState;
use crosstalk_core::posts::{output_key, Loaded};
use crosstalk_core::visibility::Sight;

use crate::i18n::Tr;
use crate::page::Fail;
use crate::WebState;

pub struct VideoCard {
    /// `queued`, `processing`, `ready`, `rejected` or `failed`.
    pub status: String,
    pub ready: bool,
    /// Rejected (bad input) or failed (our side): `reason_text` says why.
    pub refused: bool,
    pub progress: i32,
    pub playback_url: Option<String>,
    pub poster_url: Option<String>,
    pub poster_webp_url: Option<String>,
    /// The refusal in plain words (rejected or failed videos).
    pub reason_text: Option<String>,
    /// Caption tracks (WebVTT, signed URLs): `(url, lang, label)`, by language.
    pub captions: Vec<(String, String, String)>,
    /// The picture's size, so the page keeps its place before the video loads.
    pub width: i32,
    pub height: i32,
}

pub struct PostCard {
    pub id: String,
    pub author: String,
    pub country: Option<String>,
    pub text: String,
    /// `YYYY-MM-DD HH:MM` UTC, and the machine-readable form for `<time>`.
    pub when: String,
    pub when_iso: String,
    pub state: String,
    /// The state in words, for the author (`None` when published).
    pub state_text: Option<String>,
    pub tombstone: bool,
    pub mine: bool,
    pub new: bool,
    pub depth: i32,
    pub reply_count: i32,
    /// The moderation decision's statement of reasons (shown to the author).
    pub statement: Option<String>,
    pub video: Option<VideoCard>,
    /// Others' published posts can be flagged.
    pub flaggable: bool,
    /// The author may delete it.
    pub deletable: bool,
}

/// The rejection or failure reason of a video in plain words.
pub fn reason_text(tr: Tr, code: &str) -> String {
    let key = format!("reason-{}", code.replace('_', "-"));
    if tr.has(&key) {
        tr.t(&key)
    } else {
        tr.t("reason-internal-error")
    }
}

/// The state of one's own post in words; `None` for a published post.
pub fn state_text(tr: Tr, state: PostState) -> Option<String> {
    match state {
        PostState::Visible => None,
        other => Some(tr.t(&format!("state-{}", other.as_str()))),
    }
}

pub async fn video_card(state: &WebState, tr: Tr, l: &Loaded) -> Result<VideoCard, Fail> {
    let v = &l.video;
    let ready = v.status == "ready";
    let url = |file: &'static str| {
        let key = output_key(&v.id, file);
        async move { state.media.url(&key).await.map_err(Fail::Unexpected) }
    };
    let (playback_url, poster_url, poster_webp_url) = if ready {
        (Some(url("video.mp4").await?), Some(url("poster.jpg").await?), Some(url("poster.webp").await?))
    } else {
        (None, None, None)
    };
    let mut captions = Vec::new();
    if ready {
        for lang in crosstalk_core::captions::langs(v) {
            let track = state.media.url(&crosstalk_core::captions::key(&v.id, lang)).await.map_err(Fail::Unexpected)?;
            captions.push((track, lang.to_owned(), language_name(tr, lang)));
        }
    }
    let (width, height) = match (v.width, v.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => (w, h),
        _ => (1280, 720),
    };
    Ok(VideoCard {
        status: v.status.clone(),
        ready,
        refused: matches!(v.status.as_str(), "rejected" | "failed"),
        progress: v.progress,
        playback_url,
        poster_url,
        poster_webp_url,
        reason_text: v.reason.as_deref().filter(|_| !ready).map(|r| reason_text(tr, r)),
        captions,
        width,
        height,
    })
}

/// A caption language's name: the catalog's autonym for the pages' languages, else the tag
/// itself (`pt-br` -> `PT-BR`).
pub fn language_name(tr: Tr, lang: &str) -> String {
    let key = format!("lang-{lang}");
    if tr.has(&key) {
        tr.t(&key)
    } else {
        lang.to_ascii_uppercase()
    }
}

/// A post as `me` sees it (`sight` from the visibility rule).
pub async fn card(
    state: &WebState,
    tr: Tr,
    me: &str,
    l: Loaded,
    sight: Sight,
    new: bool,
    reply_count: i32,
) -> Result<PostCard, Fail> {
    let tombstone = sight == Sight::Tombstone || l.post.state == PostState::Deleted;
    let mine = l.author.id == me;
    let video = if tombstone { None } else { Some(video_card(state, tr, &l).await?) };
    let p = l.post;
    Ok(PostCard {
        when: p.created_at.format("%Y-%m-%d %H:%M").to_string(),
        when_iso: p.created_at.to_rfc3339(),
        state_text: state_text(tr, p.state),
        flaggable: !mine && p.state == PostState::Visible,
        deletable: mine && !tombstone,
        statement: if mine { p.moderation_reason } else { None },
        text: if tombstone { String::new() } else { p.text },
        state: p.state.as_str().to_owned(),
        id: p.id,
        author: l.author.display_name,
        country: l.author.country,
        tombstone,
        mine,
        new,
        depth: p.depth,
        reply_count,
        video,
    })
}

/// The flag reasons offered by the flag form: `(value, label)`.
pub fn flag_reasons(tr: Tr) -> Vec<(&'static str, String)> {
    ["offensive", "harassment", "hate", "spam", "off_topic", "privacy", "self_harm", "other"]
        .into_iter()
        .map(|r| (r, tr.t(&format!("flag-reason-{}", r.replace('_', "-")))))
        .collect()
}
