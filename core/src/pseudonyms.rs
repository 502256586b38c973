//! Display names among learners: a course may let its learners appear to each other under a
//! pseudonym each one chooses (`course_pseudonyms`; off by default). Only other learners see the
//! pseudonym: facilitators, the team, the audit log and the exports a team makes keep the roster
//! name. One rule, [`for_viewer`], used by the pages and the REST API alike.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QuerySelect as _, Set, SqlErr,
};
use serde::{Deserialize, Serialize};

use crate::entities::{course, course_pseudonyms, member, pseudonym};
use crate::error::{Error, Result};
use crate::visibility::Viewer;

/// Longest pseudonym, in characters.
pub const MAX_CHARS: usize = 40;

/// A course's display-name setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// Learners may choose a pseudonym that other learners see instead of their roster name
    /// (facilitators and the team still see the roster name). Default false.
    pub learner_pseudonyms: bool,
}

pub async fn setting(db: &DatabaseConnection, course_id: &str) -> Result<Setting> {
    let row = course_pseudonyms::Entity::find_by_id(course_id).one(db).await?;
    Ok(Setting { learner_pseudonyms: row.is_some_and(|r| r.enabled) })
}

pub async fn set_setting(db: &DatabaseConnection, c: &course::Model, s: Setting) -> Result<Setting> {
    course_pseudonyms::Entity::insert(course_pseudonyms::ActiveModel {
        course_id: Set(c.id.clone()),
        enabled: Set(s.learner_pseudonyms),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(course_pseudonyms::Column::CourseId)
            .update_columns([course_pseudonyms::Column::Enabled, course_pseudonyms::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(s)
}

/// The member's chosen pseudonym, if any.
pub async fn of_member(db: &DatabaseConnection, member_id: &str) -> Result<Option<String>> {
    Ok(pseudonym::Entity::find_by_id(member_id).one(db).await?.map(|p| p.name))
}

/// Checks and normalises a pseudonym: trimmed, inner runs of spaces as one, 1..=40 characters,
/// no control or formatting characters (they could disguise it as someone else's name).
pub fn clean(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let bad = name.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    });
    let n = name.chars().count();
    if n == 0 || n > MAX_CHARS || bad {
        return Err(Error::invalid("invalid_pseudonym", "a pseudonym has 1 to 40 letters, digits or spaces"));
    }
    Ok(name)
}

/// Sets (`Some`) or removes (`None`) the learner's pseudonym. Refused when the course does not
/// allow pseudonyms (`pseudonyms_off`), for facilitators (`learners_only`), and when another
/// learner of the course already uses it, ignoring case (`pseudonym_taken`).
pub async fn choose(db: &DatabaseConnection, m: &member::Model, name: Option<&str>) -> Result<Option<String>> {
    if m.role != "learner" {
        return Err(Error::forbidden("learners_only", "only learners choose a pseudonym"));
    }
    if !setting(db, &m.course_id).await?.learner_pseudonyms {
        return Err(Error::conflict("pseudonyms_off", "this course does not use pseudonyms"));
    }
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        pseudonym::Entity::delete_by_id(&m.id).exec(db).await?;
        return Ok(None);
    };
    let name = clean(name)?;
    let key = name.to_lowercase();
    // A roster name of another member is taken too: nobody may pass for someone else.
    // Compared in Rust: SQLite's lower() knows ASCII only. One column of the roster, on a rare write.
    let names: Vec<String> = member::Entity::find()
        .select_only()
        .column(member::Column::DisplayName)
        .filter(member::Column::CourseId.eq(&m.course_id))
        .filter(member::Column::Id.ne(&m.id))
        .into_tuple()
        .all(db)
        .await?;
    let impostor = names.iter().any(|n| n.to_lowercase() == key);
    if impostor {
        return Err(taken());
    }
    let r = pseudonym::Entity::insert(pseudonym::ActiveModel {
        member_id: Set(m.id.clone()),
        course_id: Set(m.course_id.clone()),
        name: Set(name.clone()),
        name_key: Set(key),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(pseudonym::Column::MemberId)
            .update_columns([pseudonym::Column::Name, pseudonym::Column::NameKey, pseudonym::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(db)
    .await;
    match r {
        Ok(_) => Ok(Some(name)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(taken()),
        Err(e) => Err(e.into()),
    }
}

fn taken() -> Error {
    Error::conflict("pseudonym_taken", "someone in this course already uses that name")
}

/// The names `viewer` sees for some authors instead of their roster names.
#[derive(Debug, Default, Clone)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// The name to show for `m`.
    pub fn apply(&self, m: &mut member::Model) {
        if let Some(n) = self.0.get(&m.id) {
            m.display_name.clone_from(n);
        }
    }

    pub fn get(&self, member_id: &str) -> Option<&str> {
        self.0.get(member_id).map(String::as_str)
    }
}

/// The pseudonyms `viewer` sees for these authors: learners of a course that uses pseudonyms see
/// other learners' (and their own) chosen names; everyone else sees roster names (empty map).
/// At most two queries.
pub async fn for_viewer<'a>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    authors: impl IntoIterator<Item = &'a str>,
) -> Result<Names> {
    let Viewer::Learner { member, .. } = viewer else { return Ok(Names::default()) };
    let ids: Vec<&str> = authors.into_iter().collect();
    if ids.is_empty() {
        return Ok(Names::default());
    }
    let enabled = setting(db, &member.course_id).await?.learner_pseudonyms;
    for_viewer_in(db, viewer, enabled, ids).await
}

/// [`for_viewer`] when the course's setting is already known (a listing reads it with its prompt).
pub async fn for_viewer_in<'a>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    enabled: bool,
    authors: impl IntoIterator<Item = &'a str>,
) -> Result<Names> {
    let Viewer::Learner { member, .. } = viewer else { return Ok(Names::default()) };
    let mut ids: Vec<&str> = authors.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if !enabled || ids.is_empty() {
        return Ok(Names::default());
    }
    let mut map = HashMap::new();
    for chunk in ids.chunks(500) {
        for p in pseudonym::Entity::find()
            .filter(pseudonym::Column::CourseId.eq(&member.course_id))
            .filter(pseudonym::Column::MemberId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            map.insert(p.member_id, p.name);
        }
    }
    Ok(Names(map))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pseudonyms_are_trimmed_and_bounded() {
        assert_eq!(super::clean("  Blue   Heron ").unwrap(), "Blue Heron");
        for bad in ["", "   ", &"x".repeat(41), "Amina\u{202E}", "a\u{0007}b"] {
            assert_eq!(super::clean(bad).unwrap_err().code(), "invalid_pseudonym", "{bad:?}");
        }
    }
}
