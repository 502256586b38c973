//! What the learner pages read that the API does not list as such: a course outline with the
//! member's own answers marked, their answers to one prompt, and every reply of a thread they may
//! see (listings carry only the first few). Visibility is [`Viewer::condition`], as everywhere.

use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
};

use crate::entities::{member, module, post, prompt};
use crate::error::Result;
use crate::listing::all_with_media;
use crate::posts::{loaded, Loaded};
use crate::visibility::Viewer;

/// Most replies a thread page shows; a deeper conversation is rare in this format.
pub const MAX_THREAD_REPLIES: u64 = 500;

pub struct ModuleOutline {
    pub module: module::Model,
    /// The module's prompts, opening first, and whether the member has answered each.
    pub prompts: Vec<(prompt::Model, bool)>,
}

/// The modules of the member's course in order, with their prompts and the member's answers
/// (three queries, whatever the course's size).
pub async fn outline(db: &DatabaseConnection, m: &member::Model) -> Result<Vec<ModuleOutline>> {
    let modules = module::Entity::find()
        .filter(module::Column::CourseId.eq(&m.course_id))
        .order_by_asc(module::Column::Position)
        .order_by_asc(module::Column::Id)
        .all(db)
        .await?;
    let prompts = prompt::Entity::find()
        .filter(prompt::Column::CourseId.eq(&m.course_id))
        .order_by_asc(prompt::Column::OpensAt)
        .order_by_asc(prompt::Column::Id)
        .all(db)
        .await?;
    let answered: Vec<String> = post::Entity::find()
        .select_only()
        .column(post::Column::PromptId)
        .filter(post::Column::AuthorId.eq(&m.id))
        .filter(post::Column::Depth.eq(0))
        .filter(post::Column::State.is_not_in(["deleted", "rejected"]))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(modules
        .into_iter()
        .map(|module| {
            let prompts = prompts
                .iter()
                .filter(|p| p.module_id == module.id)
                .map(|p| (p.clone(), answered.contains(&p.id)))
                .collect();
            ModuleOutline { module, prompts }
        })
        .collect())
}

/// The member's own top-level posts on a prompt, newest first (deleted ones left out).
pub async fn my_answers(db: &DatabaseConnection, m: &member::Model, prompt_id: &str) -> Result<Vec<Loaded>> {
    let rows = all_with_media(
        db,
        post::Entity::find()
            .filter(post::Column::PromptId.eq(prompt_id))
            .filter(post::Column::AuthorId.eq(&m.id))
            .filter(post::Column::Depth.eq(0))
            .filter(post::Column::State.ne("deleted"))
            .order_by_desc(post::Column::Id),
    )
    .await?;
    Ok(rows.into_iter().filter_map(loaded).collect())
}

/// Every reply of a thread the viewer may see, oldest first.
pub async fn thread_replies(db: &DatabaseConnection, viewer: &Viewer, root_id: &str) -> Result<Vec<Loaded>> {
    let rows = all_with_media(
        db,
        post::Entity::find()
            .filter(post::Column::RootId.eq(root_id))
            .filter(viewer.condition())
            .order_by_asc(post::Column::CreatedAt)
            .order_by_asc(post::Column::Id)
            .limit(MAX_THREAD_REPLIES),
    )
    .await?;
    Ok(rows.into_iter().filter_map(loaded).collect())
}
