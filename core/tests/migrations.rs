//! Every migration runs up, down and up again on the test database (SQLite, or PostgreSQL with
//! `CROSSTALK_TEST_DATABASE_URL`), like Lemmy's `diff_check`: the schema (tables, columns,
//! indexes, constraints, ...) is read from the database's catalog before and after each step,
//! so what a migration's `up` creates is known, and its `down` must remove exactly that.

use std::collections::BTreeSet;

use crosstalk_migrations::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, Statement, Value};

/// One line per schema object, e.g. `column posts.cohort_id varchar(255) null default=None`.
type Schema = BTreeSet<String>;

async fn rows(db: &DatabaseConnection, sql: &str, values: Vec<Value>) -> Vec<Vec<String>> {
    let backend = db.get_database_backend();
    let stmt = Statement::from_sql_and_values(backend, sql, values);
    let rows = db.query_all(stmt).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.iter()
        .map(|r| {
            (0..r.column_names().len())
                .map(|i| {
                    r.try_get_by_index::<Option<String>>(i)
                        .map(|v| v.unwrap_or_else(|| "NULL".into()))
                        .or_else(|_| {
                            r.try_get_by_index::<Option<i64>>(i)
                                .map(|v| v.map_or_else(|| "NULL".into(), |n| n.to_string()))
                        })
                        .unwrap_or_else(|e| panic!("{sql}: column {i}: {e:?}"))
                })
                .collect()
        })
        .collect()
}

/// Whitespace-insensitive SQL text (SQLite keeps the statement as written).
fn squash(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn schema(db: &DatabaseConnection) -> Schema {
    let mut out = Schema::new();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let objects = rows(
                db,
                "SELECT type, name, tbl_name, sql FROM sqlite_master \
                 WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> 'seaql_migrations'",
                vec![],
            )
            .await;
            for o in objects {
                let (kind, name, table, sql) = (&o[0], &o[1], &o[2], &o[3]);
                if kind == "table" {
                    // Columns from the catalog, not the CREATE text: DROP COLUMN rewrites the text.
                    out.insert(format!("table {name}"));
                    for c in rows(
                        db,
                        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)",
                        vec![name.as_str().into()],
                    )
                    .await
                    {
                        out.insert(format!(
                            "column {name}.{} {} notnull={} default={} pk={}",
                            c[0], c[1], c[2], c[3], c[4]
                        ));
                    }
                    for f in rows(
                        db,
                        "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?)",
                        vec![name.as_str().into()],
                    )
                    .await
                    {
                        out.insert(format!("foreign key {name}.{} -> {}.{} {} {}", f[1], f[0], f[2], f[3], f[4]));
                    }
                    for i in rows(
                        db,
                        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)",
                        vec![name.as_str().into()],
                    )
                    .await
                    {
                        let cols: Vec<String> = rows(
                            db,
                            "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1",
                            vec![i[0].as_str().into()],
                        )
                        .await
                        .into_iter()
                        .map(|c| format!("{} desc={} {}", c[0], c[1], c[2]))
                        .collect();
                        // Automatic indexes (UNIQUE, PRIMARY KEY) are named after their position.
                        let label = if i[2] == "c" { i[0].clone() } else { format!("({})", i[2]) };
                        out.insert(format!("index {label} on {name} unique={} ({})", i[1], cols.join(", ")));
                    }
                } else {
                    out.insert(format!("{kind} {name} on {table}: {}", squash(sql)));
                }
            }
        }
        _ => {
            let queries = [
                "SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = 'public'",
                "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || \
                 coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable || \
                 ' default=' || coalesce(column_default, 'NULL') \
                 FROM information_schema.columns WHERE table_schema = 'public'",
                "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
                "SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || \
                 pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
                "SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'",
                "SELECT 'view ' || table_name FROM information_schema.views WHERE table_schema = 'public'",
                "SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace \
                 AND typtype IN ('e', 'd', 'r')",
                "SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
                "SELECT 'trigger ' || tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal",
            ];
            for q in queries {
                for r in rows(db, q, vec![]).await {
                    out.insert(r[0].clone());
                }
            }
        }
    }
    out.retain(|line| !line.contains("seaql_migrations"));
    out
}

/// `a` minus `b`, one object a line, for messages.
fn minus(a: &Schema, b: &Schema) -> String {
    a.difference(b).map(|l| format!("\n  {l}")).collect()
}

fn assert_same(now: &Schema, expected: &Schema, what: &str) {
    assert!(
        now == expected,
        "{what}\nleft over (should not exist):{}\nmissing (should exist):{}",
        minus(now, expected),
        minus(expected, now)
    );
}

/// The tables and columns the code reads and writes: after every migration is up, the schema
/// has exactly these tables, each with at least these columns.
fn entity_tables() -> Vec<(&'static str, Vec<String>)> {
    use crosstalk_core::entities::*;
    use sea_orm::{EntityName as _, IdenStatic as _, Iterable as _};
    macro_rules! tables {
        ($($m:ident),* $(,)?) => {
            vec![$(($m::Entity.table_name(), $m::Column::iter().map(|c| c.as_str().to_owned()).collect())),*]
        };
    }
    let mut tables = tables!(
        api_key,
        audit_entry,
        caption,
        cohort,
        cohort_member,
        course,
        course_pseudonyms,
        course_retention,
        delivery,
        digest,
        erasure,
        event,
        export,
        flag,
        idempotency_key,
        job,
        member,
        module,
        mute,
        notification_pref,
        nudge,
        post,
        prompt,
        pseudonym,
        rate_counter,
        seen_mark,
        session,
        setting,
        sign_in_link,
        team,
        upload,
        upload_part,
        video,
        webhook,
    );
    {
        use crosstalk_core::lti::entities::*;
        tables.extend(tables!(registration, tool_key, login_state, context, resource_link, inactive_member, subject));
    }
    tables
}

/// Migrations that change data or one backend's types only: on the other backend their `up`
/// leaves the schema as it was.
const DATA_OR_ONE_BACKEND: &[&str] = &["m20261129_000007_sealed_webhook_secrets"];

#[tokio::test]
async fn every_migration_goes_up_down_and_up_leaving_the_schema_as_it_found_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let db = crosstalk_core::db::connect(&url, 2).await.unwrap();
    let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();

    let empty = schema(&db).await;
    assert_same(&empty, &Schema::new(), "a fresh database has no schema");
    let mut before = empty.clone();
    for name in &names {
        Migrator::up(&db, Some(1)).await.unwrap();
        let after = schema(&db).await;
        // What this migration's `up` created, altered or dropped: its `down` must undo exactly that.
        let created = minus(&after, &before);
        // A migration may change only data, or only one backend's types (widening a varchar is a
        // no-op on SQLite, whose text has no length): it must still go down and up cleanly.
        let schema_free = DATA_OR_ONE_BACKEND.contains(&name.as_str());
        assert!(after != before || schema_free, "{name}: up changed nothing");
        Migrator::down(&db, Some(1)).await.unwrap();
        assert_same(&schema(&db).await, &before, &format!("{name}: down did not undo up, which created:{created}"));
        Migrator::up(&db, Some(1)).await.unwrap();
        assert_same(&schema(&db).await, &after, &format!("{name}: up again differs from the first up"));
        before = after;
    }
    let full = before;

    // Every table and column of the entities exists, and no table without an entity.
    let tables: BTreeSet<String> = full.iter().filter_map(|l| l.strip_prefix("table ")).map(str::to_owned).collect();
    let entities = entity_tables();
    let expected: BTreeSet<String> = entities.iter().map(|(t, _)| (*t).to_owned()).collect();
    assert_eq!(tables, expected, "tables after up vs the entities");
    for (table, columns) in &entities {
        for c in columns {
            let prefix = format!("column {table}.{c} ");
            assert!(full.iter().any(|l| l.starts_with(&prefix)), "{table}.{c} is not in the schema");
        }
    }

    // Down all and up all, twice: nothing is left behind, everything comes back.
    for round in 1..=2 {
        Migrator::down(&db, None).await.unwrap();
        assert_same(&schema(&db).await, &empty, &format!("round {round}: after every down"));
        assert!(Migrator::get_applied_migrations(&db).await.unwrap().is_empty());
        Migrator::up(&db, None).await.unwrap();
        assert_same(&schema(&db).await, &full, &format!("round {round}: after every up"));
    }
    assert_eq!(Migrator::get_pending_migrations(&db).await.unwrap().len(), 0);
}
