//! Channel adapters: they translate platform events to [`crate::engine::Inbound`] and render
//! the engine's replies. The terminal and Telegram are here; email and Discord follow.

pub mod telegram;
pub mod terminal;
