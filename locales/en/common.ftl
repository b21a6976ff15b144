## Words and sentences every flow uses.

choice-yes = Yes
choice-no = No
choice-retry = Try again
choice-cancel = Cancel
choice-more = Show more
choice-done = Done
menu-link = Link my account
menu-balance = Balance and due date
menu-history = Bill history
menu-usage = Usage
menu-help = Help
menu-unlink = Unlink this chat
menu-identities = Linked chats
menu-deposit = Deposit
menu-language = Language

cancelled = OK, I stopped that. Nothing was changed.
nothing-to-cancel = There is nothing to cancel.
anything-else = Anything else I can help with?
not-understood = Sorry, I didn't understand that. Choose one of these, or type /help.
help-in-flow = You can answer the question below, type /cancel to stop, or /language to switch language.
flow-updated = This conversation was updated since you last wrote, so let's start that step again.
private-only = For your privacy I only show account details in a private chat with me.
private-continue = Continue in a private chat
command-start = What I can do for you
command-help = Help and the list of commands
command-cancel = Stop what we are doing
link-required = First, link your { $utility } account to this chat. It takes a minute.
error-generic = Sorry, something went wrong on our side and nothing was changed. Please try again in a moment, or call { $support_phone }.
repair-offer = Would you like to try again, or cancel?

invalid-account-number = That doesn't look like an account number.
invalid-zip = That doesn't look like a ZIP code.
invalid-code = The code is the six digits in the email we sent.
invalid-date = I couldn't read that date.
invalid-money = I couldn't read that amount.
invalid-text = Please type a short answer.
invalid-choice = Please pick one of the options.
invalid-yes-no = Please answer yes or no.
expect-account-number = I need the 10-digit account number printed on your bill, for example 1234567890.
expect-zip = I need the 5-digit billing ZIP code, for example 94110.
expect-code = I need the 6-digit code from the email, for example 123456.
expect-date = I need a date like 2026-11-15 or 11/15/2026.
expect-money = I need an amount like 85.20.
expect-text = I need a few words of text.
expect-choice = I need the number of one of the options.
expect-yes-no = I need a yes or a no.

pick-account = Which account?
no-accounts = There are no accounts under your customer number yet.

channel-terminal = the terminal
channel-telegram = Telegram
channel-email = email
channel-discord = Discord

language-prompt = Which language would you like?
language-name-en = English
language-name-vi = Tiếng Việt
language-set = I'll speak English from now on.

welcome-unlinked = Hi! I'm the { $utility } assistant. I can show your balance and due date, your bill history, your energy usage and your deposit, in English or Vietnamese.
welcome-linked = Welcome back, { $name }!
help-unlinked = To begin, link your account: type /link. You'll need your account number and billing ZIP code, and access to the email on file.
help-linked = You can ask for: /balance, /pay, /history, /usage, /deposit, /autopay, /paperless, /payments (pending), /banks, /activity, /identities (linked chats), /language, /unlink. Type /cancel at any time to stop.
