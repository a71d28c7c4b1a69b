//! The schema's history: a migration that rebuilds a table keeps its rows, and goes back.

use migration::MigratorTrait;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::helpers::{TestApp, on_each_db};

#[tokio::test]
async fn the_console_migration_keeps_every_queued_email_and_goes_back_and_forth() {
    on_each_db(async |app: TestApp| {
        let token = app.organiser("quito").await;
        app.festival(&token, "semana", json!({})).await;
        let event = app.event(&token, "semana", json!({"capacity": 10})).await;
        app.publish(&token, "semana").await;
        for who in ["ana", "luis", "rosa"] {
            app.post(
                &format!(
                    "/api/v1/events/{}/registrations",
                    event["id"].as_str().expect("id")
                ),
                None,
                json!({"name": who, "email": format!("{who}@example.org"), "consent": true}),
            )
            .await
            .expect(201);
        }
        let queued = || async {
            entity::outbox::Entity::find()
                .all(app.db.conn())
                .await
                .expect("the outbox reads")
        };
        let before = queued().await;
        assert_eq!(before.len(), 3);

        // Back to before the console (SQLite rebuilds the table; the figures', the seats' and
        // the notifications' migrations, which came after it, go back first) and forward again.
        migration::Migrator::down(app.db.conn(), Some(4))
            .await
            .expect("the console migration goes back");
        assert_eq!(
            entity::outbox::Entity::find()
                .count(app.db.conn())
                .await
                .ok(),
            None,
            "the entity now names a column the table no longer has"
        );
        migration::Migrator::up(app.db.conn(), None)
            .await
            .expect("and forward again");
        let after = queued().await;
        assert_eq!(after, before, "every row, every column");
    })
    .await;
}
