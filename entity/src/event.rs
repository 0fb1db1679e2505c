//! The event itself.

use sea_orm::entity::prelude::*;

/// The event whose programme is served.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    /// Stable slug.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Name as published.
    pub name: String,
    /// The official Japanese name, the title of the event's Japanese page; null where no
    /// source gives one.
    pub name_ja: Option<String>,
    /// The dates and times as the Japanese page prints them under its title; null where no
    /// source gives them.
    pub time_line_ja: Option<String>,
    /// Introduction, quoted from the event page.
    pub description: Option<String>,
    /// The page's background paragraphs (climate change and cities, the Cities Mission, the
    /// DLA roadmap), quoted, separated by blank lines.
    pub background: Option<String>,
    /// First day.
    pub start_date: Date,
    /// Last day.
    pub end_date: Date,
    /// IANA names of the zones the programme was published in, comma-separated, in order.
    pub time_zones: String,
    /// Working languages as published.
    pub languages: Option<String>,
    /// Name of the contact point.
    pub contact_name: Option<String>,
    /// Organisation of the contact point.
    pub contact_organisation_id: Option<String>,
    /// Postal address of the contact point.
    pub contact_address: Option<String>,
    /// E-mail of the contact point; null where the page does not show it.
    pub contact_email: Option<String>,
}

/// Relations of [`Model`].
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
