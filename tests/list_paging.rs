//! Issue 10: the candidate list is read by key. Pages are contiguous across ties on the
//! sort key, `End` shows a full last page, paging back from it meets the same rows, and a
//! filtered list is counted only up to a cap. The real store and the real `App`.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use leverup::store::{CandidateFilter, CandidateKey, CandidateRecord, PageAt, Store};
use leverup::ui::testing::{fixture_model, keys, type_text};
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// `n` candidates whose last activity takes only three values, so most pages start and end
/// inside a run of equal times and only the id tells rows apart.
fn store_with_ties(n: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let bulk = store.bulk().unwrap();
    bulk.centre("centre-1", "Centro", now()).unwrap();
    for i in 0..n {
        let at = now() - Duration::days((i % 3) as i64);
        bulk.candidate(&CandidateRecord {
            id: format!("cand-{i:03}"),
            name: format!("Candidate {i:03}"),
            email: None,
            centre_id: "centre-1".into(),
            tutor_id: None,
            state: leverup::domain::process::Step::Awareness,
            exit_outcome: None,
            created_at: at,
            last_activity_at: at,
        })
        .unwrap();
    }
    bulk.commit().unwrap();
    store
}

fn ids(rows: &[leverup::store::CandidateRow]) -> Vec<String> {
    rows.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn pages_by_key_are_contiguous_across_equal_times_both_ways() {
    let store = store_with_ties(23);
    let f = CandidateFilter::default();
    let all = ids(&store.list_candidates(&f, 100, 0).unwrap());
    assert_eq!(all.len(), 23);

    // Forwards from the top, page by page.
    let mut seen = ids(&store.candidate_page(&f, &PageAt::First, 5).unwrap());
    loop {
        let last = seen.last().unwrap().clone();
        let key = key_of(&store, &last);
        let page = ids(&store.candidate_page(&f, &PageAt::After(key), 5).unwrap());
        if page.is_empty() {
            break;
        }
        seen.extend(page);
    }
    assert_eq!(seen, all, "forward pages: every row once, in list order");

    // Backwards from the end: the last page is full, and each page before it too.
    let last = ids(&store.candidate_page(&f, &PageAt::Last, 5).unwrap());
    assert_eq!(last, all[18..].to_vec(), "a full last page");
    let mut back = last;
    loop {
        let key = key_of(&store, &back[0]);
        let page = ids(&store.candidate_page(&f, &PageAt::Before(key), 5).unwrap());
        if page.is_empty() {
            break;
        }
        assert!(page.len() == 5 || page.len() == 23 % 5, "{page:?}");
        back.splice(0..0, page);
    }
    assert_eq!(back, all, "backward pages meet the same rows");

    // Re-reading in place starts at the row itself.
    let key = key_of(&store, &all[7]);
    let again = ids(&store.candidate_page(&f, &PageAt::From(key), 5).unwrap());
    assert_eq!(again, all[7..12].to_vec());
}

fn key_of(store: &Store, id: &str) -> CandidateKey {
    let c = store.get_candidate(id).unwrap();
    CandidateKey {
        last_activity_at: c.last_activity_at,
        id: c.id,
    }
}

#[test]
fn a_filtered_count_stops_at_its_limit() {
    let store = store_with_ties(23);
    let f = CandidateFilter {
        name: Some("candidate 0".into()),
        ..Default::default()
    };
    assert_eq!(store.count_candidates(&f).unwrap(), 23);
    assert_eq!(store.count_candidates_up_to(&f, 10).unwrap(), 10);
    assert_eq!(store.count_candidates_up_to(&f, 100).unwrap(), 23);
}

/// The real `App` at 80×24 (19 rows a page) over `n` candidates with tied times.
fn app(n: usize) -> App {
    let mut a = App::with_clock(
        store_with_ties(n),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Clock::Fixed(Rc::new(Cell::new(now()))),
    );
    type_text(&mut a, "Centro");
    keys(&mut a, "tab");
    type_text(&mut a, "Anna Assessor");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Candidates);
    a
}

fn shown(a: &App) -> (usize, usize, Vec<String>) {
    let l = a.view.list().unwrap();
    (
        l.cursor,
        l.offset,
        l.rows.iter().map(|r| r.id.clone()).collect(),
    )
}

#[test]
fn end_shows_a_full_last_page_and_paging_back_meets_every_row() {
    let all = ids(&store_with_ties(50)
        .list_candidates(&CandidateFilter::default(), 100, 0)
        .unwrap());
    let mut a = app(50);
    keys(&mut a, "end");
    let (cursor, offset, rows) = shown(&a);
    assert_eq!(cursor, 49);
    assert_eq!(
        offset, 31,
        "the last 19 rows, not the 12 past a page boundary"
    );
    assert_eq!(rows, all[31..].to_vec());
    assert!(screen(&a).contains("19 shown of 50"), "{}", screen(&a));

    keys(&mut a, "pgup");
    let (cursor, offset, rows) = shown(&a);
    assert_eq!((cursor, offset), (30, 12));
    assert_eq!(rows, all[12..31].to_vec());

    keys(&mut a, "pgup");
    let (cursor, offset, rows) = shown(&a);
    assert_eq!((cursor, offset), (11, 0), "the top page is whole too");
    assert_eq!(rows, all[..19].to_vec());

    // Down through the list a row at a time: the cursor's row is always the one loaded.
    for i in 0..49 {
        keys(&mut a, "down");
        let (cursor, offset, rows) = shown(&a);
        assert_eq!(rows.get(cursor - offset), all.get(cursor), "step {i}");
    }
    keys(&mut a, "pgdn home");
    assert_eq!(shown(&a).0, 0);
}

#[test]
fn pgdn_near_the_end_lands_on_a_full_page() {
    let mut a = app(45);
    keys(&mut a, "pgdn");
    assert_eq!(shown(&a).1, 19);
    keys(&mut a, "pgdn");
    let (cursor, offset, rows) = shown(&a);
    assert_eq!(cursor, 38);
    assert_eq!(offset, 26, "a full page, not the 7 rows left after 38");
    assert_eq!(rows.len(), 19);
}

#[test]
fn a_filter_past_the_cap_says_so_and_end_still_reaches_the_last_match() {
    let n = leverup::ui::queries::COUNT_CAP + 30;
    let mut a = app(n);
    keys(&mut a, "/");
    type_text(&mut a, "candidate");
    let l = a.view.list().unwrap();
    assert!(!l.total_exact);
    assert_eq!(
        l.total_label(),
        format!("{}+", leverup::ui::queries::COUNT_CAP)
    );
    keys(&mut a, "enter end");
    let l = a.view.list().unwrap();
    assert!(l.total_exact);
    assert_eq!((l.total, l.cursor, l.rows.len()), (n, n - 1, 19));
}

fn screen(a: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| leverup::ui::screens::render(a, f)).unwrap();
    t.backend().to_string()
}
