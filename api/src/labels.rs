//! The project's own UI labels for vocabularies the event page does not name. They are
//! editorial, written for this API's clients (English and Japanese, the event's two
//! languages), and say so wherever they are served: the page titles its slots ("Opening
//! remarks", "Panel 1: ...") but never calls them kinds.

use entity::SessionKind;

/// A label in the two languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// English.
    pub en: &'static str,
    /// Japanese.
    pub ja: &'static str,
}

/// The label of a session kind.
pub fn session_kind(kind: SessionKind) -> Label {
    let (en, ja) = match kind {
        SessionKind::Opening => ("Opening", "開会"),
        SessionKind::SceneSetting => ("Scene setting", "導入"),
        SessionKind::Panel => ("Panel", "パネル"),
        SessionKind::TopicPresentation => ("Topic presentation", "トピック発表"),
        SessionKind::Break => ("Break", "休憩"),
        SessionKind::Summary => ("Summary", "まとめ"),
        SessionKind::Closing => ("Closing", "閉会"),
    };
    Label { en, ja }
}
