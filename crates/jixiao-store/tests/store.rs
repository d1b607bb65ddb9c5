//! The store's shared suite: every test runs on a fresh SQLite file, and on a fresh
//! PostgreSQL database when `JIXIAO_TEST_POSTGRES` is set (see `jixiao_store::testing`).
//!
//! Modules of this file: units and the tree; accounts, sign-in failures and sessions;
//! years, saves, the stale-save refusal and history; concurrency (many saves at once, one
//! wins); reopening (what survives a restart).

#![allow(clippy::unwrap_used)]

use jixiao_store::testing::backends;
use jixiao_store::units::subtree;
use jixiao_store::{NewUnit, NewUser, Role, Save, Store, StoreError, YearState};

async fn each(f: impl AsyncFn(Store)) {
    let dir = tempfile::tempdir().unwrap();
    for store in backends(dir.path()).await.unwrap() {
        f(store).await;
    }
}

async fn tree(store: &Store) -> (i64, i64, i64) {
    let bureau = store.create_unit(NewUnit { code: "czj", name: "财政局", parent: None }, 1).await.unwrap();
    let dept = store.create_unit(NewUnit { code: "rsj", name: "人社局", parent: Some(bureau) }, 1).await.unwrap();
    let sub = store.create_unit(NewUnit { code: "jyj", name: "就业服务管理局", parent: Some(dept) }, 1).await.unwrap();
    (bureau, dept, sub)
}

#[tokio::test]
async fn units_form_a_tree_and_codes_are_unique() {
    each(async |store: Store| {
        let (bureau, dept, sub) = tree(&store).await;
        let units = store.units().await.unwrap();
        assert_eq!(units.len(), 3);
        assert_eq!(subtree(&units, bureau), vec![bureau, dept, sub]);
        assert_eq!(subtree(&units, dept), vec![dept, sub]);
        assert_eq!(subtree(&units, sub), vec![sub]);
        // Tree order: a unit's own units right after it, before its next sibling.
        let other = store.create_unit(NewUnit { code: "ybj", name: "医保局", parent: Some(bureau) }, 1).await.unwrap();
        let units = store.units().await.unwrap();
        assert_eq!(subtree(&units, bureau), vec![bureau, dept, sub, other]);
        assert_eq!(store.unit_by_code("rsj").await.unwrap().unwrap().name, "人社局");
        assert_eq!(store.unit(dept).await.unwrap().unwrap().parent, Some(bureau));
        let again = store.create_unit(NewUnit { code: "rsj", name: "另一个", parent: None }, 2).await;
        assert!(matches!(again, Err(StoreError::Conflict(ref m)) if m.contains("rsj")), "{again:?}");
    })
    .await;
}

#[tokio::test]
async fn accounts_failures_and_sessions() {
    each(async |store: Store| {
        assert!(store.is_empty().await.unwrap());
        let (_, dept, _) = tree(&store).await;
        let id = store
            .create_user(
                NewUser { username: "tianbao", password_hash: "$argon2id$x", role: Role::Filer, unit: Some(dept) },
                5,
            )
            .await
            .unwrap();
        assert!(!store.is_empty().await.unwrap());
        let dup = store
            .create_user(NewUser { username: "tianbao", password_hash: "h", role: Role::Admin, unit: None }, 5)
            .await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))));
        let c = store.credentials("tianbao").await.unwrap().unwrap();
        assert_eq!(
            (c.user.id, c.user.role, c.user.unit, c.password_hash.as_str()),
            (id, Role::Filer, Some(dept), "$argon2id$x")
        );
        assert!(store.credentials("nobody").await.unwrap().is_none());

        // Ten wrong passwords lock for the given time; the lock runs out and counting restarts.
        for i in 1..10 {
            let s = store.record_login_failure("tianbao", 100 + i, 10, 1800).await.unwrap();
            assert_eq!((s.failures, s.locked_until), (i, None));
        }
        let s = store.record_login_failure("tianbao", 110, 10, 1800).await.unwrap();
        assert_eq!(s.locked_until, Some(1910));
        assert!(store.login_failures("tianbao").await.unwrap().locked_at(1909));
        assert!(!store.login_failures("tianbao").await.unwrap().locked_at(1910));
        let s = store.record_login_failure("tianbao", 2000, 10, 1800).await.unwrap();
        assert_eq!((s.failures, s.locked_until), (1, None));
        store.clear_login_failures("tianbao").await.unwrap();
        assert_eq!(store.login_failures("tianbao").await.unwrap().failures, 0);

        store.create_session("hash1", id, "csrf1", 10, 100).await.unwrap();
        let s = store.session("hash1", 50).await.unwrap().unwrap();
        assert_eq!((s.user.username.as_str(), s.csrf.as_str(), s.expires_at), ("tianbao", "csrf1", 100));
        assert!(store.session("hash1", 100).await.unwrap().is_none(), "expired");
        assert!(store.session("other", 50).await.unwrap().is_none());
        assert_eq!(store.delete_expired_sessions(100).await.unwrap(), 1);
        store.create_session("hash2", id, "c", 10, 100).await.unwrap();
        store.delete_session("hash2").await.unwrap();
        assert!(store.session("hash2", 50).await.unwrap().is_none());
    })
    .await;
}

async fn author(store: &Store, name: &str) -> i64 {
    store.create_user(NewUser { username: name, password_hash: "h", role: Role::Admin, unit: None }, 1).await.unwrap()
}

#[tokio::test]
async fn saves_make_revisions_with_their_changes_and_stale_saves_are_refused() {
    each(async |store: Store| {
        let (_, dept, _) = tree(&store).await;
        let a = author(&store, "a").await;
        store.create_year(dept, 2024, 10).await.unwrap();
        assert!(matches!(store.create_year(dept, 2024, 11).await, Err(StoreError::Conflict(_))));
        let (y, rev) = store.current(dept, 2024).await.unwrap().unwrap();
        assert_eq!((y.revision, y.state, rev), (0, YearState::Filling, None));

        let r1 = r#"{"kind":"dept_evaluation","finance":{"actual":"95.50"}}"#;
        let n = store
            .save(Save { unit: dept, year: 2024, base: 0, record: r1, author: a, note: "", now: 20 })
            .await
            .unwrap();
        assert_eq!(n, 1);
        let r2 = r#"{"kind":"dept_evaluation","finance":{"actual":"96.50","budget_initial":"100.00"}}"#;
        let n = store
            .save(Save { unit: dept, year: 2024, base: 1, record: r2, author: a, note: "导入工作簿", now: 30 })
            .await
            .unwrap();
        assert_eq!(n, 2);

        // A save based on revision 1 now is stale: refused, and nothing changes.
        let stale =
            store.save(Save { unit: dept, year: 2024, base: 1, record: r1, author: a, note: "", now: 40 }).await;
        assert!(matches!(stale, Err(StoreError::Stale { base: 1, current: 2 })), "{stale:?}");
        let (y, rev) = store.current(dept, 2024).await.unwrap().unwrap();
        assert_eq!((y.revision, y.updated_at), (2, 30));
        assert_eq!(rev.unwrap().record, r2, "kept exactly as typed");

        let history = store.revisions(dept, 2024).await.unwrap();
        let seen: Vec<(i64, Option<&str>, &str, i64)> =
            history.iter().map(|h| (h.number, h.author_name.as_deref(), h.note.as_str(), h.changes)).collect();
        assert_eq!(seen, vec![(2, Some("a"), "导入工作簿", 2), (1, Some("a"), "", 2)]);
        let ch = store.changes(dept, 2024, 2).await.unwrap();
        let ch: Vec<(&str, Option<&str>, Option<&str>)> =
            ch.iter().map(|c| (c.path.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
        assert_eq!(
            ch,
            vec![
                ("finance.actual", Some("\"95.50\""), Some("\"96.50\"")),
                ("finance.budget_initial", None, Some("\"100.00\""))
            ]
        );
        assert_eq!(store.revision(dept, 2024, 1).await.unwrap().unwrap().record, r1);

        // A year that does not exist.
        let missing =
            store.save(Save { unit: dept, year: 1999, base: 0, record: r1, author: a, note: "", now: 1 }).await;
        assert!(matches!(missing, Err(StoreError::NotFound(_))), "{missing:?}");
        // A record that is not JSON is refused before anything is written.
        let bad = store.save(Save { unit: dept, year: 2024, base: 2, record: "{", author: a, note: "", now: 1 }).await;
        assert!(matches!(bad, Err(StoreError::Json(_))));
        assert_eq!(store.year(dept, 2024).await.unwrap().unwrap().revision, 2);
        assert_eq!(store.all_years().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn of_many_saves_on_one_base_exactly_one_wins() {
    each(async |store: Store| {
        let (_, dept, _) = tree(&store).await;
        let a = author(&store, "a").await;
        store.create_year(dept, 2024, 10).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..8 {
            let s = store.clone();
            tasks.push(tokio::spawn(async move {
                let record = format!(r#"{{"n":"{i}"}}"#);
                s.save(Save { unit: dept, year: 2024, base: 0, record: &record, author: a, note: "", now: 20 }).await
            }));
        }
        let mut won = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(1) => won += 1,
                Err(StoreError::Stale { base: 0, current: 1 }) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(won, 1);
        assert_eq!(store.revisions(dept, 2024).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_sqlite_file_is_created_and_keeps_its_data_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}/nested.db", dir.path().display());
    {
        let store = Store::open(&url).await.unwrap();
        let (_, dept, _) = tree(&store).await;
        let a = author(&store, "a").await;
        store.create_year(dept, 2024, 1).await.unwrap();
        store.save(Save { unit: dept, year: 2024, base: 0, record: "{}", author: a, note: "", now: 2 }).await.unwrap();
        store.close().await;
    }
    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.units().await.unwrap().len(), 3);
    let dept = store.unit_by_code("rsj").await.unwrap().unwrap().id;
    assert_eq!(store.year(dept, 2024).await.unwrap().unwrap().revision, 1);
    assert!(matches!(Store::open("mysql://x").await, Err(StoreError::Url(_))));
}

#[tokio::test]
async fn a_save_cut_off_at_any_point_leaves_the_last_whole_revision() {
    each(async |store: Store| {
        let (_, dept, _) = tree(&store).await;
        let a = author(&store, "a").await;
        store.create_year(dept, 2024, 1).await.unwrap();
        let big: String = (0..400).map(|i| format!(r#""f{i}":"{i}.50","#)).collect();
        let mut expected = 0;
        for round in 0..40u64 {
            let s = store.clone();
            let base = expected;
            let record = format!(r#"{{{big}"round":"{round}"}}"#);
            let task = tokio::spawn(async move {
                s.save(Save { unit: dept, year: 2024, base, record: &record, author: a, note: "", now: 2 }).await
            });
            // Cut the save off somewhere between its first statement and its commit (or let it
            // finish): the task is dropped like a server process that dies.
            tokio::time::sleep(std::time::Duration::from_micros(round * 150)).await;
            task.abort();
            let finished = task.await;
            if let Ok(Ok(n)) = &finished {
                assert_eq!(*n, base + 1);
            }
            // Whatever happened, the year is at a whole revision, with its record and changes.
            let y = store.year(dept, 2024).await.unwrap().unwrap();
            let history = store.revisions(dept, 2024).await.unwrap();
            assert_eq!(y.revision, history.first().map_or(0, |h| h.number), "round {round}");
            if y.revision > 0 {
                let r = store.revision(dept, 2024, y.revision).await.unwrap().unwrap();
                assert!(serde_json::from_str::<serde_json::Value>(&r.record).is_ok());
            }
            expected = y.revision;
        }
    })
    .await;
}

mod workflow {
    use jixiao_store::workflow::{Action, MoveYear, Task};

    use super::*;

    fn mv(unit: i64, action: Action, revision: i64, actor: i64) -> MoveYear<'static> {
        MoveYear { unit, year: 2024, action, revision, actor, comment: "", explanations: &[], now: 10 }
    }

    #[tokio::test]
    async fn a_task_opens_years_and_moves_follow_the_states() {
        each(async |store: Store| {
            let (bureau, dept, sub) = tree(&store).await;
            let who = author(&store, "shenhe").await;
            store.create_year(dept, 2024, 1).await.unwrap();
            let rev = store
                .save(Save { unit: dept, year: 2024, base: 0, record: "{\"a\":\"1\"}", author: who, note: "", now: 2 })
                .await
                .unwrap();
            let task = Task {
                year: 2024,
                node: bureau,
                system_id: "dept-general".into(),
                system_toml: None,
                deadline: "2025-03-31".into(),
                created_by: Some(who),
                created_at: 3,
            };
            store.open_task(&task, &[bureau, dept, sub]).await.unwrap();
            assert_eq!(store.task(2024, bureau).await.unwrap(), Some(task.clone()));
            assert!(matches!(store.open_task(&task, &[]).await, Err(StoreError::Conflict(_))));
            // The year that existed keeps its revision; the others are opened blank.
            assert_eq!(store.year(dept, 2024).await.unwrap().unwrap().revision, rev);
            assert_eq!(store.year(sub, 2024).await.unwrap().unwrap().state, YearState::Filling);
            // A move from the wrong state changes nothing.
            let wrong = store.move_year(mv(dept, Action::Approve, rev, who)).await;
            assert!(matches!(wrong, Err(StoreError::State { state: YearState::Filling, .. })), "{wrong:?}");
            // 送审 with explanations, kept with the revision.
            let ex = vec![("W101@finance.actual".to_string(), "口径不同".to_string())];
            store.move_year(MoveYear { explanations: &ex, ..mv(dept, Action::Submit, rev, who) }).await.unwrap();
            assert_eq!(store.explanations(dept, 2024, rev).await.unwrap(), ex);
            assert_eq!(store.explanation_counts(2024).await.unwrap(), vec![(dept, 1)]);
            // A year under review is not saved.
            let save = store
                .save(Save { unit: dept, year: 2024, base: rev, record: "{}", author: who, note: "", now: 4 })
                .await;
            assert!(
                matches!(save, Err(StoreError::State { state: YearState::Submitted, ref message }) if message.contains("待审核")),
                "{save:?}"
            );
            store.add_comment(dept, 2024, rev, "finance.actual", "请核对", who, 5).await.unwrap();
            assert_eq!(store.comments(dept, 2024, rev).await.unwrap()[0].text, "请核对");
            store
                .move_year(MoveYear { comment: "请改正", ..mv(dept, Action::Return, rev, who) })
                .await
                .unwrap();
            store.move_year(mv(dept, Action::Submit, rev, who)).await.unwrap();
            store.move_year(mv(dept, Action::Approve, rev, who)).await.unwrap();
            store.move_year(MoveYear { comment: "数据有误", ..mv(dept, Action::Reopen, rev, who) }).await.unwrap();
            let moves = store.moves(dept, 2024).await.unwrap();
            let seen: Vec<(Action, YearState, YearState)> = moves.iter().map(|m| (m.action, m.from, m.to)).collect();
            assert_eq!(
                seen,
                vec![
                    (Action::Submit, YearState::Filling, YearState::Submitted),
                    (Action::Return, YearState::Submitted, YearState::Filling),
                    (Action::Submit, YearState::Filling, YearState::Submitted),
                    (Action::Approve, YearState::Submitted, YearState::Approved),
                    (Action::Reopen, YearState::Approved, YearState::Filling),
                ]
            );
            assert_eq!(moves[1].comment, "请改正");
            assert_eq!(moves[1].actor_name.as_deref(), Some("shenhe"));
            assert_eq!(store.last_moves(2024).await.unwrap(), vec![(dept, Action::Reopen, rev)]);
            let records = store.records_of_year(2024).await.unwrap();
            assert_eq!(records.len(), 3);
            assert_eq!(records.iter().filter(|(_, r)| r.is_some()).count(), 1);
        })
        .await;
    }

    #[tokio::test]
    async fn of_two_reviewers_acting_at_once_one_wins() {
        each(async |store: Store| {
            let (_, dept, _) = tree(&store).await;
            let who = author(&store, "a").await;
            store.create_year(dept, 2024, 1).await.unwrap();
            store.move_year(mv(dept, Action::Submit, 0, who)).await.unwrap();
            for _ in 0..3 {
                let (a, b) = tokio::join!(
                    store.move_year(mv(dept, Action::Approve, 0, who)),
                    store.move_year(mv(dept, Action::Return, 0, who)),
                );
                assert!(a.is_ok() != b.is_ok(), "{a:?} {b:?}");
                let loser = if a.is_ok() { b } else { a };
                assert!(matches!(loser, Err(StoreError::State { .. })), "{loser:?}");
                // Back to 待审核 for the next round.
                let state = store.year(dept, 2024).await.unwrap().unwrap().state;
                if state == YearState::Approved {
                    store.move_year(mv(dept, Action::Reopen, 0, who)).await.unwrap();
                }
                store.move_year(mv(dept, Action::Submit, 0, who)).await.unwrap();
            }
            assert_eq!(store.moves(dept, 2024).await.unwrap().len(), 1 + 3 * 2 + store_reopens(&store, dept).await);
        })
        .await;
    }

    async fn store_reopens(store: &Store, unit: i64) -> usize {
        store.moves(unit, 2024).await.unwrap().iter().filter(|m| m.action == Action::Reopen).count()
    }
}
