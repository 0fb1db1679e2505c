//! EU-Japan city pairings, as the load derived and stored them (`city_pairing` and
//! `city_pairing_session`): each pair of one EU and one Japanese local government that were
//! both represented by a speaker in the same session, read with the programme into memory
//! (`store::programme`), where GraphQL answers and the documents read them.

/// One pairing, with the sessions (in programme order) where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The pairing's stable slug.
    pub id: String,
    /// The EU local government's id.
    pub eu_city: String,
    /// The Japanese local government's id.
    pub japan_city: String,
    /// Sessions in which both were represented, as (session id, theme id).
    pub sessions: Vec<(String, Option<String>)>,
}

impl Pairing {
    /// Ids of the sessions, in programme order.
    pub fn session_ids(&self) -> Vec<String> {
        self.sessions.iter().map(|(id, _)| id.clone()).collect()
    }

    /// Distinct themes of the sessions, in order of first appearance.
    pub fn theme_ids(&self) -> Vec<String> {
        let mut themes: Vec<String> = Vec::new();
        for theme in self.sessions.iter().filter_map(|(_, theme)| theme.as_ref()) {
            if !themes.contains(theme) {
                themes.push(theme.clone());
            }
        }
        themes
    }
}
