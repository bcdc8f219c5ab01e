//! Centres, people and their roles at a centre (DOMAIN.md D2).

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{
    CentreRecord, PersonRecord, Result, Role, Store, StoreError, get_ts, new_id, require, ts,
};

impl Store {
    pub fn create_centre(&mut self, name: &str, actor: &str, now: DateTime<Utc>) -> Result<String> {
        let tx = self.conn.transaction()?;
        let id = new_id();
        tx.execute(
            "INSERT INTO centres (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, ts(now)],
        )?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "centre",
                entity_id: &id,
                action: "create",
                old: None,
                new: Some(json!({ "name": name })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn list_centres(&self) -> Result<Vec<CentreRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, created_at FROM centres ORDER BY name, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(CentreRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: get_ts(r, 2, "centres.created_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn create_person(
        &mut self,
        name: &str,
        email: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        let id = new_id();
        tx.execute(
            "INSERT INTO people (id, name, email, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, name, email, ts(now)],
        )?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "person",
                entity_id: &id,
                action: "create",
                old: None,
                new: Some(json!({ "name": name, "email": email })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn get_person(&self, id: &str) -> Result<PersonRecord> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, email, created_at FROM people WHERE id = ?1")?;
        let mut rows = stmt.query_map([id], person_from_row)?;
        match rows.next() {
            Some(r) => Ok(r?),
            None => Err(StoreError::NotFound {
                entity: "person",
                id: id.to_string(),
            }),
        }
    }

    /// Gives `person_id` a role at `centre_id`; giving a role twice is a no-op.
    pub fn add_role(
        &mut self,
        person_id: &str,
        centre_id: &str,
        role: Role,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        require(&tx, "people", "person", person_id)?;
        require(&tx, "centres", "centre", centre_id)?;
        let added = tx.execute(
            "INSERT INTO person_roles (id, person_id, centre_id, role) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(person_id, centre_id, role) DO NOTHING",
            params![new_id(), person_id, centre_id, role.code()],
        )?;
        if added > 0 {
            write_audit(
                &tx,
                Audit {
                    actor,
                    at: now,
                    entity: "person",
                    entity_id: person_id,
                    action: "add_role",
                    old: None,
                    new: Some(json!({ "centre_id": centre_id, "role": role.code() })),
                    reason: None,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The people holding `role` at `centre_id`, by name.
    pub fn people_with_role(&self, centre_id: &str, role: Role) -> Result<Vec<PersonRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.email, p.created_at FROM people p
             JOIN person_roles r ON r.person_id = p.id
             WHERE r.centre_id = ?1 AND r.role = ?2 ORDER BY p.name, p.id",
        )?;
        let rows = stmt.query_map([centre_id, role.code()], person_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone who holds `role` at some centre, with the first such centre, by name: the
    /// people a user can say they are (`--as`, the first-run picker).
    pub fn people_with_centre(&self, role: Role) -> Result<Vec<(PersonRecord, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.email, p.created_at, min(r.centre_id) FROM people p
             JOIN person_roles r ON r.person_id = p.id AND r.role = ?1
             GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id",
        )?;
        let rows = stmt.query_map([role.code()], |r| Ok((person_from_row(r)?, r.get(4)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The roles `person_id` holds at `centre_id`.
    pub fn roles_of(&self, person_id: &str, centre_id: &str) -> Result<Vec<Role>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT role FROM person_roles WHERE person_id = ?1 AND centre_id = ?2 ORDER BY role",
        )?;
        let rows = stmt.query_map([person_id, centre_id], |r| {
            super::get_code(r, 0, "person_roles.role", Role::from_code)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn person_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRecord> {
    Ok(PersonRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        created_at: get_ts(r, 3, "people.created_at")?,
    })
}
