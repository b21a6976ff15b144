//! Channel adapters: they translate platform events to [`crate::engine::Inbound`] and render
//! the engine's replies. The terminal, email and Telegram are here; Discord follows.

pub mod email;
pub mod telegram;
pub mod terminal;
