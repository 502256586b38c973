//! Every migration runs up, down and up again on the test database.

use crosstalk_migrations::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectionTrait as _, Statement};

async fn table_exists(db: &sea_orm::DatabaseConnection, name: &str) -> bool {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            format!("SELECT name FROM sqlite_master WHERE type='table' AND name='{name}'")
        }
        _ => format!("SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename='{name}'"),
    };
    db.query_one(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().is_some()
}

#[tokio::test]
async fn migrations_up_down_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = crosstalk_core::testing::fresh_database_url(dir.path()).await.unwrap();
    let db = crosstalk_core::db::connect(&url, 2).await.unwrap();
    let n = Migrator::migrations().len() as u32;

    Migrator::up(&db, None).await.unwrap();
    for t in ["teams", "api_keys", "courses", "modules", "prompts", "members", "cohorts", "cohort_members"] {
        assert!(table_exists(&db, t).await, "{t} missing after up");
    }
    Migrator::down(&db, Some(n)).await.unwrap();
    assert!(!table_exists(&db, "courses").await, "courses left after down");
    assert!(Migrator::get_applied_migrations(&db).await.unwrap().is_empty());
    Migrator::up(&db, None).await.unwrap();
    assert!(table_exists(&db, "courses").await);
    assert_eq!(Migrator::get_pending_migrations(&db).await.unwrap().len(), 0);
}
