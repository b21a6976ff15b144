## Linking a chat to a customer.

link-ask-account = What is your account number? It's on the top right of your bill.
link-ask-zip = And the ZIP code of your billing address?
link-mismatch = That account number and ZIP code don't match our records. { $attempts_left ->
    [one] You have 1 more try before linking is paused for 15 minutes.
   *[other] You have { $attempts_left } more tries before linking is paused for 15 minutes.
}
link-locked = Too many attempts. For your security, linking is paused until { $until }. Please try again then.
link-large-business = Large business accounts are enrolled through your account representative. Please contact them, or call { $support_phone }.
link-no-email = We don't have an email address on file for this account, so I can't send a code. Please call { $support_phone } to add one.
link-ask-code = I sent a 6-digit code to { $email_masked }. Please type it here. It is valid for 24 hours.
link-code-wrong = That code isn't right. { $attempts_left ->
    [one] You have 1 more try.
   *[other] You have { $attempts_left } more tries.
}
link-code-expired = That code has expired or was already used. Type /link to get a new one.
link-done = Done! This chat is linked to { $customer_name } ({ $account_count ->
    [one] 1 account
   *[other] { $account_count } accounts
}).
link-already = This chat is already linked to { $customer_name }. To link a different account, type /unlink first.

link-code-subject = Your { $utility } verification code
link-code-body =
    Hello { $name },

    Your code to link a chat to your { $utility } account is: { $code }

    It is valid for 24 hours and works once. If you did not ask for it, ignore this email; nothing changes without the code.

    { $utility }
link-notice-subject = A chat was linked to your { $utility } account
link-notice-body =
    Hello { $name },

    On { $date }, { $channel } ({ $who }) was linked to your { $utility } account.

    If this was not you, call { $support_phone } right away, or type /identities in any linked chat to remove it.

    { $utility }
link-notice-chat = Security notice: on { $date }, { $channel } ({ $who }) was linked to your account. If this was not you, type /identities to remove it, or call { $support_phone }.

unlink-confirm = Unlink this chat from your account? You can link it again at any time.
unlink-done = This chat is no longer linked to your account.
unlink-kept = OK, this chat stays linked.

identity-line = { $channel } { $who }, linked { $date }
identity-this = (this chat)
identities-only-this = This chat is the only one linked to your account.
identities-pick = Which one would you like to remove?
identities-confirm-remove = Remove it? It will no longer see your account.
identities-removed = Removed.
identities-not-found = That link no longer exists.
identities-kept = OK, nothing was removed.
