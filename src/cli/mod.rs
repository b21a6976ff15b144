//! The subcommands that wire a channel or a processor to the service (binary only; the
//! library in `src/lib.rs` does not include this module).

pub mod email;
pub mod payments;
pub mod serve;
