//! Telegram's flood limits, enforced before each message: per chat (private chats and groups
//! differ) and for the bot as a whole, plus pauses a 429 answer asks for.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::config::Limits;

/// Sliding-window limiter: at most `max` events in any `window`.
#[derive(Debug)]
struct Window {
    max: usize,
    window: Duration,
    sent: VecDeque<Instant>,
}

impl Window {
    fn new(max: u32, window: Duration) -> Window {
        Window {
            max: max as usize,
            window,
            sent: VecDeque::new(),
        }
    }

    /// When the next event may happen (now or later).
    fn ready_at(&mut self, now: Instant) -> Instant {
        while self.sent.front().is_some_and(|t| *t + self.window <= now) {
            self.sent.pop_front();
        }
        if self.sent.len() < self.max {
            now
        } else {
            self.sent[self.sent.len() - self.max] + self.window
        }
    }
}

#[derive(Debug)]
struct Chat {
    window: Window,
    paused_until: Option<Instant>,
}

#[derive(Debug)]
struct State {
    global: Window,
    chats: HashMap<i64, Chat>,
}

/// Shared by everything that sends: the outbox dispatcher and keyboard edits.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    state: Mutex<State>,
}

/// Telegram gives groups, supergroups and channels negative chat ids; users are positive.
fn is_group(chat: i64) -> bool {
    chat < 0
}

impl Limiter {
    pub fn new(limits: Limits) -> Limiter {
        Limiter {
            limits,
            state: Mutex::new(State {
                global: Window::new(limits.global_per_second, Duration::from_secs(1)),
                chats: HashMap::new(),
            }),
        }
    }

    fn chat_window(&self, chat: i64) -> Window {
        let l = &self.limits;
        if is_group(chat) {
            Window::new(l.group_messages, Duration::from_millis(l.group_window_ms))
        } else {
            Window::new(l.chat_messages, Duration::from_millis(l.chat_window_ms))
        }
    }

    /// Takes a slot for one message to `chat` now, or says when the chat (or the bot) may
    /// send again.
    ///
    /// # Errors
    /// The instant a slot frees up; nothing was taken.
    pub fn try_acquire(&self, chat: i64) -> Result<(), Instant> {
        let now = Instant::now();
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.chats.len() > 50_000 {
            // Forget chats that have been quiet for a whole window and are not paused.
            s.chats.retain(|_, c| {
                c.window.ready_at(now);
                !c.window.sent.is_empty() || c.paused_until.is_some_and(|p| p > now)
            });
        }
        let fresh = self.chat_window(chat);
        let State { global, chats } = &mut *s;
        let c = chats.entry(chat).or_insert_with(|| Chat {
            window: fresh,
            paused_until: None,
        });
        let ready = c
            .window
            .ready_at(now)
            .max(global.ready_at(now))
            .max(c.paused_until.unwrap_or(now));
        if ready > now {
            return Err(ready);
        }
        c.paused_until = None;
        c.window.sent.push_back(now);
        global.sent.push_back(now);
        Ok(())
    }

    /// Waits for a slot and takes it.
    pub async fn acquire(&self, chat: i64) {
        while let Err(at) = self.try_acquire(chat) {
            tokio::time::sleep_until(at).await;
        }
    }

    /// Sends nothing to `chat` for `pause` (Telegram answered 429 with `retry_after`).
    pub fn pause(&self, chat: i64, pause: Duration) {
        let until = Instant::now() + pause;
        let fresh = self.chat_window(chat);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let c = s.chats.entry(chat).or_insert_with(|| Chat {
            window: fresh,
            paused_until: None,
        });
        c.paused_until = Some(c.paused_until.map_or(until, |p| p.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            chat_messages: 2,
            chat_window_ms: 1000,
            group_messages: 3,
            group_window_ms: 60_000,
            global_per_second: 4,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_chat_gets_its_burst_then_waits_for_the_window() {
        let l = Limiter::new(limits());
        assert!(l.try_acquire(1).is_ok());
        assert!(l.try_acquire(1).is_ok());
        let at = l.try_acquire(1).unwrap_err();
        assert_eq!(at - Instant::now(), Duration::from_secs(1));
        // Another chat is not held up by the first.
        assert!(l.try_acquire(2).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn the_bot_as_a_whole_is_limited() {
        let l = Limiter::new(limits());
        for chat in 1..=4 {
            assert!(l.try_acquire(chat).is_ok());
        }
        assert!(l.try_acquire(5).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn groups_have_the_per_minute_limit() {
        let l = Limiter::new(limits());
        for _ in 0..3 {
            l.acquire(-100).await;
        }
        let at = l.try_acquire(-100).unwrap_err();
        assert!(at - Instant::now() > Duration::from_secs(50));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_the_chat() {
        let l = Limiter::new(limits());
        l.pause(7, Duration::from_secs(3));
        let at = l.try_acquire(7).unwrap_err();
        assert_eq!(at - Instant::now(), Duration::from_secs(3));
        tokio::time::advance(Duration::from_secs(3)).await;
        assert!(l.try_acquire(7).is_ok());
    }
}
