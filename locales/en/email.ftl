## The email channel: reply commands, guarded actions, notices.

menu-unsubscribe = Stop notices
unsubscribe-notices-done = Done: we won't send notices (such as "your bill is ready") to this address any more. Replies to your own messages still come.

email-help-linked = Reply to this email with one of these words:
    BALANCE: your balance and due date
    PAY [amount]: pay your bill
    HISTORY: your bills and payments
    USAGE: your energy use (with a spreadsheet)
    AUTOPAY ON or AUTOPAY OFF
    PAPERLESS ON or PAPERLESS OFF
    STOP: no more notices
    HELP: this list
email-help-unlinked = To see your { $utility } account by email, first link this address: reply with LINK, your account number and your billing ZIP code, for example:
    LINK 1234567890 94110
    We will send a code to the email on file; reply with it to finish. After that you can reply BALANCE, PAY, HISTORY, USAGE, AUTOPAY ON or OFF, PAPERLESS ON or OFF, STOP or HELP.

guarded-needs-token = For your security, this can only be done by replying to an email we sent to the address on file. Reply to this email with the same command.
guarded-confirm-hint = To go ahead, reply YES to this email. Nothing happens until you do.
guarded-confirm-by-reply = For your security, please confirm by replying YES to the confirmation email itself.

email-subject = Your { $utility } account
email-reply-footer = Reply HELP for the list of commands. { $utility } · { $support_phone }
email-notice-footer = You get this email because your { $utility } account is set up for paperless billing. Reply STOP to get no more notices.

bill-ready-subject = Your { $utility } bill is ready: { $amount } due { $due_date }
bill-ready-body = Hello { $name },

    Your bill for account { $account } is ready: { $amount }, due { $due_date }.

    Reply BALANCE for details, HISTORY for past bills, USAGE for your energy use, or PAY to pay it.
bill-ready-pay-saved = Reply PAY to pay { $amount } from { $bank }.

undeliverable-notice = We could not deliver email to { $email } several times, so we stopped sending email there. Please check the address with { $utility } at { $support_phone }.
