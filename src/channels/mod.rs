//! Channel adapters: they translate platform events to [`crate::engine::Inbound`] and render
//! the engine's replies. The terminal and email are here; Telegram and Discord follow.

pub mod email;
pub mod terminal;
