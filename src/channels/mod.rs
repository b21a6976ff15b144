//! Channel adapters: they translate platform events to [`crate::engine::Inbound`] and render
//! the engine's replies. The terminal is here; Telegram, email and Discord follow.

pub mod terminal;
