//! Keeping the candidate list's loaded page on the cursor, by key: the next page is read
//! from the last row shown, the previous one from the first, `End` reads the last page
//! backwards. No page is read by offset, so each costs the same at row 10 or row 99,990,
//! and the page at the end is a full one.
//!
//! Must not touch the terminal.

use super::app::App;
use super::queries::{self, ListAt};
use super::views::ListView;
use crate::store::Store;

impl App {
    /// Re-reads the count and the page in place (after a change of filter, of data, or of
    /// screen size): from the top when the cursor is there, else from the page's first row.
    pub(crate) fn refresh_list(&mut self) {
        self.demo_offered = queries::demo_allowed(&self.store);
        let page = self.list_page_size();
        let Some(list) = self.view.list_mut() else {
            return;
        };
        if let Err(e) = reread(&self.store, list, page) {
            self.say(format!("Could not read candidates: {e}"));
        }
        self.fill_next();
    }

    /// After a cursor move: reads the page holding the cursor if it is not the one loaded.
    pub(crate) fn follow_cursor(&mut self) {
        let page = self.list_page_size();
        let Some(list) = self.view.list_mut() else {
            return;
        };
        let before = list.offset;
        if let Err(e) = follow(&self.store, list, page) {
            self.say(format!("Could not read candidates: {e}"));
        }
        if self.view.list().is_some_and(|l| l.offset != before) {
            self.fill_next();
        }
    }

    /// The exact count, when the cursor is about to pass the end of a capped one.
    pub(crate) fn count_list_exactly(&mut self) {
        let Some(list) = self.view.list_mut() else {
            return;
        };
        if list.total_exact {
            return;
        }
        match queries::count_candidates(&self.store, &list.query, true) {
            Ok((n, exact)) => (list.total, list.total_exact) = (n, exact),
            Err(e) => self.say(format!("Could not count candidates: {e}")),
        }
    }
}

fn reread(store: &Store, list: &mut ListView, page: usize) -> queries::QResult<()> {
    let top = list.cursor == 0 || list.offset == 0;
    let rows = match list.rows.first() {
        Some(first) if !top => {
            queries::candidate_page(store, &list.query, ListAt::From(first), page)?
        }
        _ => queries::candidate_page(store, &list.query, ListAt::First, page)?,
    };
    (list.total, list.total_exact) = if top && rows.len() < page {
        // The whole list fits on the page: that is the count (a filter few names match
        // would otherwise be tested against every row a second time).
        (rows.len(), true)
    } else {
        queries::count_candidates(store, &list.query, false)?
    };
    if top || rows.len() == page {
        list.offset = if top { 0 } else { list.offset };
        list.rows = rows;
    } else {
        // Rows went (erased, filtered out): the page would end short of the screen.
        last_page(store, list, page)?;
    }
    clamp(list);
    Ok(())
}

fn follow(store: &Store, list: &mut ListView, page: usize) -> queries::QResult<()> {
    let end = list.offset + list.rows.len();
    if (list.offset..end).contains(&list.cursor) {
        return Ok(());
    }
    let q = &list.query;
    if list.cursor == 0 {
        list.rows = queries::candidate_page(store, q, ListAt::First, page)?;
        list.offset = 0;
    } else if list.total_exact && list.cursor + 1 >= list.total {
        last_page(store, list, page)?;
    } else if list.cursor >= end {
        let Some(last) = list.rows.last() else {
            return Ok(());
        };
        let rows = queries::candidate_page(store, q, ListAt::After(last), page)?;
        if rows.len() == page {
            list.offset = end;
            list.rows = rows;
        } else {
            // The end of the list: it holds exactly this many rows. Show a full last page.
            (list.total, list.total_exact) = (end + rows.len(), true);
            last_page(store, list, page)?;
        }
    } else {
        let Some(first) = list.rows.first() else {
            return Ok(());
        };
        let rows = queries::candidate_page(store, q, ListAt::Before(first), page)?;
        if rows.len() == page && list.offset >= page {
            list.offset -= page;
            list.rows = rows;
        } else {
            list.rows = queries::candidate_page(store, q, ListAt::First, page)?;
            list.offset = 0;
        }
    }
    clamp(list);
    Ok(())
}

/// The last `page` rows; needs the exact count for their position.
fn last_page(store: &Store, list: &mut ListView, page: usize) -> queries::QResult<()> {
    if !list.total_exact {
        (list.total, list.total_exact) = queries::count_candidates(store, &list.query, true)?;
    }
    list.rows = queries::candidate_page(store, &list.query, ListAt::Last, page)?;
    list.offset = list.total.saturating_sub(list.rows.len());
    Ok(())
}

/// The cursor on a loaded row (or 0 on an empty list).
fn clamp(list: &mut ListView) {
    let end = list.offset + list.rows.len();
    list.cursor = list
        .cursor
        .clamp(list.offset, end.saturating_sub(1).max(list.offset));
    if list.total_exact {
        list.total = list.total.max(end);
    } else if end > list.total {
        list.total = end;
    }
}
