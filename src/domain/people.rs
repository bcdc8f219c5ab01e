//! Who a person is to the procedure in a centre: assessor, tutor, or both (issue 9's roles).
//! The commands that name a person carry what they are, so the domain, not the screen
//! that offered the person, decides whether they may take that part.

use serde::{Deserialize, Serialize};

use super::error::DomainError;

/// A person of the centre and the parts they hold there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub assessor: bool,
    pub tutor: bool,
}

impl Staff {
    /// Refuses unless the person is one of the centre's assessors.
    pub fn must_assess(&self) -> Result<(), DomainError> {
        if self.assessor {
            return Ok(());
        }
        Err(DomainError::NotInRole {
            name: self.name.clone(),
            role: "assessor",
        })
    }

    /// Refuses unless the person is one of the centre's tutors.
    pub fn must_tutor(&self) -> Result<(), DomainError> {
        if self.tutor {
            return Ok(());
        }
        Err(DomainError::NotInRole {
            name: self.name.clone(),
            role: "tutor",
        })
    }
}
