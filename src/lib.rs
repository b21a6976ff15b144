//! gridchat: a utility's "My Account" by chat and email.
//!
//! Ports and adapters in one crate: [`domain`] holds validated types and business rules,
//! [`engine`] interprets the conversation flows, [`store`] persists through sqlx, and
//! [`channels`] translate platform events to and from the engine's messages.

pub mod app;
pub mod channels;
pub mod config;
pub mod demo;
pub mod domain;
pub mod engine;
pub mod import;
pub mod store;
